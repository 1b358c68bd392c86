"""The trace's explanations (lineage/wording.py) in Dutch and English: one catalogue, the same
values in both, and English exactly as the CLI and API have always written it."""

import datetime as dt
import re

from lineage.chains import absent
from lineage.load import Dossier
from lineage.models import FieldChange
from lineage.wording import MESSAGES, TYPES_NL, said, word, word_field
from store.models import DocumentVersion

PLACEHOLDER = re.compile(r"{(\w+)}")


def test_each_message_has_both_languages_with_the_same_values() -> None:
    for code, (dutch, english) in MESSAGES.items():
        assert (dutch and english and dutch != english) or code == "field.changed", code
        assert set(PLACEHOLDER.findall(dutch)) == set(PLACEHOLDER.findall(english)), code


def test_who_and_types_are_dutch_on_a_dutch_page() -> None:
    message = said(
        "evidence.inferred_of_many", type="opname", day="2021-03-01", count=2,
        dated="2020-11-02", who_type="beoordeling", who_doc="02 BOR.pdf", who_version=2,
    )  # fmt: skip
    assert word(message, "en") == (
        "the beoordeling 02 BOR.pdf v2 cites no kenmerk or date of any opname; inferred: the "
        "latest opname in force on 2021-03-01 (of 2 opname documents), dated 2020-11-02"
    )
    assert word(message, "nl") == (
        "de beoordeling 02 BOR.pdf v2 noemt geen kenmerk of datum van een opname; afgeleid: de "
        "laatste opname die op 2021-03-01 gold (van de 2 documenten van die soort), gedateerd "
        "2020-11-02"
    )
    assert word(said("evidence.date", date="2020-01-01", who_type="besluit"), "nl") == (
        "het besluit noemt het rapport van 2020-01-01"
    )
    assert set(TYPES_NL) >= {"opname", "beoordeling", "besluit", "beslissing_op_bezwaar"}


def _version(doc_id: str, doc_type: str, when: dt.datetime, dated: bool) -> DocumentVersion:
    return DocumentVersion.model_validate(
        {
            "dossier_id": "D", "doc_id": doc_id, "version": 1, "sha256": "0" * 64, "size": 1,
            "media_type": "text/plain", "ingested_at": when, "ingested_by": "t",
            "doc_type": doc_type, "document_date": when.date() if dated else None,
            "effective_at": when,
        }
    )  # fmt: skip


def test_absent_links_are_worded_in_both_languages() -> None:
    day = dt.date(2021, 1, 1)
    later = dt.datetime(2021, 6, 1, tzinfo=dt.UTC)
    empty = Dossier("D", {})
    assert word(absent(empty, "opname", day), "en") == "the dossier holds no opname"
    assert word(absent(empty, "opname", day), "nl") == "het dossier bevat geen opname"
    for dated, en, nl in (
        (True, "is dated 2021-06-01", "is gedateerd 2021-06-01"),
        (False, "is undated, so in force only from 2021-06-01",
         "heeft geen datum en geldt dus pas vanaf 2021-06-01"),
    ):  # fmt: skip
        dossier = Dossier("D", {"o.pdf": [_version("o.pdf", "opname", later, dated)]})
        note = absent(dossier, "opname", day)
        assert word(note, "en") == f"no opname was in force on 2021-01-01: o.pdf {en}"
        assert word(note, "nl") == f"op 2021-01-01 gold nog geen opname: o.pdf {nl}"


def test_field_changes_name_fields_and_verdicts_in_dutch() -> None:
    verdict = FieldChange(field="verdict", old="op_norm", new="niet_op_norm", summary="")
    assert word_field(verdict, "en") == "verdict op_norm → niet_op_norm"
    assert word_field(verdict, "nl") == "oordeel op norm → niet op norm"
    part = FieldChange(field="components", name="topgevel", old=None, new="topgevel", summary="")
    assert word_field(part, "en") == "components: topgevel added"
    assert word_field(part, "nl") == "bouwdeel topgevel toegevoegd"
    ref = FieldChange(field="references", name="K-1", old="K-1", new=None, summary="")
    assert (word_field(ref, "en"), word_field(ref, "nl")) == (
        "reference to K-1 dropped",
        "verwijzing naar K-1 vervallen",
    )
