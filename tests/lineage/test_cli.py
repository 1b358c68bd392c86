"""navolg trace / history / diff on a real local store: JSON shapes, PROV, and the audit event."""

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from store.factory import open_store
from tests.lineage.house import DOSSIER, build_house

DOC = "rapporten/beoordeling.pdf"


def _store(tmp_path: Path) -> str:
    data = str(tmp_path / "store")
    build_house(open_store(data))
    return data


def test_trace_json_and_prov_and_the_read_is_logged(tmp_path: Path) -> None:
    data = _store(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["trace", DOSSIER, "--data", data, "--json", "--actor", "rev1"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert [c["decision"]["doc_id"] for c in body["verdicts"]] == [
        "besluit.pdf",
        "bezwaar/beslissing.pdf",
    ]
    assert body["verdicts"][0]["changed_after"][0]["loud"] is True
    last = list(open_store(data).audit.events())[-1]
    assert (last.actor, last.action, last.target) == (
        "rev1",
        "dossier.traced",
        f"dossier:{DOSSIER}",
    )
    early = json.loads(
        runner.invoke(
            app, ["trace", DOSSIER, "--data", data, "--json", "--as-of", "2022-06-15"]
        ).stdout
    )
    assert early["as_of"] == "2022-06-15" and len(early["verdicts"]) == 1
    prov = json.loads(runner.invoke(app, ["trace", DOSSIER, "--data", data, "--prov"]).stdout)
    assert {"prefix", "entity", "activity", "used", "wasGeneratedBy"} <= set(prov)
    readable = runner.invoke(app, ["trace", DOSSIER, "--data", data])
    assert readable.exit_code == 0 and "changed after the decision" in readable.stdout


def test_history_and_diff(tmp_path: Path) -> None:
    data = _store(tmp_path)
    runner = CliRunner()
    history = json.loads(
        runner.invoke(app, ["history", DOSSIER, DOC, "--data", data, "--json"]).stdout
    )
    assert [v["version"] for v in history["versions"]] == [1, 2]
    diff = json.loads(
        runner.invoke(app, ["diff", DOSSIER, DOC, "1", "2", "--data", data, "--json"]).stdout
    )
    assert "gevelbreedte 6.80 m → 6.40 m" in {f["summary"] for f in diff["fields"]}
    changed = [h for h in diff["text"] if h["op"] == "replace"]
    assert any("6,80" in h["old"][0]["text"] and "6,40" in h["new"][0]["text"] for h in changed)
    assert changed[0]["old"][0]["page"] == 2
    missing = runner.invoke(app, ["diff", DOSSIER, DOC, "1", "7", "--data", data])
    assert missing.exit_code == 2
