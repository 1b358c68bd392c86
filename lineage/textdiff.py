"""Text diff by page and paragraph: which paragraphs were added, dropped or rewritten, and on
which page each stands — not a diff of raw characters."""

import difflib
import re

from lineage.models import Paragraph, TextHunk
from store.parsed import ParseResult

_BLANK = re.compile(r"\n\s*\n")
_SPACE = re.compile(r"\s+")


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
        hunks.append(TextHunk(op=op, old=old[i1:i2], new=new[j1:j2]))
    return hunks, same
