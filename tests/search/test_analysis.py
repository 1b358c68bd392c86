"""The cached analysis must give exactly the analyzers' own tokens, whatever the text."""

import random
import threading
from itertools import chain

from search import compounds
from search.analysis import CachedAnalysis, ThreadAnalyzers

ODD = [
    "Één topgevel, de gevelbreedte is 6,40 m. Ⅻ ⑴ ﬁnale straße ÆSIR Ölçü привет мир",
    "x" * 40 + " " + "y" * 41 + " é" * 3 + " " + "é" * 25 + " İstanbul ǅ",
    "",
    "de het een van",
    "ß" * 20 + " ﬃ" * 3,
    "De berekeningen zijn uitgevoerd; de woning voldoet niet aan de norm (NPR 9998:2020).",
]
CHARS = "abcdeéëïöüßæøåñçĳ0123456789 .,-'\n\tⅫ⑴ﬁ½²İıΣσςяЯ"  # noqa: RUF001 - odd letters on purpose


def test_cached_stems_equal_the_stem_analyzer() -> None:
    analysis = CachedAnalysis()
    rng = random.Random(1)
    texts = ODD + ["".join(rng.choices(CHARS, k=rng.randint(0, 300))) for _ in range(2000)]
    for text in texts + texts:  # the second pass answers from the cache
        exact, stems = analysis.analyze(text)
        assert exact == analysis.exact.analyze(text), text
        assert stems == analysis.stem.analyze(text), text


def _parts_uncached(text: str) -> str:
    words = set(compounds._WORD.findall(text.lower()))
    return " ".join(sorted(set(chain.from_iterable(map(compounds._cuts, words)))))


def test_parts_text_equals_the_uncached_split() -> None:
    texts = [
        "Topgevel, gevelbreedte en veiligheidsoordeel; VERSTERKINGSADVIES voor de kopgevel.",
        "kalkzandsteenmuur één café spouwmuren schoorsteenkop",
        *ODD,
    ]
    for text in texts:
        assert compounds.parts_text(text) == _parts_uncached(text)
    old = compounds.SPLIT_CACHE
    compounds.SPLIT_CACHE = 3  # a full cache is swapped for a new one mid-text
    try:
        for text in texts + texts:
            assert compounds.parts_text(text) == _parts_uncached(text)
    finally:
        compounds.SPLIT_CACHE = old


def test_each_thread_has_its_own_analyzers() -> None:
    """tantivy's analyze() borrows its analyzer mutably, so no two threads may share one."""
    shared = ThreadAnalyzers()
    seen: list[object] = []  # the objects themselves, so no id is reused

    def grab() -> None:
        assert shared.stem.analyze("berekeningen") == shared.stem.analyze("berekening")
        seen.extend((shared.stem, shared.exact))

    threads = [threading.Thread(target=grab) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(a) for a in seen}) == 8
