"""Kinds of digital sexual offence, following Red Barnet's categories (seed 003)."""

from __future__ import annotations

from enum import StrEnum


class OffenceCategory(StrEnum):
    UNWANTED_SEXUAL_APPROACH = "unwanted_sexual_approach"
    """Grænseoverskridende henvendelser, incl. unsolicited explicit images."""
    GROOMING = "grooming"
    RECORDING_WITHOUT_CONSENT = "recording_without_consent"
    """Optagelse uden samtykke."""
    SHARING_WITHOUT_CONSENT = "sharing_without_consent"
    """Billed- eller videodeling uden samtykke."""
    SEXTORTION = "sextortion"
    """Afpresning med intimt materiale."""
    SELF_EXPOSURE_UNDER_PRESSURE = "self_exposure_under_pressure"
    """Selveksponering, e.g. in front of a webcam."""
    MANIPULATED_IMAGES = "manipulated_images"
    """Manipulated images and deep fakes."""
    DEFAMATION = "defamation"
    FAKE_PROFILE = "fake_profile"
    """Fake profiles and identity theft."""
    HACKING = "hacking"
