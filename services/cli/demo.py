"""``samspil demo``: one realistic case walked through the running system's HTTP APIs.

The case follows seed 004 (Hjørring's action card, Nordjyllands Politi): a pupil's
intimate image is shared in a group chat. The school involves the parents,
uncovers the facts and assesses level 3, so it notifies the police liaison, who
acknowledges and releases the material for removal; then the school asks the
platform to take it down. Each agency's view is printed as a Danish professional reads
it (``services.cli.demo_text``); the only full id is the one ``samspil erase`` needs.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx

from infra.auth import local_issuer
from infra.settings import Settings
from services.cli import demo_text as text
from services.run.launcher import runtime_file

SCHOOL = ("skoleleder-hanne", "ledelse", "Hjørring Gymnasium og HF")
SSP = ("ssp-konsulent-lars", "ssp_konsulent", "Hjørring")
POLICE = ("forebyggelsesbetjent-jens", "politi", "nordjylland")


def bearer(settings: Settings, who: tuple[str, str, str]) -> dict[str, str]:
    """A token from the local issuer for one of the demo's professionals."""
    person, role, organisation = who
    token = local_issuer(settings).token(
        settings, person=person, role=role, organisation=organisation
    )
    return {"Authorization": f"Bearer {token}"}


REPORT = {
    "institution": "Hjørring Gymnasium og HF",
    "municipality": "Hjørring",
    "police_district": "nordjylland",
    "offence_category": "sharing_without_consent",
    "victim_is_minor": True,
    "description": (
        "En elev (17 år) i 2.g fortæller sin studievejleder, at et nøgenbillede af hende, "
        "hvor hendes ansigt kan ses, bliver delt i en Snapchat-gruppe af en tidligere "
        "kæreste. Hun er meget ked af det. Billedet bliver hos eleven; intet gemmes her."
    ),
}


class DemoError(RuntimeError):
    pass


def wait_for(what: str, probe: Callable[[], Any], timeout: float = 60.0) -> Any:
    """What ``probe`` finds, once it finds something; ``DemoError`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.2)
    raise DemoError(f"timed out waiting for {what}")


def checked(response: httpx.Response) -> Any:
    """The answer's JSON; ``DemoError`` with what the API said (in Danish) if refused."""
    if response.is_error:
        said = response.text
        if response.headers.get("content-type", "").startswith("application/json"):
            said = str(response.json().get("detail_da") or said)
        raise DemoError(f"{response.request.url} answered {response.status_code}: {said}")
    return response.json()


def _show(title: str, lines: list[str]) -> None:
    print(f"\n=== {title} ===")
    for line in lines:
        print(f"  {line}")


def run_demo(settings: Settings) -> int:
    try:
        urls = json.loads(runtime_file(settings).read_text(encoding="utf-8"))
    except FileNotFoundError:
        print("samspil demo: no running system found; start it with `samspil up` first.")
        return 1
    with httpx.Client(timeout=10.0, headers={"Accept-Language": "da"}) as http:
        try:
            return _walk_case(http, urls, settings)
        except (DemoError, httpx.HTTPError) as error:
            print(f"samspil demo: {error}")
            return 1


def _walk_case(http: httpx.Client, urls: dict[str, str], settings: Settings) -> int:
    school, ssp, police = urls["school"], urls["ssp"], urls["police_liaison"]
    as_school, as_ssp, as_police = (bearer(settings, w) for w in (SCHOOL, SSP, POLICE))

    def step(path: str, body: dict[str, Any] | None = None) -> Any:
        return checked(http.post(f"{school}/cases/{case_id}/{path}", json=body, headers=as_school))

    case = checked(http.post(f"{school}/cases", json=REPORT, headers=as_school))
    case_id = case["case_id"]
    print(f"Skolen har oprettet sagen ({text.short_reference(case_id)}).")
    step("parents-informed")
    step(
        "facts",
        {
            "involved": [
                {
                    "role": "known_offender",
                    "description": "tidligere kæreste, 2.g",
                    "is_minor": True,
                },
                {"role": "passive_sharer", "description": "medlemmer af en Snapchat-gruppe"},
            ],
            "what_happened": "Et nøgenbillede med hendes ansigt deles i en Snapchat-gruppe.",
            "where": "Snapchat",
            "spread": "group_chat",
            "victim_age": 17,
        },
    )
    assessed = step(
        "assessment",
        {
            "material": ["naked_body", "face_visible"],
            "reaction": "out_of_control",
            "context": "B",
            "provisions": ["§264d"],
            "track": "pedagogical",
        },
    )
    notified = checked(
        http.post(f"{school}/cases/{case_id}/police-notifications", headers=as_school)
    )
    notification_id = notified["police_notification_id"]
    print(
        f"Forældrene er informeret, krænkelsen er afdækket og vurderet til niveau "
        f"{assessed['level']}, og politiets SSP-kontakt er orienteret."
    )
    now = checked(http.get(f"{school}/cases/{case_id}", headers=as_school))
    _show("Det beder tjeklisten om nu", text.checklist(now["checklist"], open_only=True))

    def ssp_sees_case() -> Any:
        overview = checked(http.get(f"{ssp}/municipalities/Hjørring/overview", headers=as_ssp))
        for entry in overview["cases"]:
            if entry["case_id"] == case_id and entry["police_notified_at"] and entry["level"]:
                return entry
        return None

    _show("SSP Hjørring ser", text.ssp_entry(wait_for("the SSP overview", ssp_sees_case)))

    inbox_url = f"{police}/districts/nordjylland/inbox"

    def police_sees_notification() -> Any:
        inbox = checked(http.get(inbox_url, headers=as_police))
        return next(
            (n for n in inbox["notifications"] if n["notification_id"] == notification_id), None
        )

    arrived = wait_for("the police inbox", police_sees_notification)
    _show("Nordjyllands Politis indbakke", text.police_entry(arrived))
    checked(http.post(f"{inbox_url}/{notification_id}/acknowledge", headers=as_police))
    checked(http.post(f"{inbox_url}/{notification_id}/evidence-release", headers=as_police))
    print("\nPolitiets SSP-kontakt har kvitteret for orienteringen og frigivet materialet.")

    def school_sees_police() -> Any:
        current = checked(http.get(f"{school}/cases/{case_id}", headers=as_school))
        acknowledged = all(n["acknowledged"] for n in current["police_notifications"])
        return current if acknowledged and current["waiting_for_police"] is None else None

    wait_for("the police's answer on the school's case", school_sees_police)
    step("takedown-requests", {"platform": "Snapchat"})
    final = step("offender-contacts", {"offender_parents_contacted": True})
    print(
        "Snapchat er bedt om at fjerne billedet, og den tidligere kæreste og hans forældre "
        "er kontaktet."
    )
    _show("Skolens sag", text.school_case(final))
    _show("Tjeklisten", text.checklist(final["checklist"]))
    _show("Forløbet", text.chronology(final["history"]))
    print(
        "\nSagens fulde reference, til en eventuel sletning:\n"
        f'  samspil erase {case_id} --reason "..." --municipality Hjørring'
    )
    return 0
