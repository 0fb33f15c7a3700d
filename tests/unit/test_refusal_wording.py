"""Refusals read as a teacher would say them, in Danish and English, with stable codes."""

from __future__ import annotations

import pytest

import domain.fingerprints
import domain.incidents
from domain.access import SCHOOL_COMMANDS
from domain.actors import Role
from domain.commands import SchoolCommand, label_of, own_institution_only, role_refusal
from domain.errors import (
    CaseErased,
    ConsentMissing,
    DomainError,
    NotAssessed,
    NotForThisVictim,
    ParentsNotInvolved,
    ReasonRequired,
    WaitingForPolice,
)
from domain.fingerprints import Fingerprint, FingerprintKind, NotAFingerprint


def _every_error_class() -> list[type[DomainError]]:
    assert domain.fingerprints and domain.incidents  # their errors are subclasses too
    found, todo = [], [DomainError]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return [c for c in found if c.__module__.startswith("domain.")]


def test_every_domain_error_has_its_own_stable_code() -> None:
    classes = _every_error_class()
    assert len(classes) >= 20
    assert all(c.code == c.__name__ for c in classes)
    assert len({c.code for c in classes}) == len(classes)


def test_a_renamed_error_keeps_the_code_clients_match_on() -> None:
    class NewName(DomainError, code="OldName"):
        def __init__(self) -> None:
            super().__init__("en", "da")

    assert NewName().code == "OldName"
    assert (str(NewName()), NewName().message_da) == ("en", "da")


@pytest.mark.parametrize(
    ("error", "danish"),
    [
        (
            NotAssessed("A deletion request"),
            "En anmodning om sletning kræver, at sagen først er vurderet (niveau, kontekst og "
            "spor).",
        ),
        (
            ReasonRequired("Choosing level 3 instead of the suggested 2"),
            "At vælge niveau 3 i stedet for det foreslåede niveau 2 kræver en begrundelse.",
        ),
        (
            NotForThisVictim("The value-jump rule", "a minor"),
            "Værdispringsreglen gælder kun, når den krænkede er under 18 år.",
        ),
        (
            ConsentMissing("class", ["the victim", "the parents"]),
            "Før klassen orienteres, skal der være registreret samtykke fra den krænkede og "
            "forældrene.",
        ),
        (
            WaitingForPolice(3, "the police have not yet made an evidence decision"),
            "På niveau 3 beslutter politiet, hvordan og hvornår materialet slettes, så beviserne "
            "bevares: politiet har endnu ikke besluttet, om materialet skal sikres som bevis. "
            "Indtil da kan der ikke bedes om sletning eller om at få materialet fjernet.",
        ),
        (
            ParentsNotInvolved("A takedown request", may_go_first=True),
            "En anmodning til en platform om at fjerne materialet venter, til forældrene til den "
            "krænkede er informeret, eller til du har registreret, hvorfor de endnu ikke er "
            "informeret (værdispringsreglen, forvaltningslovens §28). Det kan komme først, hvis "
            "du skriver, hvorfor det ikke kan vente.",
        ),
        (
            CaseErased("2026-03-14T09:15:00+00:00", "GDPR art. 17"),
            "Sagen blev slettet den 14. marts 2026 kl. 09.15 (UTC). Begrundelse: GDPR art. 17",
        ),
    ],
)
def test_a_phrase_the_rule_is_given_in_english_is_said_in_danish(
    error: DomainError, danish: str
) -> None:
    assert error.message_da == danish
    assert str(error) == error.message_en != danish


def test_an_unknown_phrase_is_left_out_of_the_danish_not_quoted_in_english() -> None:
    error = NotAssessed("Something new")
    assert "Something new" in error.message_en
    assert error.message_da.startswith("Dette trin kræver")
    assert "Something" not in error.message_da
    given = NotAssessed("Something new", what_da="Noget nyt")
    assert given.message_da.startswith("Noget nyt kræver")


def test_a_malformed_fingerprint_says_why_in_both_languages() -> None:
    with pytest.raises(NotAFingerprint) as refused:
        Fingerprint(FingerprintKind.MD5, "abc")
    assert "32" in str(refused.value) and "32 hexadecimale cifre" in refused.value.message_da


def test_every_school_command_has_a_name_and_words_in_both_languages() -> None:
    assert {str(c) for c in SchoolCommand} == set(SCHOOL_COMMANDS)
    assert all(SCHOOL_COMMANDS[c] == SCHOOL_COMMANDS[c.value] for c in SchoolCommand)
    assert SchoolCommand.POLICE_REPORTS.label_da == "registrere en politianmeldelse"
    assert SchoolCommand.POLICE_REPORTS.label_en == "record a police report"
    assert len({c.label_da for c in SchoolCommand}) == len(SchoolCommand), "no two alike"
    assert all(c.label_da and c.label_en for c in SchoolCommand)
    assert all(role.label_da and role.label_en for role in Role)


def test_a_role_refusal_names_the_roles_that_may() -> None:
    refusal = role_refusal(Role.KLASSETEAM, "erasure", SCHOOL_COMMANDS["erasure"])
    assert refusal.da == (
        "Som en del af klasseteamet kan du ikke slette sagen. Det gør ledelsen eller "
        "databeskyttelsesrådgiveren."
    )
    assert refusal.en == (
        "In Samspil, the role klasseteam (class team) may not erase the case. This is done by "
        "management (ledelse) or the data protection officer (databeskyttelse)."
    )
    staff = role_refusal(Role.AUDITOR, "read", SCHOOL_COMMANDS["read"])
    assert staff.da.endswith("Det gør ledelsen, ressourcepersonen eller klasseteamet.")


def test_an_action_without_words_is_still_refused_plainly() -> None:
    assert label_of("read statistics by municipality") == label_of("read statistics")
    unnamed = role_refusal(Role.POLITI, "tune the radio")
    assert unnamed.da == "Som SSP-politi kan du ikke gøre dette."
    assert "tune the radio" in unnamed.en
    assert "Gentofte Skole" in own_institution_only("Gentofte Skole").da
