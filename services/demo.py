"""``samspil demo``: one realistic case walked through the running system's HTTP APIs.

The case follows seed 004 (Hjørring's action card, Nordjyllands Politi): a pupil's
intimate image is shared in a group chat. The school involves the parents,
uncovers the facts and assesses level 3, so it notifies the police liaison, who
acknowledges and releases the material for removal; then the school asks the
platform to take it down. Each agency's view is printed as it sees it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx

from infra.auth import local_issuer
from infra.settings import Settings
from services.launcher import runtime_file

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
        "A pupil (17) in 2.g tells her studievejleder that a nude image of her, face "
        "visible, is being shared in a Snapchat group by a former boyfriend. She is "
        "very distressed. The material stays with the pupil; nothing is stored here."
    ),
}


class DemoError(RuntimeError):
    pass


def _wait_for(what: str, probe: Callable[[], Any], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.2)
    raise DemoError(f"timed out waiting for {what}")


def _show(title: str, body: Any) -> None:
    print(f"\n=== {title} ===")
    print(json.dumps(body, indent=2, ensure_ascii=False))


def run_demo(settings: Settings) -> int:
    try:
        urls = json.loads(runtime_file(settings).read_text(encoding="utf-8"))
    except FileNotFoundError:
        print("samspil demo: no running system found; start it with `samspil up` first.")
        return 1
    with httpx.Client(timeout=10.0) as http:
        try:
            return _walk_case(http, urls, settings)
        except (DemoError, httpx.HTTPError) as error:
            print(f"samspil demo: {error}")
            return 1


def _walk_case(http: httpx.Client, urls: dict[str, str], settings: Settings) -> int:
    school, ssp, police = urls["school"], urls["ssp"], urls["police_liaison"]
    as_school, as_ssp, as_police = (bearer(settings, w) for w in (SCHOOL, SSP, POLICE))

    def checked(response: httpx.Response) -> Any:
        if response.is_error:
            raise DemoError(
                f"{response.request.url} answered {response.status_code}: {response.text}"
            )
        return response.json()

    def step(path: str, body: dict[str, Any] | None = None) -> Any:
        return checked(http.post(f"{school}/cases/{case_id}/{path}", json=body, headers=as_school))

    case = checked(http.post(f"{school}/cases", json=REPORT, headers=as_school))
    case_id = case["case_id"]
    print(f"The school reported case {case_id}.")
    step("parents-informed")
    step(
        "facts",
        {
            "involved": [
                {
                    "role": "known_offender",
                    "description": "former boyfriend, 2.g",
                    "is_minor": True,
                },
                {"role": "passive_sharer", "description": "members of a Snapchat group"},
            ],
            "what_happened": "A nude image with her face is shared in a Snapchat group.",
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
        f"Parents informed, facts uncovered, assessed at level {assessed['level']}, "
        "police liaison notified."
    )
    _show(
        "What the checklist asks now",
        _open_items(checked(http.get(f"{school}/cases/{case_id}", headers=as_school))),
    )

    def ssp_sees_case() -> Any:
        overview = checked(http.get(f"{ssp}/municipalities/Hjørring/overview", headers=as_ssp))
        for entry in overview["cases"]:
            if entry["case_id"] == case_id and entry["police_notified_at"] and entry["level"]:
                return entry
        return None

    _show("SSP Hjørring sees", _wait_for("the SSP overview", ssp_sees_case))

    inbox_url = f"{police}/districts/nordjylland/inbox"

    def police_sees_notification() -> Any:
        inbox = checked(http.get(inbox_url, headers=as_police))
        return next(
            (n for n in inbox["notifications"] if n["notification_id"] == notification_id), None
        )

    _show(
        "Nordjyllands Politi's inbox shows", _wait_for("the police inbox", police_sees_notification)
    )
    checked(http.post(f"{inbox_url}/{notification_id}/acknowledge", headers=as_police))
    checked(http.post(f"{inbox_url}/{notification_id}/evidence-release", headers=as_police))
    print("\nThe police liaison acknowledged the notification and released the material.")

    def school_sees_police() -> Any:
        current = checked(http.get(f"{school}/cases/{case_id}", headers=as_school))
        acknowledged = all(n["acknowledged"] for n in current["police_notifications"])
        return current if acknowledged and current["waiting_for_police"] is None else None

    _wait_for("the police's answer on the school's case", school_sees_police)
    step("takedown-requests", {"platform": "Snapchat"})
    final = step("offender-contacts", {"offender_parents_contacted": True})
    print("Takedown requested at Snapchat; the former boyfriend and his parents contacted.")
    _show("The school's case, with its checklist and history", final)
    return 0


def _open_items(case: dict[str, Any]) -> list[str]:
    return [
        f"{i['status']:<11} {i['label_en']} ({i['responsible']})"
        + (f" - {i['why']}" if i["why"] else "")
        for i in case["checklist"]
        if i["status"] != "done"
    ]
