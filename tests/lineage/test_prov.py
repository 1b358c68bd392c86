"""The PROV-JSON export, read back with the W3C PROV library (prov): other tools can use it."""

import json
from pathlib import Path

from prov.model import ProvDocument

from lineage import build_trace
from lineage.prov import to_prov
from store.factory import open_store
from tests.lineage.house import DOSSIER, build_house


def test_prov_json_reads_back_with_every_version_and_decision(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "store"))
    build_house(store)
    trace = build_trace(store, DOSSIER)
    exported = json.dumps(to_prov(trace))
    doc = ProvDocument.deserialize(content=exported, format="json")
    entities = {str(r.identifier) for r in doc.get_records() if r.get_type().localpart == "Entity"}
    assert len(entities) == len(trace.timeline)
    relations = [r for r in doc.get_records() if r.is_relation()]
    used = [r for r in relations if type(r).__name__ == "ProvUsage"]
    roles = sorted(str(next(iter(r.get_attribute("prov:role")))).split(":")[-1] for r in used)
    assert roles.count("assessment") == 2 and roles.count("inspection") == 2
    assert {"bezwaar", "hoorzitting", "advies_bezwaarcommissie"} <= set(roles)
    revisions = [r for r in relations if type(r).__name__ == "ProvDerivation"
                 and "Revision" in str(r.get_attribute("prov:type"))]  # fmt: skip
    assert len(revisions) == 1  # the corrected assessment is a revision of the first
    again = json.loads(doc.serialize(format="json") or "{}")
    assert set(again["entity"]) == set(to_prov(trace)["entity"])
