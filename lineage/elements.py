"""Which building element a material is named for, read from the sentence it was found in.

"Het binnenblad van de spouwmuren is opgetrokken in kalkzandsteen; het buitenblad is van
baksteen" names kalkzandsteen for the binnenblad and baksteen for the buitenblad. Materials
are only compared element by element: a material named for no element compares with nothing.
"""

import re

from store.fields import DocumentFields, Found

# Most specific first: the leaf of a cavity wall before the wall itself.
ELEMENTS = {
    "binnenblad": "binnenblad", "binnenspouwblad": "binnenblad",
    "buitenblad": "buitenblad", "buitenspouwblad": "buitenblad",
    "schoorsteen": "schoorsteen", "fundering": "fundering", "vloer": "vloer",
    "dakconstructie": "dak", "dak": "dak", "latei": "latei", "ringbalk": "ringbalk",
    "kolom": "kolom", "balk": "balk", "ligger": "ligger", "topgevel": "topgevel",
}  # fmt: skip
_ELEMENT_RE = re.compile(
    r"\b(" + "|".join(sorted(ELEMENTS, key=len, reverse=True)) + r")(?:en|s|n)?\b", re.IGNORECASE
)
_CLAUSES = re.compile(r"[;,:]|\.\s")
_WORD = re.compile(r"[a-zà-ÿ]+", re.IGNORECASE)


def material_elements(fields: DocumentFields) -> dict[str, list[Found]]:
    """element -> the materials named for it (each with its page and quote)."""
    out: dict[str, list[Found]] = {}
    for found in fields.materials:
        for element in elements_of(found.value, found.source.quote):
            out.setdefault(element, []).append(found)
    return out


def elements_of(material: str, quote: str) -> set[str]:
    """The elements in the clauses of `quote` that name `material`."""
    clauses = [c for c in _CLAUSES.split(quote) if _names(c, material)] or [quote]
    return {e for c in clauses if (e := _element(c)) is not None}


def _names(clause: str, material: str) -> bool:
    """Does the clause name the material (as noun, plural or adjective: beton, betonnen)?"""
    stem = material.lower()[: max(3, len(material) - 2)]
    return any(w.lower().startswith(stem) for w in _WORD.findall(clause))


def _element(clause: str) -> str | None:
    """The most specific element word in the clause."""
    hits = [ELEMENTS[m.group(1).lower()] for m in _ELEMENT_RE.finditer(clause)]
    order = list(dict.fromkeys(ELEMENTS.values()))
    return min(hits, key=order.index) if hits else None
