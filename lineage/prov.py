"""The trace as W3C PROV-JSON (https://www.w3.org/submissions/prov-json/), for other tools.

Every document version is an entity (revisions linked by prov:Revision), every ingest an
activity associated with the actor who ingested, and every decision an activity that used the
assessment, inspection and objection documents it rested on and generated the decision.
Inferred links carry nv:inferred and nv:reason, like the trace itself.
"""

from typing import Any
from urllib.parse import quote

from lineage.models import Attached, Chain, Evidence, TimelineEntry, Trace

NV = "urn:navolg:terms#"
Json = dict[str, Any]


def _local(text: str) -> str:
    """A QName local part: percent-encoded, so any document id stays one valid name."""
    return quote(text, safe="-_.")


def _typed(value: str, kind: str) -> Json:
    return {"$": value, "type": kind}


class _Doc:
    def __init__(self, dossier_id: str) -> None:
        self.out: Json = {
            "prefix": {
                "nv": NV,
                "doc": f"urn:navolg:dossier:{_local(dossier_id)}:doc:",
                "agent": "urn:navolg:agent:",
                "act": f"urn:navolg:dossier:{_local(dossier_id)}:activity:",
            }
        }
        self.count = 0

    def add(self, kind: str, ident: str, attrs: Json) -> None:
        self.out.setdefault(kind, {})[ident] = attrs

    def relate(self, kind: str, attrs: Json) -> None:
        self.count += 1
        self.add(kind, f"_:{kind}{self.count}", attrs)


def entity_id(doc_id: str, version: int) -> str:
    return f"doc:{_local(doc_id)}_v{version}"


def to_prov(trace: Trace) -> Json:
    doc = _Doc(trace.dossier_id)
    for entry in trace.timeline:
        _version(doc, entry)
    for chain in trace.verdicts:
        _decision(doc, chain)
    return doc.out


def _version(doc: _Doc, e: TimelineEntry) -> None:
    ident = entity_id(e.doc_id, e.version)
    attrs: Json = {
        "prov:type": _typed(f"nv:{e.doc_type or 'overig'}", "prov:QUALIFIED_NAME"),
        "prov:label": f"{e.doc_id} v{e.version}",
        "nv:effectiveAt": _typed(e.effective_at.isoformat(), "xsd:dateTime"),
    }
    if e.verdict:
        attrs["nv:verdict"] = e.verdict
    doc.add("entity", ident, attrs)
    ingest = f"act:ingest_{_local(e.doc_id)}_v{e.version}"
    when = _typed(e.ingested_at.isoformat(), "xsd:dateTime")
    doc.add("activity", ingest, {"prov:startTime": when["$"], "prov:type": "nv:ingest"})
    agent = f"agent:{_local(e.ingested_by)}"
    doc.add("agent", agent, {"prov:label": e.ingested_by})
    doc.relate(
        "wasGeneratedBy", {"prov:entity": ident, "prov:activity": ingest, "prov:time": when["$"]}
    )
    doc.relate("wasAssociatedWith", {"prov:activity": ingest, "prov:agent": agent})
    if e.version > 1:
        doc.relate("wasDerivedFrom", {
            "prov:generatedEntity": ident, "prov:usedEntity": entity_id(e.doc_id, e.version - 1),
            "prov:type": _typed("prov:Revision", "prov:QUALIFIED_NAME"),
        })  # fmt: skip


def _decision(doc: _Doc, chain: Chain) -> None:
    d = chain.decision
    activity = f"act:decide_{_local(d.doc_id)}_v{d.version}"
    doc.add(
        "activity",
        activity,
        {"prov:type": "nv:decision", "prov:endTime": f"{d.date}T00:00:00+00:00"},
    )
    decision = entity_id(d.doc_id, d.version)
    doc.relate("wasGeneratedBy", {"prov:entity": decision, "prov:activity": activity})
    for role, ev in (("assessment", chain.assessment), ("inspection", chain.inspection)):
        if ev is not None:
            doc.relate("used", _used(activity, role, ev))
    if chain.assessment is not None and chain.inspection is not None:
        doc.relate("wasDerivedFrom", {
            "prov:generatedEntity": entity_id(chain.assessment.doc_id, chain.assessment.version),
            "prov:usedEntity": entity_id(chain.inspection.doc_id, chain.inspection.version),
            "nv:inferred": chain.inspection.inferred,
        })  # fmt: skip
    for item in chain.objections:
        doc.relate("used", _used(activity, item.doc_type, item))


def _used(activity: str, role: str, ev: Evidence | Attached) -> Json:
    return {
        "prov:activity": activity,
        "prov:entity": entity_id(ev.doc_id, ev.version),
        "prov:role": _typed(f"nv:{role}", "prov:QUALIFIED_NAME"),
        "nv:inferred": ev.inferred,
        "nv:reason": ev.reason,
    }
