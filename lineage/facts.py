"""Small readings of a version record that every part of the trace needs, in one place."""

import datetime as dt
import functools
import re

from store.fields import Measurement
from store.models import DocumentVersion

DECISIONS = ("besluit", "beslissing_op_bezwaar")
ASSESSMENT = "beoordeling"
INSPECTION = "opname"
OBJECTION_PROCEDURE = ("bezwaar", "hoorzitting", "advies_bezwaarcommissie", "contra_expertise")
_TO_METRES = {"m": 1.0, "cm": 0.01, "mm": 0.001, "dm": 0.1}


def day_of(version: DocumentVersion) -> dt.date:
    """The date a version speaks for: its own date, else its effective date."""
    return version.document_date or version.effective_at.date()


def verdict_of(version: DocumentVersion) -> str | None:
    return version.fields.verdict.value if version.fields.verdict else None


def kenmerk_of(version: DocumentVersion) -> str | None:
    return version.fields.kenmerk.value if version.fields.kenmerk else None


def same_kenmerk(a: str | None, b: str | None) -> bool:
    """Kenmerken compare without case, spaces and separators ('NCG/2022/9' = 'ncg-2022-9')."""
    return bool(a and b) and _fold(a or "") == _fold(b or "")


@functools.lru_cache(maxsize=65536)
def _fold(kenmerk: str) -> str:
    return re.sub(r"[^0-9a-z]", "", kenmerk.lower())


def metres(m: Measurement) -> float | None:
    """A length in metres; None for a unit that is not a length."""
    factor = _TO_METRES.get(m.unit.strip().lower())
    return None if factor is None else round(m.value * factor, 4)


def show_length(value: float) -> str:
    """6.4 -> '6.40 m' (the way a reviewer reads a dimension); 0.003 -> '0.003 m'."""
    shown = f"{value:.2f}"
    return f"{shown} m" if abs(float(shown) - value) < 1e-9 else f"{value:g} m"


def of_type(versions: dict[str, DocumentVersion], doc_type: str) -> list[DocumentVersion]:
    """The versions of that type, oldest first (by date, then document id)."""
    found = [v for v in versions.values() if v.doc_type == doc_type]
    return sorted(found, key=lambda v: (v.effective_at, v.doc_id))
