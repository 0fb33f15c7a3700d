"""The platforms young people's material is shared on, and how to ask each to take it down.

A takedown request names a platform as a professional writes it ("Instagram",
"insta", "IG"); its outcome must find the same request however it is written later,
so a name is matched to one canonical platform. A platform not in the directory is
allowed: it is kept by the name given. Red Barnet's SletDet is not a platform but a
referral (Behandl: help those concerned), and is not listed here.

Hash-based reports let a victim have copies found and removed without anyone being
sent the material: the image's fingerprint is made on the victim's own device.
StopNCII.org (SWGfL and Meta) takes images of people who were 18 or older when they
were taken, and shares the fingerprints with its industry partners; Take It Down
(NCMEC, takeitdown.ncmec.org) takes images of people under 18 — or of adults, taken
when they were under 18 — and serves the platforms that joined it. A platform is marked
only where its membership is published: StopNCII's industry partners as SWGfL listed
them in March 2024 (Facebook, Instagram, TikTok, Reddit, OnlyFans, Aylo/Pornhub,
Threads, Snap Inc.), and the platforms that joined Take It Down at its launch in
February 2023 (Facebook, Instagram, OnlyFans, Pornhub). Encrypted messengers (Messenger,
WhatsApp, Telegram's secret chats) cannot match fingerprints in private chats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class HashList(StrEnum):
    """A service that passes fingerprints of intimate images on to the platforms."""

    STOPNCII = "stopncii"
    """StopNCII.org: the person was 18 or older in the image."""
    TAKE_IT_DOWN = "take_it_down"
    """Take It Down (NCMEC): the person was under 18 in the image."""


HASH_LIST_URLS = {
    HashList.STOPNCII: "https://stopncii.org",
    HashList.TAKE_IT_DOWN: "https://takeitdown.ncmec.org",
}


@dataclass(frozen=True)
class ReportRoute:
    """How to ask the platform itself to remove material, in Danish and English."""

    da: str
    en: str
    url: str | None
    """The platform's own help or report page; None where only the route in words is sure."""


@dataclass(frozen=True)
class Platform:
    name: str
    """The canonical name ("Snapchat"), or the name as given for a platform not listed."""
    report: ReportRoute | None = None
    """None for a platform not in the directory."""
    hash_lists: frozenset[HashList] = field(default_factory=frozenset)

    @property
    def listed(self) -> bool:
        return self.report is not None


def _platform(name: str, da: str, en: str, url: str | None, *hash_lists: HashList) -> Platform:
    return Platform(name, ReportRoute(da, en, url), frozenset(hash_lists))


_IN_APP_DA = "Tryk og hold på indholdet eller profilen, og vælg 'Rapportér'."
_IN_APP_EN = "Press and hold the content or profile and choose 'Report'."

SNAPCHAT = _platform(
    "Snapchat",
    f"{_IN_APP_DA} Uden for appen: Snapchat Support, 'Rapportér et sikkerhedsproblem'.",
    f"{_IN_APP_EN} Outside the app: Snapchat Support, 'Report a safety concern'.",
    "https://values.snap.com/safety/safety-reporting",
    HashList.STOPNCII,
)
INSTAGRAM = _platform(
    "Instagram",
    "Vælg ••• ved opslaget, historien eller profilen og 'Rapportér'; "
    "Instagrams Hjælpecenter har formularer til privat indhold.",
    "Choose ••• on the post, story or profile and 'Report'; "
    "the Instagram Help Centre has forms for private content.",
    "https://help.instagram.com",
    HashList.STOPNCII,
    HashList.TAKE_IT_DOWN,
)
FACEBOOK = _platform(
    "Facebook",
    "Vælg ••• ved opslaget eller profilen og 'Rapportér'; se Facebooks Hjælpecenter.",
    "Choose ••• on the post or profile and 'Report'; see the Facebook Help Centre.",
    "https://www.facebook.com/help",
    HashList.STOPNCII,
    HashList.TAKE_IT_DOWN,
)
MESSENGER = _platform(
    "Messenger",
    "Tryk og hold på beskeden, og vælg 'Rapportér'.",
    "Press and hold the message and choose 'Report'.",
    "https://www.facebook.com/help/messenger-app",
)
THREADS = _platform(
    "Threads",
    "Vælg ••• ved tråden eller profilen og 'Rapportér'.",
    "Choose ••• on the thread or profile and 'Report'.",
    None,
    HashList.STOPNCII,
)
TIKTOK = _platform(
    "TikTok",
    "Tryk og hold på videoen, eller tryk på 'Del', og vælg 'Rapportér'.",
    "Press and hold the video, or tap 'Share', and choose 'Report'.",
    "https://support.tiktok.com",
    HashList.STOPNCII,
)
YOUTUBE = _platform(
    "YouTube",
    "Vælg ••• ved videoen eller kanalen og 'Rapportér'; YouTubes hjælp beskriver "
    "anmodning om fjernelse af privat indhold.",
    "Choose ••• on the video or channel and 'Report'; YouTube Help describes "
    "requests to remove private content.",
    "https://support.google.com/youtube/answer/2802027",
)
X = _platform(
    "X",
    "Vælg ••• ved opslaget eller profilen og 'Rapportér'; X's Hjælpecenter har "
    "formularer til privat og intimt indhold.",
    "Choose ••• on the post or profile and 'Report'; the X Help Center has forms "
    "for private and intimate media.",
    "https://help.x.com",
)
DISCORD = _platform(
    "Discord",
    "Højreklik eller tryk og hold på beskeden, og vælg 'Rapportér besked'; "
    "Discords Trust & Safety tager imod anmeldelser via supportsiden.",
    "Right-click or press and hold the message and choose 'Report Message'; "
    "Discord's Trust & Safety takes reports through the support site.",
    "https://support.discord.com",
)
TELEGRAM = _platform(
    "Telegram",
    "Tryk og hold på beskeden, og vælg 'Rapportér'; Telegrams FAQ beskriver, hvordan "
    "ulovligt indhold fjernes.",
    "Press and hold the message and choose 'Report'; Telegram's FAQ describes how "
    "illegal content is taken down.",
    "https://telegram.org/faq",
)
WHATSAPP = _platform(
    "WhatsApp",
    "Åbn chatten, tryk på kontaktens eller gruppens navn, og vælg 'Rapportér'; "
    "rapporten sender chattens seneste beskeder til WhatsApp.",
    "Open the chat, tap the contact's or group's name and choose 'Report'; "
    "the report sends WhatsApp the chat's latest messages.",
    "https://faq.whatsapp.com",
)
REDDIT = _platform(
    "Reddit",
    "Vælg 'Rapportér' ved opslaget eller kommentaren, eller brug Reddits anmeldelsesformular.",
    "Choose 'Report' on the post or comment, or use Reddit's report form.",
    "https://www.reddit.com/report",
    HashList.STOPNCII,
)
ONLYFANS = _platform(
    "OnlyFans",
    "Vælg 'Rapportér' ved opslaget, beskeden eller profilen.",
    "Choose 'Report' on the post, message or profile.",
    "https://blog.onlyfans.com/reporting-on-onlyfans/",
    HashList.STOPNCII,
    HashList.TAKE_IT_DOWN,
)
PORNHUB = _platform(
    "Pornhub",
    "Udfyld formularen til fjernelse af indhold (Content Removal Request), "
    "eller vælg 'Report' under videoen.",
    "Fill in the Content Removal Request form, or choose 'Report' below the video.",
    "https://www.pornhub.com/content-removal",
    HashList.STOPNCII,
    HashList.TAKE_IT_DOWN,
)

PLATFORMS: tuple[Platform, ...] = (
    SNAPCHAT,
    INSTAGRAM,
    FACEBOOK,
    MESSENGER,
    THREADS,
    TIKTOK,
    YOUTUBE,
    X,
    DISCORD,
    TELEGRAM,
    WHATSAPP,
    REDDIT,
    ONLYFANS,
    PORNHUB,
)

_ALIASES = {
    "snap": SNAPCHAT,
    "insta": INSTAGRAM,
    "ig": INSTAGRAM,
    "fb": FACEBOOK,
    "facebookmessenger": MESSENGER,
    "fbmessenger": MESSENGER,
    "twitter": X,
    "x/twitter": X,
    "twitter/x": X,
    "x(twitter)": X,
    "x(formerlytwitter)": X,
    "x.com": X,
    "yt": YOUTUBE,
}


def _key(name: str) -> str:
    return "".join(name.casefold().split())


_BY_KEY = {_key(p.name): p for p in PLATFORMS} | _ALIASES


def platform_named(name: str) -> Platform:
    """The platform a name means, case and spaces aside ("snap", "IG", "Tik Tok").

    A name not in the directory is a platform too, kept as given but stripped:
    ``platform_named(name).name`` is the name to store and to compare requests by.
    """
    return _BY_KEY.get(_key(name)) or Platform(name.strip())
