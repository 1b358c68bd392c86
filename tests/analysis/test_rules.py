"""The general rules of the analysis, one test each, on hand-written Dutch sentences."""

import pytest

from ingest.analysis import Hints, analyse
from ingest.analysis.lexicon import plural_forms
from ingest.analysis.measurements import number
from store.fields import DocumentFields
from store.parsed import Page


def _analyse(text: str, name: str = "stuk.pdf", **hints: object) -> DocumentFields:
    pages = [Page(number=i, text=t) for i, t in enumerate(text.split("\f"), start=1)]
    return analyse(pages, name, Hints.model_validate(hints))


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [("3.600", "mm", 3600.0), ("12.250", "mm", 12250.0), ("1.050", "cm", 1050.0),
     ("6.400", "m", 6.4), ("6,40", "m", 6.4), ("2.5", "m", 2.5), ("4,5", "cm", 4.5),
     ("300", "mm", 300.0)],
)  # fmt: skip
def test_a_point_between_thousands_in_millimetres(text: str, unit: str, value: float) -> None:
    assert number(text, unit) == value


def test_measurements_in_metres_whatever_the_unit() -> None:
    f = _analyse(
        "Maatvoering\nGoothoogte 3.250 mm; de nokhoogte bedraagt 8.100 mm.\n"
        "Wanddikte: 21 cm\nGevelbreedte = 7.35 m"
    )
    got = {(m.name, m.value, m.unit) for m in f.measurements}
    assert got == {
        ("goothoogte", 3.25, "m"),
        ("nokhoogte", 8.1, "m"),
        ("wanddikte", 0.21, "m"),
        ("gevelbreedte", 7.35, "m"),
    }


@pytest.mark.parametrize(
    ("singular", "plural"),
    [("spouwmuur", "spouwmuren"), ("schoorsteen", "schoorstenen"), ("nok", "nokken"),
     ("dakkapel", "dakkapellen"), ("gevel", "gevels"), ("wand", "wanden"),
     ("kruipruimte", "kruipruimten"), ("latei", "lateien"), ("goot", "goten")],
)  # fmt: skip
def test_dutch_plurals_from_a_singular_word_list(singular: str, plural: str) -> None:
    assert plural in plural_forms(singular)


def test_components_in_plural_and_after_an_adjective() -> None:
    f = _analyse(
        "Beide schoorstenen zijn gemetseld. De buitenmuren zijn spouwmuren; de dragende "
        "wanden op de verdieping zijn van hout. Aan de achterzijde zitten twee dakkapellen."
    )
    assert {c.value for c in f.components} >= {"schoorsteen", "spouwmuur", "wand", "dakkapel"}
    assert "dragende wand" not in {c.value for c in f.components}
