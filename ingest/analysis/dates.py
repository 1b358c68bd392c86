"""Dutch dates in the forms people write them, and which one is the document's own date."""

import datetime as dt
import email.utils
import re

from ingest.analysis.text import Document, Hit
from store.fields import FoundDate

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8,
    "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\s+)?"
DATE = (
    rf"(?:{_DAY}(?P<d1>\d{{1,2}})\s*(?P<m1>{_MONTH_RE})\.?\s+(?P<y1>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})[-/.](?P<m2>\d{1,2})[-/.](?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d{1,2})-(?P<d3>\d{1,2}))"
)
DATE_RE = re.compile(rf"\b{DATE}\b", re.IGNORECASE)
_LABELLED = re.compile(
    r"(?:^|\n)[ \t]*(?:datum(?: van)?(?: het)?(?: rapport| opname| besluit| brief| verzending| "
    r"inspectie| beoordeling| gesprek| hoorzitting| advies)?|rapportdatum|verzenddatum|"
    r"dagtekening|opgesteld op|d\.d\.)\s*[:.]?\s*" + DATE,
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(r"(?:^|\n)[ \t]*[A-Z][a-zà-ü\- ]{2,30},\s+(?:de\s+)?" + DATE)
_EMAIL_DATE = re.compile(r"(?:^|\n)Date:\s*(?P<raw>[^\n]+)")


def to_date(match: re.Match[str]) -> dt.date | None:
    g = match.groupdict()
    try:
        if g.get("y1"):
            return dt.date(int(g["y1"]), MONTHS[g["m1"].lower().rstrip(".")], int(g["d1"]))
        if g.get("y2"):
            return dt.date(int(g["y2"]), int(g["m2"]), int(g["d2"]))
        if g.get("y3"):
            return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    except (ValueError, KeyError):
        return None
    return None


def _found(hit: Hit | None) -> FoundDate | None:
    if hit is None:
        return None
    value = to_date(hit.match)
    return FoundDate(value=value, source=hit.source()) if value else None


def document_date(doc: Document) -> FoundDate | None:
    """A labelled date ('Datum: …'), else 'Plaats, 12 maart 2021', else an e-mail's Date:
    header, else the first date at the top of page 1; never any date from the body."""
    for pattern in (_LABELLED, _PLACE_DATE):
        found = _found(doc.first(pattern))
        if found:
            return found
    email_hit = doc.first(_EMAIL_DATE)
    if email_hit is not None:
        parsed = _email_date(email_hit.match.group("raw"))
        if parsed:
            return FoundDate(value=parsed, source=email_hit.source())
    if doc.pages:
        head = doc.pages[0].text[:400]
        match = DATE_RE.search(head)
        if match:
            return _found(Hit(match, doc.pages[0].number))
    return None


def _email_date(raw: str) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(raw.strip()).date()
    except (TypeError, ValueError):
        match = DATE_RE.search(raw)
        return to_date(match) if match else None
