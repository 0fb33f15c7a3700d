"""Labels of who acts and what they may do: roles, commands, oversight, organisations,
what only some may see, SSP's coordination and yearly evaluation, statistics, hash
lists and why a text was refused.

Most of these enums already word their members for a sentence (``Role.label_da``,
``SchoolCommand.label_da``, ``EvaluationQuestion.da``, ``Suppression.label_da``,
``domain.commands.label_of``); their labels are that wording, standing alone.
"""

from __future__ import annotations

from domain.access import CaseDetail, Scope
from domain.action_plan import EvaluationQuestion
from domain.actors import Role
from domain.commands import OversightAction, SchoolCommand, Wording, label_of
from domain.coordination import CoordinationStep
from domain.material import Refusal
from domain.platforms import HashList
from domain.statistics import GroupBy, Suppression
from domain.vocabulary.tables import Tables, reused

ROLES = {role: reused(role.label_da, role.label_en) for role in Role}

SCHOOL_COMMANDS = {command: reused(command.label_da, command.label_en) for command in SchoolCommand}
"""Infinitives, as the card's steps are done: "Registrere en politianmeldelse"."""

OVERSIGHT_ACTIONS = {
    action: reused(said.da, said.en)
    for action in OversightAction
    if (said := label_of(action)) is not None
}

EVALUATION_QUESTIONS = {
    question: Wording(question.da, question.en) for question in EvaluationQuestion
}
"""Seed 004's five questions, as it asks them."""

SUPPRESSIONS = {
    suppression: reused(suppression.label_da, suppression.label_en) for suppression in Suppression
}

SCOPES = {
    Scope.INSTITUTION: Wording("Skole eller uddannelsesinstitution", "School or institution"),
    Scope.MUNICIPALITY: Wording("Kommune", "Municipality"),
    Scope.POLICE_DISTRICT: Wording("Politikreds", "Police district"),
}

CASE_DETAILS = {
    CaseDetail.VALUE_JUMP_REASON: Wording(
        "Begrundelsen efter værdispringsreglen", "The reason under the value-jump rule"
    ),
    CaseDetail.PEOPLE: Wording("Oplysninger om de involverede", "Facts about the people involved"),
    CaseDetail.LOGBOOK: Wording("Sagens logbog", "The case's logbook"),
}

COORDINATION_STEPS = {
    CoordinationStep.SCHOOL_CONTACTED: Wording("Skolen er kontaktet", "School contacted"),
    CoordinationStep.MEETING_HELD: Wording("Møde er afholdt", "Meeting held"),
    CoordinationStep.ADVICE_GIVEN: Wording("Rådgivning er givet", "Advice given"),
    CoordinationStep.SSP_TEAM_CONTACTED: Wording(
        "Et andet SSP-team er kontaktet", "Another SSP team contacted"
    ),
    CoordinationStep.POLICE_CONSULTED: Wording("Politiet er konsulteret", "Police consulted"),
}

HASH_LISTS = {
    HashList.STOPNCII: Wording(
        "StopNCII.org (personen var 18 år eller ældre på billedet)",
        "StopNCII.org (the person was 18 or older in the image)",
    ),
    HashList.TAKE_IT_DOWN: Wording(
        "Take It Down (personen var under 18 år på billedet)",
        "Take It Down (the person was under 18 in the image)",
    ),
}

GROUPINGS = {
    GroupBy.POLICE_DISTRICT: Wording("Politikreds", "Police district"),
    GroupBy.MUNICIPALITY: Wording("Kommune", "Municipality"),
}

REFUSALS = {
    Refusal.FILE_CONTENT: Wording(
        "Filindhold (billede eller video)", "File content (image or video)"
    ),
    Refusal.OPAQUE: Wording(
        "Kodede data, som kan være selve materialet", "Encoded data that may be the material"
    ),
    Refusal.CONTROL_CHARACTERS: Wording("Kontroltegn (binære data)", "Control characters (binary)"),
}
"""Short names of the refusals; what the professional is told is ``Refusal.message_da``."""

TABLES: Tables = {
    Role: ROLES,
    SchoolCommand: SCHOOL_COMMANDS,
    OversightAction: OVERSIGHT_ACTIONS,
    EvaluationQuestion: EVALUATION_QUESTIONS,
    Suppression: SUPPRESSIONS,
    Scope: SCOPES,
    CaseDetail: CASE_DETAILS,
    CoordinationStep: COORDINATION_STEPS,
    HashList: HASH_LISTS,
    GroupBy: GROUPINGS,
    Refusal: REFUSALS,
}
