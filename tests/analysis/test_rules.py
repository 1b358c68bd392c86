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


def test_the_title_area_ends_at_the_salutation() -> None:
    """A cover letter that mentions a conversation record in its body is a letter."""
    letter = (
        "Loppersum, 4 juni 2022\n\nBeste meneer Kuiper,\n\n"
        "Hierbij ontvangt u het verslag van het keukentafelgesprek van vorige week. "
        "Heeft u vragen, bel ons gerust.\n\nVriendelijke groet,\nT. Bakker"
    )
    assert _analyse(letter, "scan_0042.pdf").doc_type.value == "correspondentie"  # type: ignore[union-attr]


def test_label_lines_are_no_title() -> None:
    """'Datum opname: …' in the head of an assessment does not make it an inspection."""
    head = (
        "Constructieve beoordeling aardbevingsbestendigheid\nDatum opname: 3 maart 2020\n"
        "Datum rapport: 9 april 2020\n\nDe woning is getoetst aan NPR 9998."
    )
    assert _analyse(head, "rapport.pdf").doc_type.value == "beoordeling"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "subject",
    ["Betreft: onze reactie op het conceptrapport", "Onderwerp: reactie op de beoordeling",
     "Inzake: zienswijze voorgenomen besluit"],
)  # fmt: skip
def test_a_residents_reaction_on_the_report_is_a_zienswijze(subject: str) -> None:
    text = (
        f"Fam. Hoekstra\nSchoolstraat 4\n9951 AB Winsum\n\n{subject}\n\nGeachte heer, mevrouw,\n\n"
        "Wij hebben het stuk gelezen en zien een paar fouten in de maten.\n\nMet vriendelijke groet"
    )
    assert _analyse(text, "brief.docx").doc_type.value == "zienswijze"  # type: ignore[union-attr]


def test_an_act_in_the_first_person_outweighs_the_file_name_brief() -> None:
    text = "Geachte heer, mevrouw,\n\nHiermee teken ik namens de familie Bos bezwaar aan tegen het besluit."
    assert _analyse(text, "brief.pdf").doc_type.value == "bezwaar"  # type: ignore[union-attr]


MAIL_HEAD = "From: a@b.nl\nTo: post@ncg.example\nDate: Tue, 09 Mar 2021 10:00:00 +0100\n"


def test_an_email_is_correspondence_unless_its_body_is_a_document() -> None:
    cover = MAIL_HEAD + (
        "Subject: bezwaarschrift\n\nGoedemorgen,\n\n"
        "Bijgaand het bezwaarschrift van mijn cliënte.\n\nGroet, S. Visser"
    )
    body = MAIL_HEAD + (
        "Subject: post\n\nBetreft: bezwaar tegen het besluit van 2 februari\n\n"
        "Wij maken bezwaar, want de maten kloppen niet."
    )
    mail = "message/rfc822"
    assert _analyse(cover, "m.eml", media_type=mail).doc_type.value == "correspondentie"  # type: ignore[union-attr]
    assert _analyse(body, "m.eml", media_type=mail).doc_type.value == "bezwaar"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("Beoordeling\nConclusie\nHet gebouw voldoet. Maatregelen zijn niet aan de orde.", "op_norm"),
        ("Beoordeling\nEr zijn geen versterkingsingrepen noodzakelijk.", "op_norm"),
        ("Beoordeling\nHet huis blijkt aan de norm van 1 op 100.000 per jaar te voldoen.", "op_norm"),
        ("Berekening\nLigger L3: UC 1,21, voldoet niet.\nWand W4 voldoet niet.", None),
        ("Beoordeling\nDe schoorsteen voldoet niet en wordt verwijderd. De woning voldoet aan de "
         "veiligheidsnorm.", "op_norm"),
    ],
)  # fmt: skip
def test_verdicts_on_the_house_not_on_its_elements(text: str, verdict: str | None) -> None:
    found = _analyse(text, "rapport.pdf").verdict
    assert (found.value if found else None) == verdict


def test_the_house_address_not_the_senders_letterhead() -> None:
    letter = (
        "Gemeente Eemsdelta\nPostadres: Stadhuisplein 2, 9901 AB Appingedam\n\n"
        "Familie Mulder\nWierde 17a\n9917 PT  Wirdum\n\nGeachte familie Mulder,\n\n"
        "Wij schrijven u over de versterking van uw huis."
    )
    f = _analyse(letter, "brief.pdf")
    assert (f.postcode.value, f.huisnummer.value) == ("9917 PT", "17")  # type: ignore[union-attr]


def test_an_address_labelled_as_the_object_wins() -> None:
    head = (
        "Bouwadvies Noord, Industrieweg 5, 9403 AB Assen\n"
        "Adres: Kanaalstraat 3, 9901 CD Appingedam\nDatum: 1 juli 2020"
    )
    assert _analyse(head).postcode.value == "9901 CD"  # type: ignore[union-attr]


def test_the_own_kenmerk_is_labelled_not_cited() -> None:
    report = (
        "Bureau Oost\nProjectnummer: BO-2020-1177\n\n"
        "Deze beoordeling bouwt voort op de opname met\nkenmerk OP-2020-0031 van maart."
    )
    assert _analyse(report).kenmerk.value == "BO-2020-1177"  # type: ignore[union-attr]
    letter = "Uw kenmerk: ZX-4411-2020\nOns kenmerk: NCG/2020/8812\nGeachte heer,"
    assert _analyse(letter).kenmerk.value == "NCG/2020/8812"  # type: ignore[union-attr]
