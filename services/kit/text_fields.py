"""The free-text fields of the request models, each as long as its purpose needs.

A name is a name, a reason a paragraph, an account a page: a field longer than that is
not what the form asks for, and room for text is room for encoded material. Where a
field travels in a published contract, its length stays within the contract's.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

InstitutionName = Annotated[str, Field(min_length=1, max_length=120)]
"""A school, institution, SSP team or police unit: "Hjørring Gymnasium og HF"."""
MunicipalityName = Annotated[str, Field(min_length=1, max_length=60)]
"""A municipality: "Ringkøbing-Skjern"."""
PlatformName = Annotated[str, Field(min_length=1, max_length=60)]
"""A platform or service: "Snapchat"."""
PersonDescription = Annotated[str, Field(min_length=1, max_length=200)]
PersonId = Annotated[str, Field(pattern=r"^[A-Za-z0-9._@-]{1,64}$")]
"""A professional's id as the sign-in names them (the token's ``sub``)."""
ItemKey = Annotated[str, Field(pattern=r"^[a-z_]+(:[^\n]{1,80})?$", max_length=100)]
"""A checklist item's key: ``involve_parents``, ``takedown:Snapchat``."""
"""Who, without a name: "classmate in 8.b", "her older sister"."""
Place = Annotated[str, Field(min_length=1, max_length=200)]
"""Where: "a Snapchat group of 40 pupils from 7.a-8.c", "the school's toilets"."""
Reason = Annotated[str, Field(min_length=1, max_length=1000)]
"""Why a judgement was made: overriding a level, the value-jump rule, reopening."""
Note = Annotated[str, Field(min_length=1, max_length=2000)]
"""What was said or agreed: sparring with SSP, the press."""
OptionalNote = Annotated[str, Field(max_length=2000)]
"""A note that may be left empty."""
CaseDescription = Annotated[str, Field(min_length=1, max_length=2000)]
"""The report's short description; the police notification carries it (2000 at most)."""
Description = Annotated[str, Field(min_length=1, max_length=4000)]
"""An account of what happened: the uncovered facts, a logbook entry."""
ErasureReason = Annotated[str, Field(min_length=1, max_length=200)]
"""Why a case is erased, without personal data: "GDPR art. 17 request 2026-41"."""
DismissalReason = Annotated[str, Field(min_length=1, max_length=500)]
"""Why a link between cases is wrong."""
