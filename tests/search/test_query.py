"""The forgiving query parser: pure, no index needed."""

import pytest

from search.query import ParsedQuery, Term, parse


def _words(parsed: ParsedQuery) -> list[list[list[str]]]:
    return [[t.words for t in group] for group in parsed.must]


def test_words_must_all_match() -> None:
    assert _words(parse("gevel kalkzandsteen")) == [[["gevel"]], [["kalkzandsteen"]]]


def test_quoted_phrase_is_exact() -> None:
    parsed = parse('"voldoet niet" topgevel')
    assert parsed.must[0] == [Term(words=["voldoet", "niet"], exact=True)]
    assert parsed.must[0][0].is_phrase
    assert parsed.must[1] == [Term(words=["topgevel"])]


def test_quoted_single_word_is_exact_not_a_phrase() -> None:
    term = parse('"gemeente"').must[0][0]
    assert term.exact and not term.is_phrase


def test_exclusions_of_words_and_phrases() -> None:
    parsed = parse('topgevel -schoorsteen -"op norm"')
    assert _words(parsed) == [[["topgevel"]]]
    assert [t.words for t in parsed.must_not] == [["schoorsteen"], ["op", "norm"]]
    assert parsed.must_not[1].exact


def test_or_joins_neighbours_into_one_group() -> None:
    assert _words(parse("topgevel OR kopgevel dakkapel")) == [
        [["topgevel"], ["kopgevel"]],
        [["dakkapel"]],
    ]
    assert _words(parse("a OR b OR c")) == [[["a"], ["b"], ["c"]]]


def test_lowercase_or_is_a_word() -> None:
    assert _words(parse("gevel or dak")) == [[["gevel"]], [["or"]], [["dak"]]]


def test_prefix_needs_two_letters() -> None:
    assert parse("bereken*").must[0][0] == Term(words=["bereken"], prefix=True)
    assert parse("b*").must[0][0] == Term(words=["b"], prefix=False)


def test_symbols_inside_a_word_make_a_phrase_of_its_parts() -> None:
    term = parse("NCG-2021-0042").must[0][0]
    assert term.words == ["NCG", "2021", "0042"] and term.is_phrase


@pytest.mark.parametrize(
    "text",
    ["", "   ", "(((", "***", '"', '""', "-", "--", "OR", "OR OR", "\\", "[]{}~^:!"],
)
def test_nothing_searchable_is_an_empty_query_not_an_error(text: str) -> None:
    parsed = parse(text)
    assert parsed.empty and not parsed.must_not


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('onbalans "test', [[["onbalans"]], [["test"]]]),  # unbalanced quote: searched as text
        ("x OR", [[["x"]]]),  # dangling OR
        ("OR x", [[["x"]]]),  # leading OR
        ("(topgevel)", [[["topgevel"]]]),  # stray brackets
        ("topgevel!!", [[["topgevel"]]]),
    ],
)
def test_stray_syntax_is_searched_as_text(text: str, expected: list[list[list[str]]]) -> None:
    assert _words(parse(text)) == expected


def test_long_and_odd_input_parses() -> None:
    parsed = parse("é" * 5000 + " \x00 \u200b topgevel")
    assert ["topgevel"] in [t.words for group in parsed.must for t in group]
