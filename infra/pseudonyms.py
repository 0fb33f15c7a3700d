"""Keyed pseudonyms of people: HMAC-SHA256 of a national identifier (CPR number).

The key is SSP's; schools hold a copy (obtained through the key exchange) and compute
the pseudonym as a person is named, so SSP links the same person across schools
without ever seeing the identifier, and the identifier is never stored anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import re

CPR = re.compile(r"^\d{6}-?\d{4}$")


def pseudonym(key: bytes, national_id: str) -> str:
    digits = national_id.replace("-", "").strip()
    if not CPR.fullmatch(national_id.strip()):
        raise ValueError("a national identifier is a CPR number: DDMMYY-XXXX")
    return hmac.new(key, b"samspil-person|" + digits.encode(), hashlib.sha256).hexdigest()
