"""Which of DESIGN.md's document types a document is, and the words that decided it.

Scores cue phrases: in the title area (the subject line and the headings above the salutation
or the first running text of page 1) they weigh most; next the file name and an act the
author performs in the first person ('hierbij maak ik bezwaar', 'hebben wij besloten'); in the
body least (each cue once). Words of the body never count as a title: a cover letter that
mentions 'het verslag van ons gesprek' is a letter. Types are checked in an order where the more
specific wins ties (a 'beslissing op bezwaar' mentions 'bezwaar' and 'besluit' too).
"""

import re
from dataclasses import dataclass

from ingest.analysis.text import Document
from store.fields import Found, Source

TITLE_WEIGHT, NAME_WEIGHT, ACT_WEIGHT, BODY_WEIGHT = 6, 4, 4, 1
_WE = r"(?:ik|wij|we)\s+(?:\w+\s+){0,4}?"  # 'teken ik namens de familie Bos bezwaar aan'
# What the author does by writing, in the first person: it says what the document is.
ACTS: dict[str, str] = {
    "beslissing_op_bezwaar":
        rf"verklaren\s+{_WE}(?:uw\s+|het\s+)?bezwaar(?:schrift)?\s+(?:\w+\s+)?(?:on)?gegrond|"
        rf"beslissen\s+{_WE}op\s+(?:uw|het)\s+bezwaar",
    "bezwaar":
        rf"(?:maak|maken|teken|tekenen)\s+{_WE}bezwaar\b|"
        rf"\b{_WE}(?:maak|maken|teken|tekenen)\s+(?:\w+\s+){{0,2}}?bezwaar\b",
    "zienswijze":
        rf"(?:geef|geven|dien|dienen)\s+{_WE}(?:mijn|onze)\s+zienswijze|"
        rf"\b{_WE}(?:geef|geven|dien|dienen)\s+(?:\w+\s+){{0,2}}?zienswijze",
    "besluit":
        r"(?:hebben|heb)\s+(?:wij|we|ik)\s+(?:\w+\s+){0,2}?besloten|besluiten\s+(?:wij|we)\b",
}  # fmt: skip

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
     r"maak(?:t|en)?\s+(?:ik\s+|wij\s+|we\s+|hierbij\s+)*bezwaar|teken(?:t|en)?\s+bezwaar\s+aan|bezwaarschrift|gronden\s+van\s+(?:het\s+)?bezwaar"),
    ("zienswijze",
     r"zienswijze|reactie\s+(?:op|over|n\.?a\.?v\.?)\s+(?:het\s+|de\s+|uw\s+|jullie\s+)?(?:concept\w*|voorgenomen\s+\w+|ontwerp\w*|(?:\w+\s+)?rapport\w*|beoordeling\w*|opname\w*|versterkingsadvies|advies|besluit)|reactie\s+(?:van\s+(?:de\s+)?)?bewoners?\b",
     r"zienswijze|geef\s+ik\s+mijn\s+reactie|reactie\s+op\s+het\s+(?:voorgenomen\s+|concept\w*\s+)?(?:besluit|rapport|advies)"),
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
     r"gespreks(?:verslag|notitie)|verslag\s+(?:van\s+)?(?:het\s+|een\s+)?\w*gesprek|keukentafelgesprek|\bnotulen\b",
     r"keukentafelgesprek|aanwezig(?:en)?\s*:|het\s+gesprek|besproken"),
    ("correspondentie",
     r"\bbrief\b|e-?mail|correspondentie|bericht|\bmail\b",
     r"geachte|\bbeste\s+[^,\n]{1,40},|(?:vriendelijke|hartelijke)\s+groet|hoogachtend|(?:^|\n)\s*groet(?:en)?\s*,"),
]  # fmt: skip


@dataclass(frozen=True)
class _Compiled:
    doc_type: str
    title: re.Pattern[str]
    body: re.Pattern[str]
    act: re.Pattern[str] | None


_COMPILED = [
    _Compiled(
        t,
        re.compile(a, re.IGNORECASE),
        re.compile(b, re.IGNORECASE),
        re.compile(ACTS[t], re.IGNORECASE) if t in ACTS else None,
    )
    for t, a, b in CUES
]
_FORMS = frozenset({"correspondentie"})
_ARCHIVE_TYPES = ("application/zip", "application/x-zip-compressed")
_EMAIL_TYPES = ("message/rfc822", "application/vnd.ms-outlook")


def _name_words(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return re.sub(r"[_\-.]+", " ", re.sub(r"([a-z])([A-Z])", r"\1 \2", stem))


def _score(doc: Document, c: _Compiled, title: str, name: str) -> tuple[int, str]:
    score, why = 0, ""
    # 'brief' or 'mail' names a form, not a type: a decision or an objection is a letter too
    title_weight, name_weight = (
        (2 * BODY_WEIGHT, 2 * BODY_WEIGHT) if c.doc_type in _FORMS else (TITLE_WEIGHT, NAME_WEIGHT)
    )
    if m := c.title.search(title):
        score, why = score + title_weight, m.group(0)
    if m := c.title.search(name):
        score, why = score + name_weight, why or f"bestandsnaam: {m.group(0)}"
    if c.act is not None and (act := doc.first(c.act)):
        score, why = score + ACT_WEIGHT, why or act.match.group(0)
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
        return _email(doc)
    best, best_score, best_why = _best(doc, _title(doc), _name_words(doc.filename))
    if best_score < 2:
        return Found(value="overig", source=Source(quote="no cue for any document type"))
    return Found(value=best, source=Source(page=1, quote=best_why[:300]))


def _best(doc: Document, title: str, name: str) -> tuple[str, int, str]:
    best, best_score, best_why = "overig", 0, ""
    for compiled in _COMPILED:
        score, why = _score(doc, compiled, title, name)
        if score > best_score:
            best, best_score, best_why = compiled.doc_type, score, why
    return best, best_score, best_why


def _email(doc: Document) -> Found:
    """An e-mail is correspondence, unless its body is itself a document: under a heading of
    its own ('BEZWAARSCHRIFT', 'Betreft: zienswijze') or by an act of its writer ('hierbij
    maak ik bezwaar'). The mail's Subject header does not count: 'Bezwaar tegen besluit' is
    as often the subject of a cover note that sends the objection along."""
    best, score, why = _best(doc, _title(doc, mail_subject=False), "")
    if best != "correspondentie" and score >= min(TITLE_WEIGHT, ACT_WEIGHT):
        return Found(value=best, source=Source(page=1, quote=why[:300]))
    return Found(value="correspondentie", source=Source(page=1, quote="an e-mail message"))


_SALUTATION = re.compile(
    r"(?:geachte|beste|lieve|hallo|dag|goede(?:morgen|middag|navond)|l\.\s?s\.|dear)\b", re.I
)
_SUBJECT = re.compile(r"(?P<label>onderwerp|betreft|subject|inzake|re)\s*:\s*(?P<s>.+)", re.I)
_LABEL = re.compile(r"[A-Za-zÀ-ÿ][\wÀ-ÿ.()/ -]{0,30}:(?:\s|$)")
_SENTENCE_INSIDE = re.compile(r"[a-zà-ÿ]{3,}[.!?]\s+[A-Z][a-zà-ÿ]")  # not after "mr." or "K."


def _prose(line: str) -> bool:
    """A line of running text rather than a heading: the title area ends there."""
    words = len(line.split())
    return words >= 14 or (
        words >= 7 and (line[-1] in ".!?" or bool(_SENTENCE_INSIDE.search(line)))
    )


def _title(doc: Document, mail_subject: bool = True) -> str:
    """What a reader takes for the title of page 1: the subject line ('Betreft: …') and the
    heading lines above the first salutation or running text, without 'Label: value' lines
    (a 'Datum opname: …' line in a report's header does not make it an inspection)."""
    if not doc.pages:
        return ""
    lines = [ln.strip() for ln in doc.pages[0].text.splitlines() if ln.strip()][:40]
    subjects = [
        m["s"]
        for ln in lines
        if (m := _SUBJECT.match(ln)) and (mail_subject or m["label"].lower() != "subject")
    ]
    heads: list[str] = []
    for line in lines:
        if _SALUTATION.match(line) or _prose(line) or len(heads) >= 8:
            break
        if not _LABEL.match(line):
            heads.append(line)
    return "\n".join(subjects + heads)
