"""The kinds of personal data, their placeholders, and the entity type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from frontline.core.errors import KnownError

EMAIL = "EMAIL"
PHONE = "PHONE"
CARD = "CARD"
IBAN = "IBAN"
ADDRESS = "ADDRESS"
NAME = "NAME"
KINDS: tuple[str, ...] = (EMAIL, PHONE, CARD, IBAN, ADDRESS, NAME)

#: What each kind becomes in redacted text.
PLACEHOLDERS: dict[str, str] = {
    EMAIL: "[email]",
    PHONE: "[phone]",
    CARD: "[card]",
    IBAN: "[iban]",
    ADDRESS: "[address]",
    NAME: "[name]",
}

#: Countries whose national phone formats are recognised when the organisation has not
#: said where it operates: every EU and EEA country, the UK, Switzerland, the US and
#: Canada. The order matters only where two share a calling code (US before CA).
DEFAULT_REGIONS: tuple[str, ...] = (
    "GB", "IE", "FR", "DE", "ES", "IT", "NL", "BE", "LU", "PT",
    "PL", "AT", "CH", "DK", "SE", "NO", "FI", "CZ", "US", "CA",
    "GR", "MT", "CY", "IS", "EE", "LV", "LT", "SK", "SI", "HU",
    "RO", "BG", "HR", "LI",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entity:
    """One span of personal data: `text[start:end]` (Python string offsets) is a `kind`."""

    kind: str  # one of KINDS
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end}


class UnknownRegionError(KnownError):
    """A phone region code that libphonenumber does not know."""


