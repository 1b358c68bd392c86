"""The verdict a document states itself: 'op_norm' or 'niet_op_norm', or nothing.

Only documents that decide or assess can state one (an assessment, a decision, a decision on
objection, a counter-expert report, committee advice, a reinforcement advice). Objections,
responses, conversation records and letters quote or dispute verdicts; they state none.
Within a document, sentences that report someone else's view ('u stelt', 'volgens het
besluit', 'ten onrechte') are skipped; a conclusion sentence wins over other mentions.
"""

import re

from ingest.analysis.lexicon import is_component
from ingest.analysis.text import Document, Hit, sentence_at, sentence_bounds
from store.fields import Found

STATING_TYPES = frozenset({
    "beoordeling", "besluit", "beslissing_op_bezwaar", "contra_expertise",
    "advies_bezwaarcommissie", "versterkingsadvies", "berekening",
})  # fmt: skip

_NORM = (
    r"(?:de\s+)?(?:geldende\s+)?(?:veiligheids)?(?:norm|eisen|NPR\s?9998)"
    r"(?:\s+\(?NPR\s?9998[^)\s]*\)?)?"
)
# 'aan de veiligheidsnorm van 10^-5 per jaar voldoet': a few words qualify the norm
_QUALIFIER = r"(?:\s+(?:\d[\d.,^-]*|[^\s.;:]+)){0,8}?"
_HOUSE = r"(?:woning|pand|gebouw|huis|object|bouwwerk)"
_NEG = [
    rf"voldoe[nt]?\s+(?:\w+\s+){{0,4}}?(?:nog\s+)?niet\s+aan\s+{_NORM}",
    rf"niet\s+(?:\w+\s+){{0,3}}?aan\s+{_NORM}{_QUALIFIER}\s+(?:te\s+)?voldo",
    r"\bniet\s+op\s+norm\b",
    r"\bniet\s+(?:meer\s+)?voldoe[nt]?\b",
    r"\bniet[- ]op[- ]norm\b",
    r"(?:kan\s+niet|niet\s+kan|is\s+niet|niet\s+is)\s+(?:worden\s+)?aangetoond\s+dat\s+[^.]{0,120}?voldo\w*",
    r"voldoet\s+(?:daarmee\s+|dus\s+|derhalve\s+)?niet\b",
    r"\b(?:is|zijn)\s+(?:\w+\s+){0,2}?niet\s+(?:voldoende\s+)?veilig\b",
    r"\bniet\s+(?:voldoende\s+)?veilig\s+(?:is|zijn)\b",
    r"\bonvoldoende\s+veilig\b",
    r"\bonveilig\b",
    r"\bversterking\s+is\s+(?:noodzakelijk|nodig)\b",
    r"\bmoet\s+worden\s+versterkt\b",
]
_POS = [
    rf"\bvoldoe[nt]?\s+(?:\w+\s+){{0,4}}?aan\s+{_NORM}",
    r"\bop\s+norm\b",
    r"\b(?:is|zijn)\s+(?:\w+\s+){0,2}?(?:voldoende\s+)?veilig\b",
    rf"\baan\s+{_NORM}{_QUALIFIER}\s+voldo\w*",
    # 'De woning voldoet.': the house as subject, nothing after the verb
    rf"\b{_HOUSE}\s+voldoet\s*(?=[.;]|$)",
    r"\bgeen\s+versterking\w*\s+(?:\w+\s+)?(?:nodig|noodzakelijk|vereist)\b",
    r"\bveilig\s+(?:is|zijn)\b",
    r"\b(?:niet\s+hoeft|hoeft\s+(?:\w+\s+){0,3}?niet)\s+(?:te\s+)?(?:worden\s+)?versterkt\b",
    r"\bgeen\s+versterking\s+(?:nodig|noodzakelijk)\b",
]
NEGATIVE = re.compile("|".join(_NEG), re.IGNORECASE)
POSITIVE = re.compile("|".join(_POS), re.IGNORECASE)
_REPORTED = re.compile(
    r"\b(?:u\s+stelt|u\s+geeft\s+aan|volgens\s+(?:u|het\s+besluit|de\s+bewoner|het\s+rapport\s+van)|"
    r"ten\s+onrechte|stelt\s+dat|meent\s+dat|is\s+van\s+mening|betoogt|in\s+het\s+bestreden|"
    r"bezwaarmaker|indiener|zou\s+voldoen|vraag(?:t|en)?\s+(?:of|zich\s+af)|indien|als\s+de\s+woning)\b",
    re.IGNORECASE,
)
_ELEMENT = re.compile(
    r"\b(?:element\w*|onderde(?:el|len)|bouwde(?:el|len)|doorsnede\w*|ligger\w*|verbinding\w*|"
    r"toets\w*|controle\w*|uc|unity)\b",
    re.IGNORECASE,
)
_ELEMENT_ID = re.compile(r"\b[A-Z]{1,2}\d{1,3}[a-z]?\b")  # W2, L3, K12: an element's label
_HOUSE_WORD = re.compile(rf"\b{_HOUSE}\b", re.IGNORECASE)
_CONCLUSION = re.compile(
    r"\b(?:conclu\w*|oordeel|besluit(?:en)?|beslis\w*|stellen\s+vast|wij\s+zijn\s+van\s+oordeel|"
    r"samenvatting|resultaat|uitkomst|daarmee|derhalve|dus)\b",
    re.IGNORECASE,
)


def _element_check(text: str, start: int) -> bool:
    """The verb's subject is a part of the house, not the house: 'W2 (element voldoet niet)',
    'de schoorsteen voldoet niet'. A calculation checks elements; that is no verdict."""
    left, _ = sentence_bounds(text, start, start)
    before = text[left:start]
    words = re.findall(r"[\w^-]+", before)
    tail = " ".join(words[-4:])
    if _ELEMENT.search(tail) or _ELEMENT_ID.search(tail):
        return True
    # 'de schoorsteen voldoet niet', but not 'de woning met aanbouw voldoet niet'
    return bool(words) and is_component(words[-1]) and not _HOUSE_WORD.search(before)


def _candidates(doc: Document) -> list[tuple[bool, bool, Hit]]:
    """(is_negative, in_conclusion, hit) for every verdict sentence stated, in text order."""
    found = []
    for page in doc.pages:
        spans = [(m, True) for m in NEGATIVE.finditer(page.text)]
        spans += [
            (m, False)
            for m in POSITIVE.finditer(page.text)
            if not any(
                n.start() <= m.start() < n.end() or m.start() <= n.start() < m.end()
                for n, _ in spans
            )
        ]
        for match, negative in sorted(spans, key=lambda s: s[0].start()):
            sentence = sentence_at(page.text, match.start(), match.end())
            if _REPORTED.search(sentence) or _element_check(page.text, match.start()):
                continue
            found.append((negative, bool(_CONCLUSION.search(sentence)), Hit(match, page.number)))
    return found


def verdict(doc: Document, doc_type: str) -> Found | None:
    if doc_type not in STATING_TYPES:
        return None
    candidates = _candidates(doc)
    if not candidates:
        return None
    conclusions = [c for c in candidates if c[1]]
    negative, _, hit = (conclusions or candidates)[-1]
    return Found(value="niet_op_norm" if negative else "op_norm", source=hit.source())
