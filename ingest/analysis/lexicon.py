"""Components, materials, firms, norm and method: found by word lists kept as data files."""

import re
from functools import cache
from pathlib import Path

from ingest.analysis.text import Document, sentence_at
from store.fields import Found

HERE = Path(__file__).parent
_NEGATION = re.compile(
    r"\b(geen|zonder|ontbreekt|ontbreken|niet aanwezig|afwezig)\b", re.IGNORECASE
)


def _lines(name: str) -> list[str]:
    text = (HERE / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def _component_forms() -> dict[str, str]:
    """Every written form (singular and plurals, folded) → the lexicon's singular."""
    forms: dict[str, str] = {}
    for word in _lines("lexicon_components.txt"):
        head, _, last = word.rpartition(" ")
        for form in sorted(plural_forms(last)):
            forms.setdefault(_fold(f"{head} {form}" if head else form), word)
    return forms


@cache
def _component_re() -> re.Pattern[str]:
    forms = sorted(_component_forms(), key=len, reverse=True)
    alts = "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in forms)
    return re.compile(rf"\b(?P<w>{alts})\b", re.IGNORECASE)


def is_component(word: str) -> bool:
    """A building component of the word list, in any of its written forms."""
    return _fold(word) in _component_forms()


_VOWELS = "aeiou"


def plural_forms(noun: str) -> set[str]:
    """The noun and its Dutch plurals by the spelling rules, so a word list can stay singular.

    -s / -en / -n always (gevels, wanden, kruipruimten); a long vowel written double loses a
    letter in the open syllable (muur → muren, schoorsteen → schoorstenen); a short vowel
    before one final consonant doubles it (nok → nokken, dakkapel → dakkapellen). Forms
    that are not real words do no harm: nothing else is written that way.
    """
    forms = {noun, noun + "s", noun + "en", noun + "n"}
    if len(noun) >= 3 and noun[-1] not in _VOWELS:
        a, b = noun[-3], noun[-2]
        if a == b and a in _VOWELS:  # muur → muren
            forms.add(noun[:-2] + noun[-1] + "en")
        elif b in _VOWELS and a not in _VOWELS and noun[-1] not in "wy":  # nok → nokken
            forms.add(noun + noun[-1] + "en")
    return forms


@cache
def _materials() -> tuple[re.Pattern[str], dict[str, str]]:
    forms: dict[str, str] = {}
    for line in _lines("lexicon_materials.txt"):
        canonical, *others = line.split("|")
        for form in [canonical, *others]:
            forms[form.lower()] = canonical
    alts = "|".join(
        re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True)
    )
    return re.compile(rf"\b(?P<w>{alts})\b", re.IGNORECASE), forms


@cache
def _known_firm_re() -> re.Pattern[str]:
    names = sorted(_lines("lexicon_firms.txt"), key=len, reverse=True)
    return re.compile("(?P<w>" + "|".join(re.escape(f) for f in names) + ")")


@cache
def _firm_re() -> re.Pattern[str]:
    legal = (
        r"[A-Z][\w&+'.\-]*(?:\s(?:van|de|der|en|&)?\s?[A-Z][\w&+'.\-]*){0,3}\s"
        r"(?:Raadgevende\s)?(?:Ingenieurs(?:bureau)?|Engineering|Constructies|Constructieadvies|"
        r"Bouwadvies|Adviseurs|Bouwtechniek)(?:\sB\.V\.)?"
    )
    return re.compile(rf"(?P<w>{legal})")


_NORM = re.compile(
    r"\bNPR\s?9998(?:\s?[:(]\s?(?P<y>20\d\d)\)?)?(?P<c>\s?\+\s?C\d|:C\d)?", re.IGNORECASE
)
_METHOD = re.compile(
    r"\b(?P<w>NLTH|NLPO|niet[- ]lineaire?\s+tijd(?:s)?domein\w*|pushover\w*|"
    r"niet[- ]lineaire?\s+pushover\w*)\b",
    re.IGNORECASE,
)


def _negated(text: str, start: int, end: int) -> bool:
    sentence = sentence_at(text, start, end)
    return bool(_NEGATION.search(sentence))


def _fold(word: str) -> str:
    return re.sub(r"[\s-]+", " ", word.lower())


def components(doc: Document) -> list[Found]:
    found: dict[str, Found] = {}
    forms = _component_forms()
    for hit in doc.finditer(_component_re()):
        word = forms.get(_fold(hit.match["w"]), _fold(hit.match["w"]))
        if word in found or _negated(hit.match.string, hit.match.start(), hit.match.end()):
            continue
        found[word] = Found(value=word, source=hit.source())
    return list(found.values())


def materials(doc: Document) -> list[Found]:
    pattern, forms = _materials()
    found: dict[str, Found] = {}
    for hit in doc.finditer(pattern):
        canonical = forms[re.sub(r"\s+", " ", hit.match["w"].lower())]
        if canonical not in found:
            found[canonical] = Found(value=canonical, source=hit.source())
    return list(found.values())


def firm(doc: Document) -> Found | None:
    hit = doc.first(_known_firm_re()) or doc.first(_firm_re())
    return Found(value=" ".join(hit.match["w"].split()), source=hit.source()) if hit else None


def norm(doc: Document) -> Found | None:
    hit = doc.first(_NORM)
    if hit is None:
        return None
    value = "NPR 9998" + (f":{hit.match['y']}" if hit.match["y"] else "")
    if hit.match["c"]:
        value += "+" + hit.match["c"].strip(" +:").upper()
    return Found(value=value, source=hit.source())


def method(doc: Document) -> Found | None:
    hit = doc.first(_METHOD)
    if hit is None:
        return None
    word = hit.match["w"].lower()
    value = "NLTH" if ("tijd" in word or word == "nlth") else "NLPO"
    return Found(value=value, source=hit.source())
