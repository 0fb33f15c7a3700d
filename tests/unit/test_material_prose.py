"""The guard never refuses real prose: every sentence of the Danish seeds, and the notes
professionals write, with dates, phone numbers, statutes, ids, links and fingerprints."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from domain.material import examine, find_file_content

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def _seed_texts() -> list[tuple[str, str]]:
    texts = sorted(SEEDS.glob("*.txt"))
    assert texts, f"no seeds in {SEEDS}: the calibration needs them"
    return [(path.name, path.read_text(encoding="utf-8")) for path in texts]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_every_sentence_and_paragraph_of_the_seeds_passes_as_a_description() -> None:
    checked = 0
    for name, text in _seed_texts():
        for piece in [*_sentences(text), *_paragraphs(text)]:
            assert find_file_content({"description": piece}) is None, f"{name}: {piece[:120]!r}"
            checked += 1
    assert checked > 1000


def test_each_seed_passes_whole() -> None:
    for name, text in _seed_texts():
        assert examine(text) is None, name


FINGERPRINT = random.Random(7).randbytes(32).hex()
NOTES = [
    "Ring 116 111 / 114 / Sikkerchat 70 20 80 30",
    "Mødet 12.03.2026 kl. 14:30-15:45 med eleverne fra 8.b, 9.a og deres kontaktlærere.",
    "Datatilsynet j.nr. 2026-31-1234; politiets journalnr. 0100-84512-00213-26.",
    "Vurderet efter §264d, §232, §235 og Forvaltningsloven §28 (værdispringsreglen).",
    "SSP, CPR, PDQ og MD5 blev forklaret for forældrene; CPR-nummeret gemmes ikke.",
    "Kontakt: anna.hansen@frederiksberg.dk eller ssp-politi@politi.dk, tlf. 22 33 44 55.",
    "Billedet ligger på https://www.instagram.com/p/CxYz123AbC/ og videoen på "
    "https://www.tiktok.com/@user/video/7234567890123456789 (begge anmeldt).",
    f"Fingerprint {FINGERPRINT} registreret 14.03.2026 kl. 09:15 af ressourcepersonen.",
    f"PDQ: {FINGERPRINT}",
    FINGERPRINT,
    "MD5 9e107d9d372bb6826bd81d3542a419d6 (videoen fra gruppechatten)",
    f"SHA-256: {FINGERPRINT}\nMD5: 9e107d9d372bb6826bd81d3542a419d6",
    "Profilerne @kenny_dk_2008 og Sofie.K_14 delte billedet videre i gruppen.",
    "Google Drive-link: https://drive.google.com/file/d/1Zx8Qw_3LmNoP4rStUvWxYz012345Ab/view",
    "https://www.facebook.com/groups/123456789012345/permalink/987654321098765/",
    "Videoerne: https://youtu.be/dQw4w9WgXcQ https://youtu.be/aB3kL9pQz2X "
    "https://youtu.be/Zr7mN1vBq8T https://youtu.be/Q9x-2LmW_4a https://youtu.be/k7PqR2sT0vY",
    "Mapperne https://drive.google.com/file/d/1Zx8Qw_3LmNoP4rStUvWxYz012345Ab/view og "
    "https://drive.google.com/file/d/1aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV/view?usp=sharing",
    "Red Barnet, Medierådet, Center for Digital Pædagogik og SSP-Samrådets Fagudvalg.",
    "THE SCHOOL MUST NOT KEEP ANY COPY OF THE IMAGES OR VIDEOS AND MUST NOT FORWARD THEM.",
    "Navn: ______________________  Dato: ____________  Underskrift: ________________",
    "Indhold ........................................................ side 3",
    "Eleven (14) fortæller, at billedet blev delt i en Snapchat-gruppe med ca. 40 medlemmer "
    "fra 7.a, 7.b og 8.c den 3. marts omkring kl. 21. Forældrene er orienteret kl. 08:10.",
]


@pytest.mark.parametrize("note", NOTES)
def test_realistic_professional_notes_pass(note: str) -> None:
    assert examine(note) is None


def test_notes_with_fresh_ids_and_fingerprints_pass() -> None:
    """Ids and hashes are random by nature; none of these is long enough to be data."""
    rng = random.Random(11)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    for _ in range(200):
        post = "".join(rng.choice(alphabet) for _ in range(11))
        video = rng.randint(10**18, 10**19)
        note = (
            f"Fingerprint {rng.randbytes(32).hex()} og MD5 {rng.randbytes(16).hex()} "
            f"registreret. Opslaget: https://www.instagram.com/p/{post}/ "
            f"og https://www.tiktok.com/@elev{rng.randint(1, 99)}/video/{video}"
        )
        assert examine(note) is None, note
