"""bench/search.py's fast generator draws exactly what random.Random with the same seed draws,
so the benchmark's documents did not change when the generator was made faster."""

import random

from bench.search import _Pages, _Stream, vocabulary


def test_stream_draws_what_random_draws() -> None:
    ours, theirs = _Stream(7), random.Random(7)
    for _ in range(3):  # across numpy blocks: the pages below take 600 words each
        assert ours.choice("abcdef") == theirs.choice("abcdef")
        assert ours.randrange(2500) == theirs.randrange(2500)
        assert ours.randint(2, 5) == theirs.randint(2, 5)
        assert ours.sample(range(6), 3) == theirs.sample(range(6), 3)
        assert ours.random() == theirs.random()
        assert ours.getrandbits(77) == theirs.getrandbits(77)
        items, same = list(range(50)), list(range(50))
        ours.shuffle(items)
        theirs.shuffle(same)
        assert items == same
        assert list(ours.doubles(5)) == [theirs.random() for _ in range(5)]


def test_pages_are_what_choices_draws() -> None:
    ours, theirs = _Stream(3), random.Random(3)
    words, cum = vocabulary(ours)
    assert (words, cum) == vocabulary(theirs)
    draw = _Pages(ours, words, cum)
    for _ in range(150):  # 150 x 300 words: several of the stream's blocks
        expected = [" ".join(theirs.choices(words, cum_weights=cum, k=100)) for _ in range(3)]
        assert draw(3, 100) == expected
        assert ours.randrange(97) == theirs.randrange(97)
