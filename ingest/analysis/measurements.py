"""Named measurements ('gevelbreedte 6,40 m', 'de breedte van de gevel is 640 cm').

Lengths are normalised to metres (mm, cm, meter → m) so that an inspection and an
assessment that write the same size differently compare equal; areas in m², angles in °.
"""

import re
from functools import cache

from ingest.analysis.lexicon import _lines
from ingest.analysis.text import Document
from store.fields import Measurement

_UNITS = {"mm": ("m", 0.001), "cm": ("m", 0.01), "m": ("m", 1.0), "meter": ("m", 1.0),
          "m1": ("m", 1.0), "m2": ("m²", 1.0), "m²": ("m²", 1.0), "graden": ("°", 1.0),
          "°": ("°", 1.0)}  # fmt: skip
# '2.900 mm' (a Dutch thousands point) before '2,90 m' / '2.9 m' (a decimal comma or point)
_VALUE = (
    r"(?P<v>\d{1,3}(?:\.\d{3})+(?![.,]?\d)|\d{1,5}(?:[.,]\d{1,3})?)"
    r"\s?(?P<u>mm|cm|m²|m2|m1|meter|m|graden|°)(?![A-Za-z0-9])"
)
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")
_WHOLE_UNITS = frozenset({"mm", "cm"})
_LINK = (
    r"(?:\s*\([^)]{0,20}\))?\s*(?:[:=]|is|bedraagt|bedroeg|van|circa|ca\.|ongeveer|gemeten|\s)*\s*"
)
_DIMS = {"breedte": "breedte", "hoogte": "hoogte", "dikte": "dikte", "lengte": "lengte",
         "diepte": "diepte"}  # fmt: skip


@cache
def _named() -> re.Pattern[str]:
    names = "|".join(sorted(_lines("lexicon_measurements.txt"), key=len, reverse=True))
    return re.compile(rf"\b(?P<name>{names})\b{_LINK}{_VALUE}", re.IGNORECASE)


_OF = re.compile(
    rf"\b(?P<dim>breedte|hoogte|dikte|lengte|diepte) van de (?P<of>[a-z]+?)\b{_LINK}{_VALUE}",
    re.IGNORECASE,
)


def measurements(doc: Document) -> list[Measurement]:
    found: dict[tuple[str, float, str], Measurement] = {}
    for pattern in (_named(), _OF):
        for hit in doc.finditer(pattern):
            groups = hit.match.groupdict()
            name = (
                groups["name"].lower()
                if groups.get("name")
                else (groups["of"] + groups["dim"]).lower()
            )
            unit, factor = _UNITS[groups["u"].lower()]
            value = round(number(groups["v"], groups["u"].lower()) * factor, 3)
            key = (name, value, unit)
            if key not in found:
                found[key] = Measurement(name=name, value=value, unit=unit, source=hit.source())
    return list(found.values())


def number(text: str, unit: str) -> float:
    """'2.900' before mm or cm is 2900: Dutch writes a point between thousands, and nobody
    measures a house to a thousandth of a millimetre. Before m it stays a decimal point
    ('6.400 m' is 6.4 m: a house is not 6 km wide). A comma is always the decimal sign."""
    if unit in _WHOLE_UNITS and _GROUPED.fullmatch(text):
        return float(text.replace(".", ""))
    return float(text.replace(",", "."))
