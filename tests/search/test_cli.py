"""`navolg reindex` and `navolg search` on a local store with its embedded index."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from api.cli import app
from store.factory import open_store
from store.models import Address
from tests.search.test_conformance import DOCS, V2, _add


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("cli-store")
    store = open_store(str(folder))
    for row in [*DOCS, V2]:
        _add(store, row)
    store.record_dossier("D1", "test", Address(postcode="9711 AB", huisnummer="12"))
    result = CliRunner().invoke(app, ["reindex", "--data", str(folder)], env={"NAVOLG_INDEX": ""})
    assert result.exit_code == 0, result.output
    assert "6 versions of 5 documents" in result.output
    assert (folder / "index").is_dir()  # embedded, beside the store
    return str(folder)


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"NAVOLG_INDEX": ""})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_has_the_documented_shape(data: str) -> None:
    out = json.loads(_run("search", "gevelbreedte", "--data", data, "--json"))
    assert out["total"] == 1
    hit = out["hits"][0]
    for key in ("dossier_id", "doc_id", "version", "doc_type", "doc_date", "score", "snippets"):
        assert key in hit
    assert (hit["dossier_id"], hit["doc_id"], hit["version"]) == ("D1", "opname.pdf", 1)
    assert hit["snippets"][0]["page"] == 2
    assert set(out["facets"]) >= {"doc_type", "verdict", "components", "firm", "year"}


def test_filters_versions_and_dates(data: str) -> None:
    def ids(*args: str) -> set[str]:
        out = json.loads(_run("search", *args, "--data", data, "--json", "--limit", "50"))
        return {f"{h['dossier_id']}/{h['doc_id']}@{h['version']}" for h in out["hits"]}

    assert ids("", "--type", "beoordeling", "--dossier", "D1") == {"D1/beoordeling.pdf@2"}
    assert ids("", "--dossier", "D1", "--all-versions") == {
        "D1/opname.pdf@1",
        "D1/beoordeling.pdf@1",
        "D1/beoordeling.pdf@2",
    }
    assert ids("", "--dossier", "D1", "--as-of", "2021-12-31") == {
        "D1/opname.pdf@1",
        "D1/beoordeling.pdf@1",
    }
    assert ids("", "--verdict", "op_norm", "--component", "schoorsteen") == {"D2/besluit.pdf@1"}
    assert ids("", "--from", "2021-05-15", "--to", "2021-06-30") == {"D2/besluit.pdf@1"}


def test_cohort_csv_has_one_row_per_dossier(data: str) -> None:
    rows = list(csv.DictReader(io.StringIO(_run("search", "voldoet", "--data", data, "--csv"))))
    assert sorted(r["dossier_id"] for r in rows) == ["D1", "D2", "D3"]
    d1 = next(r for r in rows if r["dossier_id"] == "D1")
    assert "9711 AB" in d1["address"] and d1["first_snippet"]


def test_grouped_by_dossier_respects_the_limit(data: str) -> None:
    out = json.loads(_run("search", "voldoet", "--data", data, "--group-by-dossier", "--json"))
    assert len(out["dossiers"]) == 3
    out = json.loads(
        _run("search", "voldoet", "--data", data, "--group-by-dossier", "--json", "--limit", "1")
    )
    assert len(out["dossiers"]) == 1


@pytest.mark.parametrize("text", ['"onbalans', "((( ***", "-", 'a:b [x] {y} \\ "'])
def test_odd_input_is_searched_not_an_error(data: str, text: str) -> None:
    json.loads(_run("search", text, "--data", data, "--json"))


def test_missing_reindex_catches_up(data: str) -> None:
    result = CliRunner().invoke(
        app, ["reindex", "--missing", "--data", data], env={"NAVOLG_INDEX": ""}
    )
    assert result.exit_code == 0, result.output
    assert "0 missing versions caught up" in result.output
