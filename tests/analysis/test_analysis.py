"""Classification and extraction on hand-written texts in styles the generator does not use."""

import datetime as dt

import pytest

from ingest.analysis import Hints, analyse
from store.parsed import Page


def _fields(text: str, name: str = "document.pdf", **hints: object) -> dict[str, object]:
    pages = [Page(number=i, text=t) for i, t in enumerate(text.split("\f"), start=1)]
    f = analyse(pages, name, Hints.model_validate(hints))
    return {
        "type": f.doc_type.value if f.doc_type else None,
        "verdict": f.verdict.value if f.verdict else None,
        "date": f.document_date.value if f.document_date else None,
        "postcode": f.postcode.value if f.postcode else None,
        "huisnummer": f.huisnummer.value if f.huisnummer else None,
        "toevoeging": f.toevoeging.value if f.toevoeging else None,
        "kenmerk": f.kenmerk.value if f.kenmerk else None,
        "components": sorted(c.value for c in f.components),
        "materials": sorted(m.value for m in f.materials),
        "measurements": sorted((m.name, m.value, m.unit) for m in f.measurements),
        "references": sorted(r.kenmerk or "" for r in f.references),
        "firm": f.firm.value if f.firm else None,
        "norm": f.norm.value if f.norm else None,
        "method": f.method.value if f.method else None,
        "verdict_page": f.verdict.source.page if f.verdict else None,
    }


ASSESSMENT = """ABT bv
ENGINEERINGSRAPPORT
Woning: Wierde 3B
9919 AA  Loppersum
Rapportnummer: ABT.2020.00871
Groningen, 3 februari 2020
\fUitgangspunten: NPR 9998:2018+C1, pushover-analyse.
Het binnenspouwblad is van kalkzandstenen, het buitenblad van bakstenen. Er is een dakkapel op
het achterdakvlak. Een schoorsteen is niet aanwezig. Breedte van de topgevel: 5,9 m.
\fEindconclusie
Op basis van deze analyse concluderen wij dat het gebouw niet voldoet aan de eisen uit de NPR 9998."""


def test_assessment_in_another_style() -> None:
    f = _fields(ASSESSMENT, "2020-02 rapport.pdf")
    assert f["type"] == "beoordeling"
    assert f["verdict"] == "niet_op_norm" and f["verdict_page"] == 3
    assert f["date"] == dt.date(2020, 2, 3)
    assert (f["postcode"], f["huisnummer"], f["toevoeging"]) == ("9919 AA", "3", "B")
    assert f["kenmerk"] == "ABT.2020.00871"
    assert f["norm"] == "NPR 9998:2018+C1" and f["method"] == "NLPO"
    components = f["components"]
    assert isinstance(components, list)
    assert "dakkapel" in components and "schoorsteen" not in components
    assert f["materials"] == ["baksteen", "kalkzandsteen"]
    measurements = f["measurements"]
    assert isinstance(measurements, list) and ("topgevelbreedte", 5.9, "m") in measurements


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Besluit\nUw woning voldoet aan de veiligheidsnorm.", "op_norm"),
        ("Besluit\nWij hebben vastgesteld dat uw huis niet aan de norm voldoet.", "niet_op_norm"),
        ("Besluit\nUw woning is niet op norm en wordt versterkt.", "niet_op_norm"),
        ("Besluit\nDe woning is veilig. Versterken is niet nodig.", "op_norm"),
        (
            "Besluit\nU stelt dat de woning niet voldoet. Wij besluiten dat de woning voldoet aan de veiligheidsnorm.",
            "op_norm",
        ),
        (
            "Beslissing op bezwaar\nUw bezwaar is gegrond. De woning voldoet niet aan de veiligheidsnorm.",
            "niet_op_norm",
        ),
    ],
)
def test_decisions_state_verdicts_in_many_words(text: str, expected: str) -> None:
    assert _fields(text, "brief.pdf")["verdict"] == expected


@pytest.mark.parametrize(
    ("text", "name", "doc_type"),
    [
        (
            "Geachte heer,\nHierbij maak ik bezwaar tegen uw besluit van 4 mei 2021. De woning voldoet niet.",
            "brief.pdf",
            "bezwaar",
        ),
        (
            "Zienswijze\nIk ben het niet eens: volgens het rapport voldoet mijn woning niet aan de norm.",
            "reactie.txt",
            "zienswijze",
        ),
        (
            "Verslag keukentafelgesprek\nAanwezig: bewoner, NCG\nBesproken is dat de woning niet op norm is.",
            "notitie.docx",
            "gespreksverslag",
        ),
        (
            "Geachte mevrouw,\nIn de bijlage vindt u de planning.\nMet vriendelijke groet,",
            "brief 12.pdf",
            "correspondentie",
        ),
        ("Tekst zonder enige aanwijzing.", "scan0001.pdf", "overig"),
    ],
)
def test_documents_that_state_no_verdict(text: str, name: str, doc_type: str) -> None:
    f = _fields(text, name)
    assert f["type"] == doc_type
    assert f["verdict"] is None


def test_manifest_type_wins_and_dates_in_many_forms() -> None:
    assert _fields("Besluit\nDatum: 12-03-2021", "x.pdf", doc_type="opname")["type"] == "opname"
    for text, day in [
        ("Datum: 12 mrt. 2021", dt.date(2021, 3, 12)),
        ("Appingedam, woensdag 3 november 2021\nGeachte heer,", dt.date(2021, 11, 3)),
        ("Verzenddatum 2021-03-09", dt.date(2021, 3, 9)),
        ("From: a@b.nl\nDate: Tue, 09 Mar 2021 10:00:00 +0100\nSubject: x", dt.date(2021, 3, 9)),
    ]:
        assert _fields(text)["date"] == day, text


def test_references_are_not_the_own_kenmerk() -> None:
    text = "Ons kenmerk: NCG-2021-004512\nUw kenmerk: AB/2021/77\nnaar aanleiding van het rapport met kenmerk WCA-2020-00991 van 4 mei 2020"
    f = _fields(text)
    assert f["kenmerk"] == "NCG-2021-004512"
    assert f["references"] == ["AB/2021/77", "WCA-2020-00991"]
