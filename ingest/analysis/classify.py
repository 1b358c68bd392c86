"""Which of DESIGN.md's document types a document is, and the words that decided it.

Scores cue phrases: in the title area (top of page 1) they weigh most, in the file name
next, in the body least (each cue once). Types are checked in an order where the more
specific wins ties (a 'beslissing op bezwaar' mentions 'bezwaar' and 'besluit' too).
"""

import re
from dataclasses import dataclass

from ingest.analysis.text import Document
from store.fields import Found, Source

TITLE_WEIGHT, NAME_WEIGHT, BODY_WEIGHT = 6, 4, 1

# (type, cues in title/name, cues in body); most specific types first.
CUES: list[tuple[str, str, str]] = [
    ("beslissing_op_bezwaar",
     r"beslissing\s+op\s+(?:uw\s+|het\s+)?bezwaar|besluit\s+op\s+(?:uw\s+|het\s+)?bezwaar|\bbob\b|beslissing[\s_-]*bezwaar",
     r"beslissing\s+op\s+(?:uw\s+|het\s+)?bezwaar|verklaren\s+(?:uw\s+)?bezwaar\s+(?:on)?gegrond|bezwaar\s+is\s+(?:on)?gegrond|herroepen"),
    ("advies_bezwaarcommissie",
     r"advies\s+(?:van\s+de\s+)?(?:onafhankelijke\s+)?(?:bezwaar|advies)commissie|commissieadvies|advies[\s_-]*bc\b|advies[\s_-]*commissie",
     r"de\s+commissie\s+adviseert|commissie\s+bezwaarschriften|adviescommissie|bezwaarcommissie\s+adviseert"),
    ("hoorzitting",
     r"hoorzitting|verslag\s+(?:van\s+de\s+)?hoorzitting|hoorverslag",
     r"hoorzitting|ter\s+zitting|gehoord"),
    ("contra_expertise",
     r"contra[\s-]?expertise|contra[\s-]?expert|second\s+opinion|tegenrapport|tegenexpertise",
     r"contra[\s-]?expert|second\s+opinion|in\s+opdracht\s+van\s+(?:de\s+)?bewoner"),
    ("bezwaar",
     r"bezwaarschrift|\bbezwaar\b|pro\s+forma",
     r"maak(?:t|en)?\s+(?:hierbij\s+)?bezwaar|teken(?:t|en)?\s+bezwaar\s+aan|bezwaarschrift|gronden\s+van\s+(?:het\s+)?bezwaar"),
    ("zienswijze",
     r"zienswijze",
     r"zienswijze|geef\s+ik\s+mijn\s+reactie|reactie\s+op\s+het\s+(?:voorgenomen\s+)?besluit"),
    ("besluit",
     r"\bbesluit\b|beschikking|besluit\s+versterking",
     r"hebben\s+(?:wij\s+)?besloten|besluiten\s+(?:wij|dat)|wij\s+besluiten|dit\s+besluit|bezwaar\s+maken\s+tegen\s+dit\s+besluit"),
    ("versterkingsadvies",
     r"versterkingsadvies|advies\s+versterking|versterkingsontwerp|versterkingsplan",
     r"versterkingsmaatregel|versterkingsadvies|te\s+versterken\s+onderdelen"),
    ("berekening",
     r"berekening|rekenrapport|rekennota|\bnlth\b|\bnlpo\b|pushover[\s-]*analyse|constructieberekening",
     r"rekenmodel|rekenresultaten|berekend|eindige[\s-]elementen|tijdsdomein"),
    ("beoordeling",
     r"beoordeling|beoordelingsrapport|engineeringsrapport|toetsing|veiligheidsbeoordeling|\bbor\b",
     r"beoordeeld|getoetst\s+aan|toetsing\s+aan|NPR\s?9998"),
    ("opname",
     r"opname|opnamerapport|inspectie|inspectierapport|bouwkundige\s+opname|inventarisatie|opnameverslag",
     r"tijdens\s+de\s+opname|is\s+opgenomen|ter\s+plaatse\s+(?:is|zijn)|aangetroffen|geïnspecteerd"),
    ("gespreksverslag",
     r"gespreksverslag|verslag\s+(?:van\s+het\s+)?gesprek|keukentafelgesprek|gespreksnotitie|gesprek",
     r"keukentafelgesprek|aanwezig(?:en)?\s*:|het\s+gesprek|besproken"),
    ("correspondentie",
     r"\bbrief\b|e-?mail|correspondentie|bericht|\bmail\b",
     r"geachte|met\s+vriendelijke\s+groet|hoogachtend"),
]  # fmt: skip


@dataclass(frozen=True)
class _Compiled:
    doc_type: str
    title: re.Pattern[str]
    body: re.Pattern[str]


_COMPILED = [
    _Compiled(t, re.compile(a, re.IGNORECASE), re.compile(b, re.IGNORECASE)) for t, a, b in CUES
]
_ARCHIVE_TYPES = ("application/zip", "application/x-zip-compressed")
_EMAIL_TYPES = ("message/rfc822", "application/vnd.ms-outlook")


def _name_words(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return re.sub(r"[_\-.]+", " ", re.sub(r"([a-z])([A-Z])", r"\1 \2", stem))


def _score(doc: Document, c: _Compiled, title: str, name: str) -> tuple[int, str]:
    score, why = 0, ""
    if m := c.title.search(title):
        score, why = score + TITLE_WEIGHT, m.group(0)
    if m := c.title.search(name):
        score, why = score + NAME_WEIGHT, why or f"bestandsnaam: {m.group(0)}"
    body_hits = {m.group(0).lower() for p in doc.pages for m in c.body.finditer(p.text)}
    score += BODY_WEIGHT * min(len(body_hits), 3)
    return score, why or next(iter(sorted(body_hits)), "")


def classify(doc: Document, media_type: str | None, hint: str | None) -> Found:
    if hint:
        return Found(value=hint, source=Source(quote="type given in the manifest"))
    if media_type and media_type.startswith("image/") and doc.chars < 200:
        return Found(value="foto", source=Source(quote="an image with little or no text"))
    if media_type in _ARCHIVE_TYPES:
        return Found(value="overig", source=Source(quote="an archive of other documents"))
    if media_type in _EMAIL_TYPES:
        return Found(value="correspondentie", source=Source(page=1, quote="an e-mail message"))
    title = _title(doc)
    name = _name_words(doc.filename)
    best, best_score, best_why = "overig", 0, ""
    for compiled in _COMPILED:
        score, why = _score(doc, compiled, title, name)
        if score > best_score:
            best, best_score, best_why = compiled.doc_type, score, why
    if best_score < 2:
        return Found(value="overig", source=Source(quote="no cue for any document type"))
    return Found(value=best, source=Source(page=1, quote=best_why[:300]))


def _title(doc: Document) -> str:
    """The first lines of page 1 that are not letterhead boilerplate."""
    if not doc.pages:
        return ""
    lines = [ln.strip() for ln in doc.pages[0].text.splitlines() if ln.strip()]
    subject = [ln for ln in lines[:40] if re.match(r"(?:onderwerp|betreft|subject)\s*:", ln, re.I)]
    return "\n".join(subject + lines[:6])
