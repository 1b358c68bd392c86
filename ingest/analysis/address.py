"""Postcode, huisnummer and toevoeging: from an address line, else from labels."""

import re
from collections import Counter

from ingest.analysis.text import Document, Hit
from store.fields import Found

_POSTCODE = r"(?P<pc>[1-9]\d{3})\s?(?P<pl>[A-Z]{2})(?![A-Za-z])"
_NUMBER = r"(?P<nr>\d{1,5})(?:\s?-?\s?(?P<tv>[A-Za-z]{1,2}\b|bis\b|\d{1,3}(?=\s*(?:,|\n|$))))?"
_STREET = r"[A-Z][A-Za-zà-ü'.\-]+(?:[ \t](?:[a-z]{1,4}[ \t])?[A-Za-zà-ü'.\-]+){0,4}?"
# "Hoofdstraat 12a, 9711 AB Groningen" or "Hoofdstraat 12-A\n9711AB Groningen"
_LINE = re.compile(rf"\b{_STREET}[ \t]{_NUMBER}\s*(?:,\s*|\n\s*|\s+)(?:{_POSTCODE})")
_LABELLED_PC = re.compile(rf"\bpostcode\s*[:]?\s*{_POSTCODE}", re.IGNORECASE)
_LABELLED_NR = re.compile(rf"\bhuisnummer\s*[:]?\s*{_NUMBER}", re.IGNORECASE)
_POSTBUS = re.compile(r"(?:postbus|antwoordnummer|p\.?o\.? box)\b", re.IGNORECASE)
_ANY_PC = re.compile(rf"\b{_POSTCODE}\b")


_OBJECT_LABEL = re.compile(
    r"\b(?:object|adres|woning|locatie|pand|perceel|betreft|inzake|op\s+het\s+adres|aan\s+de)"
    r"\s*[:.]?\s*$",
    re.IGNORECASE,
)


_ADDRESSEE = re.compile(
    r"\b(?:de\s+heer|mevrouw|dhr\.?|mevr\.?|fam(?:ilie)?\.?|aan\s+de\s+bewoners?)\b", re.I
)


def address(doc: Document) -> dict[str, Found]:
    """The house's address: one labelled as the object ('Object:', 'op het adres'), else the
    one named most often, else the first. A letter's letterhead names the sender's address
    once; the house comes back in the addressee block and the text."""
    hits = [h for h in doc.finditer(_LINE) if not _POSTBUS.match(h.match.group(0))]
    hit = _house(hits)
    if hit is not None:
        m = hit.match
        found = {
            "postcode": Found(value=f"{m['pc']} {m['pl']}", source=hit.source()),
            "huisnummer": Found(value=m["nr"], source=hit.source()),
        }
        if m["tv"]:
            found["toevoeging"] = Found(
                value=m["tv"].upper() if len(m["tv"]) <= 2 else m["tv"], source=hit.source()
            )
        return found
    return _labelled(doc)


def _house(hits: list[Hit]) -> Hit | None:
    if not hits:
        return None
    for h in hits:
        text, start = h.match.string, h.match.start()
        line_start = text.rfind("\n", 0, start) + 1
        if _OBJECT_LABEL.search(text[max(line_start, start - 40) : start]):
            return h
    counts = Counter((h.match["pc"], h.match["pl"], h.match["nr"]) for h in hits)
    return max(
        hits,
        key=lambda h: (counts[(h.match["pc"], h.match["pl"], h.match["nr"])], _addressee(h)),
    )


def _addressee(hit: Hit) -> bool:
    """Under an addressee's name ('De heer J. Bos', 'Familie Kooi'): the resident's house."""
    text, start = hit.match.string, hit.match.start()
    above = text[max(0, start - 80) : start].splitlines()[-2:]
    return bool(_ADDRESSEE.search(" ".join(above)))


def _labelled(doc: Document) -> dict[str, Found]:
    found: dict[str, Found] = {}
    pc = doc.first(_LABELLED_PC) or next(
        (h for h in doc.finditer(_ANY_PC) if not _after_postbus(h.match.string, h.match.start())),
        None,
    )
    if pc is not None:
        found["postcode"] = Found(value=f"{pc.match['pc']} {pc.match['pl']}", source=pc.source())
    nr = doc.first(_LABELLED_NR)
    if nr is not None:
        found["huisnummer"] = Found(value=nr.match["nr"], source=nr.source())
        if nr.match["tv"]:
            found["toevoeging"] = Found(value=nr.match["tv"].upper(), source=nr.source())
    return found


def _after_postbus(text: str, start: int) -> bool:
    return bool(_POSTBUS.search(text[max(0, start - 40) : start]))
