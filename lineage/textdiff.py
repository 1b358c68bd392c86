"""Text diff by page and paragraph: which paragraphs were added, dropped or rewritten, and on
which page each stands — not a diff of raw characters."""

import difflib
import re

from lineage.models import Paragraph, TextHunk
from store.parsed import ParseResult

SIMILAR = 0.5
_BLANK = re.compile(r"\n\s*\n")
_SPACE = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(
    r"(?:pagina|blad|page|p\.)?\s*-?\s*\d{1,4}\s*(?:(?:/|van|of)\s*\d{1,4})?\s*-?", re.IGNORECASE
)


def paragraphs(parse: ParseResult | None) -> list[Paragraph]:
    """The parser's elements (one per paragraph, with page); else page text split on blank
    lines, or on lines when a page has no blank lines."""
    if parse is None:
        return []
    if parse.elements:
        return _numbered([(e.page, e.text) for e in parse.elements])
    out: list[tuple[int | None, str]] = []
    for page in parse.pages:
        blocks = _BLANK.split(page.text)
        if len(blocks) == 1:
            blocks = page.text.splitlines()
        out.extend((page.number, b) for b in blocks)
    return _numbered(out)


def _numbered(items: list[tuple[int | None, str]]) -> list[Paragraph]:
    out, counts = [], dict[int | None, int]()
    for page, text in items:
        clean = _SPACE.sub(" ", text).strip()
        if not clean:
            continue
        index = counts.get(page, 0)
        counts[page] = index + 1
        out.append(Paragraph(page=page, index=index, text=clean))
    return out


def without_furniture(paras: list[Paragraph]) -> tuple[list[Paragraph], int]:
    """Leave out page numbers and running headers/footers (text on at least half the pages,
    and on more than one): they change with the layout, not with what a report says."""
    pages = {p.page for p in paras}
    on_pages: dict[str, set[int | None]] = {}
    for p in paras:
        on_pages.setdefault(p.text, set()).add(p.page)
    running = {t for t, ps in on_pages.items() if len(ps) > 1 and 2 * len(ps) >= len(pages)}
    kept = [p for p in paras if p.text not in running and not _PAGE_NUMBER.fullmatch(p.text)]
    return kept, len(paras) - len(kept)


def text_diff(old: list[Paragraph], new: list[Paragraph]) -> tuple[list[TextHunk], int]:
    """Hunks of paragraphs that differ, and how many paragraphs stayed the same (a paragraph
    that only moved to another page counts as the same)."""
    matcher = difflib.SequenceMatcher(a=[p.text for p in old], b=[p.text for p in new],
                                      autojunk=False)  # fmt: skip
    hunks, same = [], 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            same += i2 - i1
            continue
        if op == "replace":
            hunks.extend(_paired(old[i1:i2], new[j1:j2]))
        else:
            hunks.append(TextHunk(op=op, old=old[i1:i2], new=new[j1:j2]))
    return hunks, same


def _paired(old: list[Paragraph], new: list[Paragraph]) -> list[TextHunk]:
    """Split a replaced block so a rewritten paragraph stands beside its new wording; what has
    no counterpart (under half the words in common) is a plain delete or insert."""
    out, j = [], 0
    for para in old:
        k = next((k for k in range(j, len(new)) if _similar(para.text, new[k].text)), None)
        if k is None:
            out.append(TextHunk(op="delete", old=[para], new=[]))
            continue
        if k > j:
            out.append(TextHunk(op="insert", old=[], new=new[j:k]))
        out.append(TextHunk(op="replace", old=[para], new=[new[k]]))
        j = k + 1
    if j < len(new):
        out.append(TextHunk(op="insert", old=[], new=new[j:]))
    return out


def _similar(a: str, b: str) -> bool:
    matcher = difflib.SequenceMatcher(a=a.split(), b=b.split(), autojunk=False)
    return matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR
