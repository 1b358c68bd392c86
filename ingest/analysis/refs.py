"""The document's own kenmerk, and references to other documents (by kenmerk and date)."""

import re

from ingest.analysis.dates import DATE, DATE_RE, to_date
from ingest.analysis.text import Document
from store.fields import Found, Reference

_VALUE = r"(?P<k>[A-Z0-9][A-Za-z0-9]*(?:[-/._][A-Za-z0-9]+){1,6})"
_OWN = re.compile(
    rf"(?:^|\n|\s)(?:ons kenmerk|onze referentie|kenmerk|referentie|rapportnummer|"
    rf"rapportnr\.?|projectnummer|projectnr\.?|documentnummer|zaaknummer)\s*[:.]?\s*{_VALUE}",
    re.IGNORECASE,
)
# 'met kenmerk X', 'het rapport onder kenmerk X': someone else's number, cited in a sentence
_CITING = re.compile(
    r"\b(?:uw|met|onder|het|de|dit|dat|zijn|haar|naar|van|op|en)\s*$", re.IGNORECASE
)
_THEIRS = re.compile(
    rf"(?:uw kenmerk|uw referentie|met kenmerk|onder kenmerk|kenmerk|rapport|besluit|"
    rf"referentie)\s*[:.]?\s*\(?{_VALUE}",
    re.IGNORECASE,
)
_DATE_NEAR = re.compile(rf"(?:van|d\.d\.|gedateerd|dated)\s+{DATE}", re.IGNORECASE)
_TYPE_WORDS = {
    "beoordeling": "beoordeling", "beoordelingsrapport": "beoordeling", "opname": "opname",
    "opnamerapport": "opname", "besluit": "besluit", "advies": "versterkingsadvies",
    "berekening": "berekening", "bezwaar": "bezwaar", "zienswijze": "zienswijze",
}  # fmt: skip
_UNIT_LIKE = re.compile(r"^\d+([.,]\d+)?$")


def own_kenmerk(doc: Document) -> Found | None:
    """A number under its own label ('Kenmerk: …', 'Projectnummer …', 'ons kenmerk'), not one
    a sentence cites ('het rapport met kenmerk …') and not the addressee's ('uw kenmerk')."""
    for hit in doc.finditer(_OWN):
        text, start = hit.match.string, hit.match.start()
        label_start = start + len(hit.match.group(0)) - len(hit.match.group(0).lstrip())
        if _CITING.search(text[max(0, label_start - 12) : label_start]):
            continue
        if not _is_kenmerk(hit.match["k"]):
            continue
        return Found(value=hit.match["k"], source=hit.source())
    return None


def references(doc: Document, own: str | None) -> list[Reference]:
    """Every other kenmerk cited, with a date 'van …' nearby and the type word before it."""
    found: dict[str, Reference] = {}
    for hit in doc.finditer(_THEIRS):
        value = hit.match["k"]
        if value == own or value in found or not _is_kenmerk(value):
            continue
        text = hit.match.string
        window = text[hit.match.start() : hit.match.end() + 60]
        date_match = _DATE_NEAR.search(window) or _DATE_NEAR.search(
            text[max(0, hit.match.start() - 60) : hit.match.start()]
        )
        before = text[max(0, hit.match.start() - 40) : hit.match.start()].lower()
        doc_type = next(
            (t for w, t in _TYPE_WORDS.items() if w in before or w in window.lower()), None
        )
        found[value] = Reference(
            kenmerk=value, date=to_date(date_match) if date_match else None, doc_type=doc_type,
            source=hit.source(),
        )  # fmt: skip
    return list(found.values())


def _is_kenmerk(value: str) -> bool:
    """A reference number has digits and is not a plain number or a date."""
    if DATE_RE.fullmatch(value) or _UNIT_LIKE.match(value):
        return False
    return any(c.isdigit() for c in value) and len(value) >= 5
