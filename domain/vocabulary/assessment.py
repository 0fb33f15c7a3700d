"""Labels of how a case is assessed and where it goes: the handling model's levels
(seed 001), context A/B and the tracks (seed 004), the straffelov provisions, Red
Barnet's categories of offence (seed 003), the police districts, the fingerprints, and
the status of a checklist item.

A level is headed by the victim's reaction, as seed 001 heads it ("Niveau 1. Ofret
reagerer uden særlig behov for hjælp"); the material is chosen separately. The police
districts are named by their own names ("Nordjyllands Politi"), as
``PoliceDistrict.danish_name`` gives them.
"""

from __future__ import annotations

from domain.checklist.items import Status
from domain.commands import Wording
from domain.fingerprints import FingerprintKind
from domain.geography import PoliceDistrict
from domain.handling_model import (
    Context,
    Level,
    MaterialFeature,
    Provision,
    Track,
    VictimReaction,
    reaction_level,
)
from domain.help import Demand
from domain.offences import OffenceCategory
from domain.vocabulary.tables import Tables

REACTIONS = {
    VictimReaction.NO_SPECIAL_NEED: Wording(
        "Reagerer uden særligt behov for hjælp", "No special need of help"
    ),
    VictimReaction.NEEDS_HELP: Wording("Reagerer med behov for hjælp", "Needs help"),
    VictimReaction.OUT_OF_CONTROL: Wording(
        "Reagerer ude af kontrol, med større eller mindre grad af panik",
        "Out of control, with some degree of panic",
    ),
    VictimReaction.VIOLENT: Wording(
        "Reagerer voldsomt og har stort behov for støtte",
        "Reacts violently, with a great need of support",
    ),
}


def _lowered(text: str) -> str:
    return text[:1].lower() + text[1:]


def _heading(reaction: VictimReaction) -> Wording:
    """Seed 001 heads each level by a reaction: "Niveau 3: reagerer ude af kontrol, ..."."""
    level, said = reaction_level(reaction).value, REACTIONS[reaction]
    return Wording(f"Niveau {level}: {_lowered(said.da)}", f"Level {level}: {_lowered(said.en)}")


LEVELS = {reaction_level(reaction): _heading(reaction) for reaction in VictimReaction}

MATERIAL_FEATURES = {
    MaterialFeature.UNDERWEAR_OR_BIKINI: Wording("Undertøj eller bikini", "Underwear or bikini"),
    MaterialFeature.NAKED_BODY: Wording("Nøgne dele af kroppen", "Naked body parts"),
    MaterialFeature.FACE_VISIBLE: Wording("Genkendeligt ansigt", "Recognisable face"),
    MaterialFeature.FULL_IDENTITY: Wording(
        "Fuld identitet (navn, skole eller profil)", "Full identity (name, school or profile)"
    ),
    MaterialFeature.THREATS: Wording("Trusler", "Threats"),
    MaterialFeature.REVENGE_MOTIVE: Wording("Hævnmotiv", "Revenge motive"),
}

CONTEXTS = {
    Context.A_INNOCENT_BETWEEN_PEERS: Wording(
        "Kontekst A: taget eller delt i en uskyldig sammenhæng mellem unge eller kærester",
        "Context A: taken or shared innocently between young people or partners",
    ),
    Context.B_THREATS_ABUSE_REVENGE: Wording(
        "Kontekst B: trusler, afpresning, seksuelle krænkelser eller hævnmotiv",
        "Context B: threats, blackmail, sexual abuse or revenge",
    ),
}

PROVISIONS = {
    Provision.SHARING_PRIVATE_IMAGES: Wording(
        "Straffelovens § 264 d: uberettiget deling af private billeder",
        "Criminal Code §264d: sharing private images",
    ),
    Provision.INDECENCY: Wording(
        "Straffelovens § 232: blufærdighedskrænkelse", "Criminal Code §232: indecency"
    ),
    Provision.CHILD_SEXUAL_ABUSE_MATERIAL: Wording(
        "Straffelovens § 235: videregivelse af børnepornografi",
        "Criminal Code §235: distributing child sexual abuse material",
    ),
    Provision.EXTORTION: Wording(
        "Straffelovens § 281: afpresning", "Criminal Code §281: extortion"
    ),
}

TRACKS = {
    Track.POLICE_CASE: Wording("Politisag", "Police case"),
    Track.UNDERRETNING: Wording(
        "Underretning til myndighedsafdelingen",
        "Underretning (notification of concern) to the municipal authority",
    ),
    Track.PEDAGOGICAL: Wording("Pædagogisk håndtering", "Pedagogical handling"),
}

OFFENCE_CATEGORIES = {
    OffenceCategory.UNWANTED_SEXUAL_APPROACH: Wording(
        "Grænseoverskridende henvendelser (fx dickpics)",
        "Unwanted sexual approaches (e.g. unsolicited explicit images)",
    ),
    OffenceCategory.GROOMING: Wording(
        "Grooming (manipulation af et barn med et seksuelt formål)",
        "Grooming",
    ),
    OffenceCategory.RECORDING_WITHOUT_CONSENT: Wording(
        "Optagelse uden samtykke", "Recording without consent"
    ),
    OffenceCategory.SHARING_WITHOUT_CONSENT: Wording(
        "Billed- eller videodeling uden samtykke", "Sharing images or video without consent"
    ),
    OffenceCategory.SEXTORTION: Wording(
        "Sextortion (afpresning med intimt materiale)",
        "Sextortion (blackmail with intimate material)",
    ),
    OffenceCategory.SELF_EXPOSURE_UNDER_PRESSURE: Wording(
        "Selveksponering under pres (fx foran et webcam)",
        "Self-exposure under pressure (e.g. on a webcam)",
    ),
    OffenceCategory.MANIPULATED_IMAGES: Wording(
        "Manipulerede billeder og deepfakes", "Manipulated images and deep fakes"
    ),
    OffenceCategory.DEFAMATION: Wording("Injurierende udtalelser", "Defamation"),
    OffenceCategory.FAKE_PROFILE: Wording(
        "Falske profiler og digitalt identitetstyveri", "Fake profiles and identity theft"
    ),
    OffenceCategory.HACKING: Wording("Hacking af konti eller enheder", "Hacking"),
}

_DISTRICTS_EN = {
    PoliceDistrict.NORDJYLLAND: "North Jutland Police",
    PoliceDistrict.OESTJYLLAND: "East Jutland Police",
    PoliceDistrict.MIDT_OG_VESTJYLLAND: "Central and West Jutland Police",
    PoliceDistrict.SYDOESTJYLLAND: "South-East Jutland Police",
    PoliceDistrict.SYD_OG_SOENDERJYLLAND: "South Jutland Police",
    PoliceDistrict.FYN: "Funen Police",
    PoliceDistrict.SYDSJAELLAND_OG_LOLLAND_FALSTER: "South Zealand and Lolland-Falster Police",
    PoliceDistrict.MIDT_OG_VESTSJAELLAND: "Central and West Zealand Police",
    PoliceDistrict.NORDSJAELLAND: "North Zealand Police",
    PoliceDistrict.KOEBENHAVNS_VESTEGN: "Copenhagen West Police",
    PoliceDistrict.KOEBENHAVN: "Copenhagen Police",
    PoliceDistrict.BORNHOLM: "Bornholm Police",
}

POLICE_DISTRICTS = {
    district: Wording(district.danish_name, _DISTRICTS_EN[district]) for district in _DISTRICTS_EN
}

FINGERPRINT_KINDS = {
    FingerprintKind.PDQ: Wording("PDQ-fingeraftryk af et billede", "PDQ (image)"),
    FingerprintKind.MD5: Wording("MD5-fingeraftryk af en video", "MD5 (video)"),
    FingerprintKind.SHA256: Wording("SHA-256-fingeraftryk af en fil", "SHA-256 (any file)"),
}

STATUSES = {
    Status.DONE: Wording("Udført", "Done"),
    Status.DUE: Wording("Skal gøres nu", "Due"),
    Status.RECOMMENDED: Wording("Anbefales", "Recommended"),
    Status.WAITING: Wording("Afventer svar", "Waiting for an answer"),
    Status.DEFERRED: Wording("Udskudt", "Deferred"),
    Status.BLOCKED: Wording("Kan ikke gøres endnu", "Blocked"),
}

DEMANDS = {
    Demand.REQUIRED: Wording("Påkrævet", "Required"),
    Demand.RECOMMENDED: Wording("Anbefales", "Recommended"),
}

TABLES: Tables = {
    Level: LEVELS,
    VictimReaction: REACTIONS,
    MaterialFeature: MATERIAL_FEATURES,
    Context: CONTEXTS,
    Provision: PROVISIONS,
    Track: TRACKS,
    OffenceCategory: OFFENCE_CATEGORIES,
    PoliceDistrict: POLICE_DISTRICTS,
    FingerprintKind: FINGERPRINT_KINDS,
    Status: STATUSES,
    Demand: DEMANDS,
}
