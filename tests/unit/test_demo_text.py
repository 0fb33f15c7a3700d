"""``samspil demo`` prints each agency's view as a Danish professional reads it."""

from __future__ import annotations

from typing import Any

from services.cli import demo_text

CASE_ID = "3f2a9c1e-5b7d-4c1a-9e2f-0a1b2c3d4e5f"
HANNE = {
    "person_id": "skoleleder-hanne",
    "role": "ledelse",
    "organisation": "Hjørring Gymnasium og HF",
}
JENS = {"person_id": "forebyggelsesbetjent-jens", "role": "politi", "organisation": "nordjylland"}


def _item(key: str, step: str, label_da: str, status: str, **more: Any) -> dict[str, Any]:
    return {
        "key": key,
        "step": step,
        "label_da": label_da,
        "label_en": f"({key} in English)",
        "responsible": more.pop("responsible", "ledelse"),
        "status": status,
        "why": more.pop("why", None),
        "why_da": more.pop("why_da", None),
        "done": more.pop("done", None),
        "since": None,
        "until": more.pop("until", None),
    }


CHECKLIST = [
    _item(
        "uncover",
        "vurder",
        "Afdæk: hvem, hvad, hvor",
        "done",
        responsible="ressourceperson",
        done={"by": HANNE, "at": "2026-03-14T08:15:00Z"},
    ),
    _item(
        "involve_parents",
        "vurder",
        "Involver forældrene hurtigst muligt",
        "deferred",
        until="2026-03-20",
        why_da="Udskudt efter værdispringsreglen.",
    ),
    _item(
        "request_takedown",
        "stop",
        "Få materialet fjernet fra hjemmesider og sociale medier",
        "waiting",
        responsible="ressourceperson",
        why="Asked Snapchat.",
    ),
    _item("police_report", "anmeld", "Politianmeldelse", "due"),
    _item("press", "behandl", "Håndter pressen", "parked_for_now"),
]

CASE = {
    "case_id": CASE_ID,
    "institution": "Hjørring Gymnasium og HF",
    "municipality": "Hjørring",
    "police_district": "nordjylland",
    "offence_category": "sharing_without_consent",
    "victim_is_minor": True,
    "description": "En elev (17 år) fortæller ...",
    "reported_at": "2026-03-14T08:00:00Z",
    "reported_by": HANNE,
    "level": 3,
    "context": "B",
    "track": "pedagogical",
    "parents_informed": True,
    "parents_not_yet_informed_because": None,
    "waiting_for_police": "the police have not yet made an evidence decision",
    "takedowns": [{"platform": "Snapchat", "outcome": "pending"}],
    "police_notifications": [
        {"notification_id": "n-1", "acknowledged": True, "acknowledged_by": JENS}
    ],
    "linked_incident": None,
    "closed": False,
    "outcome": None,
    "checklist": CHECKLIST,
    "history": [
        {
            "event": "Reported",
            "version": 1,
            "at": "2026-03-14T08:00:00Z",
            "actor": HANNE,
            "details": {},
        },
        {
            "event": "Assessed",
            "version": 2,
            "at": "2026-03-14T08:30:00Z",
            "actor": HANNE,
            "details": {"level": 3},
        },
        {
            "event": "TakedownRequested",
            "version": 3,
            "at": "2026-03-14T09:00:00Z",
            "actor": HANNE,
            "details": {"platform": "Snapchat"},
        },
        {
            "event": "SomethingNewlyAdded",
            "version": 4,
            "at": "2026-03-14T09:05:00Z",
            "actor": None,
            "details": {},
        },
    ],
}


def test_the_schools_case_reads_in_danish_with_a_short_reference() -> None:
    lines = demo_text.school_case(CASE)
    assert lines[0] == (
        "Hjørring Gymnasium og HF (Hjørring Kommune, Nordjyllands Politi) · SAG-3F2A9C1E"
    )
    assert "Krænkelse: billed- eller videodeling uden samtykke · den krænkede er under 18 år" in (
        lines
    )
    assert (
        "Niveau 3 i håndteringsmodellen · kontekst B: trusler, afpresning, seksuelle krænkelser "
        "eller hævnmotiv · spor: pædagogisk håndtering"
    ) in lines
    assert "Trin på actioncardet: Vurder krænkelsen" in lines, "the first step not done"
    assert "Forældrene: informeret" in lines
    assert (
        "Politiet: orienteret, og forebyggelsesbetjent-jens (SSP-politi, Nordjyllands Politi) "
        "har kvitteret"
    ) in lines
    assert (
        "Venter på politiet: politiet har endnu ikke besluttet, om materialet skal sikres som bevis"
    ) in lines
    assert "Bedt om at fjerne materialet: Snapchat (afventer svar)" in lines
    assert CASE_ID not in "\n".join(lines), "no full id, only the short reference"


def test_the_checklist_is_grouped_by_the_five_steps_with_danish_statuses() -> None:
    lines = demo_text.checklist(CHECKLIST)
    assert [line for line in lines if not line.startswith(" ")] == [
        "Vurder krænkelsen",
        "Stop krænkelsen",
        "Anmeld krænkelsen",
        "Behandl krænkelsen",
    ]
    text = "\n".join(lines)
    assert (
        "  ✓ Afdæk: hvem, hvad, hvor\n"
        "      udført · ansvarlig: ressourceperson · 14.03.2026 kl. 09.15 af skoleleder-hanne "
        "(ledelse, Hjørring Gymnasium og HF)"
    ) in text, "Danish time (CET) and who did it"
    assert (
        "  … Involver forældrene hurtigst muligt\n"
        "      udskudt · ansvarlig: ledelse · til 20.03.2026\n"
        "      Udskudt efter værdispringsreglen."
    ) in text
    assert "venter på svar · ansvarlig: ressourceperson" in text
    assert "Asked Snapchat." in text, "a reason given only in English is still shown"
    assert "  ! Politianmeldelse\n      skal gøres nu · ansvarlig: ledelse" in text
    assert "  · Håndter pressen\n      parked for now · ansvarlig: ledelse" in text, "as it is"
    assert "in English" not in text, "the Danish labels, not the English"


def test_only_what_is_open_when_asked_and_a_word_when_nothing_is() -> None:
    open_items = "\n".join(demo_text.checklist(CHECKLIST, open_only=True))
    assert "Afdæk" not in open_items and "Politianmeldelse" in open_items
    done = [i for i in CHECKLIST if i["status"] == "done"]
    assert demo_text.checklist(done, open_only=True) == ["Intet står åbent."]


def test_the_chronology_says_who_did_what_when_in_danish() -> None:
    assert demo_text.chronology(CASE["history"]) == [
        "14.03.2026 kl. 09.00  skoleleder-hanne (ledelse, Hjørring Gymnasium og HF) "
        "oprettede sagen",
        "14.03.2026 kl. 09.30  skoleleder-hanne (ledelse, Hjørring Gymnasium og HF) "
        "vurderede sagen til niveau 3",
        "14.03.2026 kl. 10.00  skoleleder-hanne (ledelse, Hjørring Gymnasium og HF) "
        "bad Snapchat om at fjerne materialet",
        "14.03.2026 kl. 10.05  Samspil registrerede SomethingNewlyAdded",
    ]


def test_what_ssp_and_the_police_see_reads_in_danish() -> None:
    ssp = demo_text.ssp_entry(
        {
            "case_id": CASE_ID,
            "institution": "Hjørring Gymnasium og HF",
            "police_district": "nordjylland",
            "offence_category": "sharing_without_consent",
            "victim_is_minor": True,
            "reported_at": "2026-03-14T08:00:00Z",
            "reported_by": HANNE,
            "parents_informed_at": "2026-03-14T08:10:00Z",
            "takedowns_requested": [],
            "police_notified_at": None,
            "level": 3,
            "context": "B",
            "track": "pedagogical",
            "parents_involvement_deferred": False,
            "cooperation_with": [],
            "closed": False,
            "outcome": None,
        }
    )
    assert ssp[0] == "Hjørring Gymnasium og HF (Nordjyllands Politi) · SAG-3F2A9C1E"
    assert "Forældrene informeret: 14.03.2026 kl. 09.10" in ssp
    assert "Værdispringsreglen brugt: nej" in ssp
    assert "Politiet orienteret: –" in ssp
    assert ssp[-1] == "Sagen er åben"

    police = demo_text.police_entry(
        {
            "notification_id": "n-1",
            "case_id": CASE_ID,
            "police_district": "nordjylland",
            "institution": "Hjørring Gymnasium og HF",
            "municipality": "Hjørring Kommune",
            "offence_category": "sextortion",
            "victim_is_minor": False,
            "case_description": "En elev presses for flere billeder.",
            "notified_by": HANNE,
            "notified_at": "2026-07-01T10:00:00Z",
            "received_at": "2026-07-01T10:00:01Z",
            "acknowledged_by": None,
            "evidence_decision": "hold",
        }
    )
    assert police == [
        "Orientering fra Hjørring Gymnasium og HF (Hjørring Kommune) · SAG-3F2A9C1E",
        "Krænkelse: afpresning med intimt materiale · den krænkede er fyldt 18 år",
        "Skolens beskrivelse: En elev presses for flere billeder.",
        "Orienteret 01.07.2026 kl. 12.00 af skoleleder-hanne (ledelse, Hjørring Gymnasium og HF)",
        "Modtaget 01.07.2026 kl. 12.00",
        "Kvitteret: ikke endnu",
        "Bevissikring: materialet sikres som bevis",
    ], "summer time in Copenhagen, and the municipality named once"
