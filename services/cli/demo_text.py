"""What ``samspil demo`` prints: each agency's view as a Danish professional reads it.

The functions take the JSON the HTTP APIs answer and return lines of text: the school's
case with its checklist grouped by the five steps of the action card and its
chronology, SSP's overview entry and the police liaison's inbox entry. Labels come from
the API (``label_da``) where it gives them; codes it does not label are looked up in the
tables below, and anything new falls back to something readable instead of failing,
since the checklist and the case view grow.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.actors import Role
from domain.errors import danish_phrase
from domain.geography import PoliceDistrict
from domain.references import case_reference
from domain.vocabulary.events import EVENTS_DA

Json = Mapping[str, Any]

STEPS_DA = {
    "vurder": "Vurder krænkelsen",
    "dokumenter": "Dokumenter krænkelsen",
    "stop": "Stop krænkelsen",
    "anmeld": "Anmeld krænkelsen",
    "behandl": "Behandl krænkelsen",
}
"""The five steps of the action card, in order."""

@dataclass(frozen=True)
class StatusShown:
    mark: str
    words: str


STATUS_DA = {
    "done": StatusShown("✓", "udført"),
    "due": StatusShown("!", "skal gøres nu"),
    "recommended": StatusShown("·", "anbefales"),
    "waiting": StatusShown("…", "venter på svar"),
    "deferred": StatusShown("…", "udskudt"),
    "blocked": StatusShown("×", "kan ikke gøres endnu"),
}
"""A checklist status as a mark and in words; a status not listed is shown as it is."""

OFFENCES_DA = {
    "unwanted_sexual_approach": "grænseoverskridende seksuelle henvendelser",
    "grooming": "grooming",
    "recording_without_consent": "optagelse uden samtykke",
    "sharing_without_consent": "billed- eller videodeling uden samtykke",
    "sextortion": "afpresning med intimt materiale",
    "self_exposure_under_pressure": "selveksponering under pres",
    "manipulated_images": "manipulerede billeder og deepfakes",
    "defamation": "ærekrænkelse",
    "fake_profile": "falsk profil eller identitetstyveri",
    "hacking": "hacking",
}
TRACKS_DA = {
    "police_case": "politisag",
    "underretning": "underretning",
    "pedagogical": "pædagogisk håndtering",
}
CONTEXTS_DA = {
    "A": "A: taget eller delt i en uskyldig sammenhæng",
    "B": "B: trusler, afpresning, seksuelle krænkelser eller hævnmotiv",
}
TAKEDOWNS_DA = {
    None: "afventer svar",
    "pending": "afventer svar",
    "removed": "fjernet",
    "refused": "afvist",
}

try:
    _LOCAL: ZoneInfo | None = ZoneInfo("Europe/Copenhagen")
except ZoneInfoNotFoundError:  # no time zone data: say the time in UTC
    _LOCAL = None


def short_reference(case_id: str) -> str:
    """The case as professionals refer to it, the same in every console."""
    return case_reference(UUID(case_id))


def when(moment: str | None) -> str:
    """A time from the API as a Dane writes it: "14.03.2026 kl. 09.15"."""
    if not moment:
        return "–"
    parsed = datetime.fromisoformat(moment)
    if _LOCAL is not None and parsed.tzinfo is not None:
        return f"{parsed.astimezone(_LOCAL):%d.%m.%Y kl. %H.%M}"
    return f"{parsed:%d.%m.%Y kl. %H.%M} (UTC)"


def day(iso: str) -> str:
    """A calendar day as a Dane writes it: "14.03.2026"."""
    return f"{date.fromisoformat(iso):%d.%m.%Y}"


def municipality(name: str) -> str:
    return name if name.casefold().endswith("kommune") else f"{name} Kommune"


def role_da(role: str) -> str:
    return Role(role).label_da if role in {r.value for r in Role} else role


def who(actor: Json | None) -> str:
    """A person with their role and organisation: "hanne (ledelse, Hjørring Gymnasium)"."""
    if not actor:
        return "Samspil"
    organisation = actor["organisation"]
    if actor["role"] == Role.POLITI:
        organisation = district_da(organisation)
    return f"{actor['person_id']} ({role_da(actor['role'])}, {organisation})"


def district_da(code: str) -> str:
    known = {d.value: d for d in PoliceDistrict}
    return known[code].danish_name if code in known else code


def _minor(victim_is_minor: bool) -> str:
    return "under 18 år" if victim_is_minor else "fyldt 18 år"


def _assessment(item: Json) -> str:
    if item.get("level") is None:
        return "Ikke vurderet endnu"
    parts = [f"Niveau {item['level']} i håndteringsmodellen"]
    if item.get("context"):
        parts.append(f"kontekst {CONTEXTS_DA.get(item['context'], item['context'])}")
    if item.get("track"):
        parts.append(f"spor: {TRACKS_DA.get(item['track'], item['track'])}")
    return " · ".join(parts)


def current_step(case: Json) -> str:
    """The step of the action card the case is in: the first with something not done."""
    step: str | None = case.get("step")
    if step:
        return STEPS_DA.get(step, step)
    for step in _steps_in_order(case.get("checklist", [])):
        if any(i["status"] != "done" for i in case["checklist"] if i["step"] == step):
            return STEPS_DA.get(step, step)
    return "Alle trin er gennemført"


def _steps_in_order(items: list[Json]) -> list[str]:
    named = {i["step"] for i in items}
    return [s for s in STEPS_DA if s in named] + sorted(named - set(STEPS_DA))


def _takedowns(case: Json) -> list[str]:
    takedowns = case.get("takedowns") or []
    if isinstance(takedowns, Mapping):  # platform → outcome
        pairs = list(takedowns.items())
    else:
        pairs = [(t["platform"], t.get("outcome")) for t in takedowns]
    return [f"{name} ({TAKEDOWNS_DA.get(outcome, str(outcome))})" for name, outcome in pairs]


def _police(case: Json) -> str:
    notifications = case.get("police_notifications") or []
    if not notifications:
        return "ikke orienteret"
    acknowledged = [n for n in notifications if n.get("acknowledged")]
    if len(acknowledged) == len(notifications):
        by = acknowledged[-1].get("acknowledged_by")
        return f"orienteret, og {who(by)} har kvitteret"
    return "orienteret; politiet har ikke kvitteret endnu"


def school_case(case: Json) -> list[str]:
    """The school's case: where it is, what has been done, what the card asks next."""
    lines = [
        f"{case['institution']} ({municipality(case['municipality'])}, "
        f"{district_da(case['police_district'])}) · {short_reference(case['case_id'])}",
        f"Krænkelse: {OFFENCES_DA.get(case['offence_category'], case['offence_category'])}"
        f" · den krænkede er {_minor(case['victim_is_minor'])}",
        f"Oprettet {when(case['reported_at'])} af {who(case['reported_by'])}",
        _assessment(case),
        f"Trin på actioncardet: {current_step(case)}",
        f"Forældrene: {_parents(case)}",
        f"Politiet: {_police(case)}",
    ]
    waiting = case.get("waiting_for_police")
    if waiting:
        lines.append(f"Venter på politiet: {danish_phrase(waiting) or waiting}")
    takedowns = _takedowns(case)
    if takedowns:
        lines.append(f"Bedt om at fjerne materialet: {', '.join(takedowns)}")
    linked = case.get("linked_incident")
    if linked:
        lines.append(
            f"SSP har fundet samme materiale på {linked['schools']} skoler i "
            f"{linked['municipalities']} kommuner"
        )
    if case.get("closed"):
        lines.append(f"Sagen er afsluttet ({case.get('outcome') or 'uden udfald'})")
    return lines


def _parents(case: Json) -> str:
    if case.get("parents_informed"):
        return "informeret"
    if not case.get("victim_is_minor"):
        return "den krænkede er myndig og vælger selv, hvem der inddrages"
    because = case.get("parents_not_yet_informed_because")
    if because:
        return f"ikke informeret endnu (værdispringsreglen: {because})"
    return "ikke informeret endnu"


def _why(item: Json) -> str | None:
    why = item.get("why_da") or item.get("why")
    if isinstance(why, Mapping):
        why = why.get("da") or why.get("en")
    return str(why) if why else None


def checklist(items: list[Json], *, open_only: bool = False) -> list[str]:
    """The checklist grouped by the five steps; each item with its status, who is
    responsible and why it waits. ``open_only`` leaves out what is done."""
    lines: list[str] = []
    for step in _steps_in_order(items):
        shown = [
            i for i in items if i["step"] == step and not (open_only and i["status"] == "done")
        ]
        if shown:
            lines.append(STEPS_DA.get(step, step))
            lines += [f"  {line}" for item in shown for line in _item(item)]
    return lines or ["Intet står åbent."]


def _item(item: Json) -> Iterator[str]:
    shown = STATUS_DA.get(item["status"]) or StatusShown("·", item["status"].replace("_", " "))
    yield f"{shown.mark} {item['label_da']}"
    details = [shown.words, f"ansvarlig: {role_da(item['responsible'])}"]
    done = item.get("done")
    if item["status"] == "done" and isinstance(done, Mapping):
        details.append(f"{when(done.get('at'))} af {who(done.get('by'))}")
    if item.get("until"):
        details.append(f"til {day(item['until'])}")
    yield "    " + " · ".join(details)
    why = _why(item)
    if why:
        yield f"    {why}"


def chronology(history: list[Json]) -> list[str]:
    """Who did what, when, oldest first."""
    lines = []
    for entry in history:
        if entry.get("erased"):
            lines.append(f"{entry['event']}: slettet")
            continue
        lines.append(f"{when(entry.get('at'))}  {who(entry.get('actor'))} {_deed(entry)}")
    return lines


def _deed(entry: Json) -> str:
    event, details = entry["event"], entry.get("details") or {}
    if event == "Assessed" and details.get("level"):
        return f"vurderede sagen til niveau {details['level']}"
    if event == "TakedownRequested" and details.get("platform"):
        return f"bad {details['platform']} om at fjerne materialet"
    return EVENTS_DA.get(event, f"registrerede {event}")


def ssp_entry(entry: Json) -> list[str]:
    """What SSP's overview shows of a school's case: for coordination, never the text."""
    deferred = "ja" if entry.get("parents_involvement_deferred") else "nej"
    cooperation = ", ".join(entry.get("cooperation_with") or []) or "ingen"
    takedowns = ", ".join(entry.get("takedowns_requested") or []) or "ingen"
    return [
        f"{entry['institution']} ({district_da(entry['police_district'])}) · "
        f"{short_reference(entry['case_id'])}",
        f"Krænkelse: {OFFENCES_DA.get(entry['offence_category'], entry['offence_category'])}"
        f" · den krænkede er {_minor(entry['victim_is_minor'])}",
        f"Oprettet {when(entry['reported_at'])} af {who(entry['reported_by'])}",
        _assessment(entry),
        f"Forældrene informeret: {when(entry.get('parents_informed_at'))}",
        f"Værdispringsreglen brugt: {deferred}",
        f"Politiet orienteret: {when(entry.get('police_notified_at'))}",
        f"Bedt om at fjerne materialet hos: {takedowns}",
        f"Samarbejde med: {cooperation}",
        "Sagen er afsluttet" if entry.get("closed") else "Sagen er åben",
    ]


EVIDENCE_DA = {
    None: "ikke besluttet endnu",
    "hold": "materialet sikres som bevis",
    "release": "materialet er frigivet til sletning",
}


def police_entry(item: Json) -> list[str]:
    """What the police liaison's inbox shows of a notification."""
    acknowledged = item.get("acknowledged_by")
    decision = item.get("evidence_decision")
    return [
        f"Orientering fra {item['institution']} ({municipality(item['municipality'])}) · "
        f"{short_reference(item['case_id'])}",
        f"Krænkelse: {OFFENCES_DA.get(item['offence_category'], item['offence_category'])}"
        f" · den krænkede er {_minor(item['victim_is_minor'])}",
        f"Skolens beskrivelse: {item['case_description']}",
        f"Orienteret {when(item['notified_at'])} af {who(item['notified_by'])}",
        f"Modtaget {when(item['received_at'])}",
        f"Kvitteret: {who(acknowledged) if acknowledged else 'ikke endnu'}",
        f"Bevissikring: {EVIDENCE_DA.get(decision, str(decision))}",
    ]
