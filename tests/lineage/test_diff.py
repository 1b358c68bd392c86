"""Text diff by page and paragraph, and field diff: pure functions, no store."""

from lineage.fielddiff import field_changes
from lineage.models import Paragraph
from lineage.textdiff import paragraphs, text_diff, without_furniture
from store.fields import DocumentFields, Found, Measurement, Source
from store.parsed import Element, Page, ParseResult


def _parse(pages: list[str], elements: list[Element] | None = None) -> ParseResult:
    return ParseResult(
        sha256="0" * 64,
        parser_version="1",
        parser="t",
        media_type="text/plain",
        status="parsed",
        pages=[Page(number=i, text=t) for i, t in enumerate(pages, 1)],
        elements=elements or [],
    )


def _p(page: int, index: int, text: str) -> Paragraph:
    return Paragraph(page=page, index=index, text=text)


def test_paragraphs_come_from_elements_with_their_pages() -> None:
    parse = _parse(
        ["ignored"],
        [
            Element(kind="Title", text="Kop", page=1),
            Element(kind="NarrativeText", text="Een  zin\nmet regel.", page=2),
            Element(kind="Title", text="Nog een", page=2),
        ],
    )
    assert paragraphs(parse) == [
        _p(1, 0, "Kop"),
        _p(2, 0, "Een zin met regel."),
        _p(2, 1, "Nog een"),
    ]


def test_paragraphs_from_page_text_split_on_blank_lines_or_lines() -> None:
    parse = _parse(["Eerste alinea\nloopt door.\n\nTweede.", "Regel een\nRegel twee"])
    assert paragraphs(parse) == [
        _p(1, 0, "Eerste alinea loopt door."),
        _p(1, 1, "Tweede."),
        _p(2, 0, "Regel een"),
        _p(2, 1, "Regel twee"),
    ]
    assert paragraphs(None) == []


def test_page_numbers_and_running_headers_are_left_out() -> None:
    paras = [
        _p(1, 0, "Bureau | Rapport"),
        _p(1, 1, "Inhoud een."),
        _p(1, 2, "Pagina 1 van 2"),
        _p(2, 0, "Bureau | Rapport"),
        _p(2, 1, "Inhoud twee."),
        _p(2, 2, "2/2"),
    ]
    kept, left = without_furniture(paras)
    assert [p.text for p in kept] == ["Inhoud een.", "Inhoud twee."] and left == 4


def test_diff_reports_changed_added_and_dropped_paragraphs_by_page() -> None:
    old = [
        _p(1, 0, "Titel"),
        _p(1, 1, "De gevelbreedte bedraagt 6,40 m volgens de opname."),
        _p(2, 0, "Oude bijlage zonder tegenhanger."),
    ]
    new = [
        _p(1, 0, "Titel"),
        _p(1, 1, "De gevelbreedte bedraagt 6,80 m volgens de opname."),
        _p(1, 2, "Deze versie vervangt de vorige."),
        _p(3, 0, "Titel"),
    ]
    hunks, same = text_diff(old, new)
    assert same == 1
    ops = [(h.op, [p.text[:12] for p in h.old], [(p.page, p.index) for p in h.new]) for h in hunks]
    assert ops[0] == ("replace", ["De gevelbree"], [(1, 1)])
    assert ("delete", ["Oude bijlage"], []) in ops
    inserted = [p for h in hunks if h.op == "insert" for p in h.new]
    assert {(p.page, p.text) for p in inserted} == {
        (1, "Deze versie vervangt de vorige."),
        (3, "Titel"),
    }


def test_a_paragraph_moved_to_another_page_is_not_a_change() -> None:
    hunks, same = text_diff([_p(1, 3, "Zelfde tekst.")], [_p(2, 0, "Zelfde tekst.")])
    assert hunks == [] and same == 1


def _fields(
    width: float, unit: str = "m", verdict: str = "op_norm", **extra: object
) -> DocumentFields:
    source = Source(page=3, quote="gevelbreedte")
    return DocumentFields(
        verdict=Found(value=verdict),
        measurements=[Measurement(name="gevelbreedte", value=width, unit=unit, source=source)],
        **extra,
    )


def test_field_diff_of_a_dimension_and_a_verdict() -> None:
    changes = field_changes(_fields(6.4), _fields(680, "cm", "niet_op_norm"))
    summaries = {c.summary for c in changes}
    assert summaries == {"gevelbreedte 6.40 m → 6.80 m", "verdict op_norm → niet_op_norm"}
    width = next(c for c in changes if c.field == "measurements")
    assert (width.name, width.old, width.new, width.old_page, width.new_page) == (
        "gevelbreedte",
        "6.40 m",
        "6.80 m",
        3,
        3,
    )


def test_same_length_in_other_units_is_no_change() -> None:
    assert field_changes(_fields(6.4), _fields(6400, "mm")) == []


def test_components_and_materials_added_or_dropped() -> None:
    old = _fields(6.4, components=[Found(value="topgevel")], materials=[Found(value="baksteen")])
    new = _fields(6.4, components=[Found(value="schoorsteen")], materials=[Found(value="baksteen")])
    assert {c.summary for c in field_changes(old, new)} == {
        "components: schoorsteen added",
        "components: topgevel dropped",
    }
