"""The trace that goes into an export, from the lineage package (never re-derived here)."""

import datetime as dt
from typing import Any

from lineage import build_trace
from lineage.prov import to_prov
from store.records import Store


def lineage_trace(store: Store, dossier_id: str, as_of: dt.date | None) -> tuple[Any, Any]:
    """(trace as JSON, trace as W3C PROV-JSON) of the dossier, as it stood on `as_of`."""
    trace = build_trace(store, dossier_id, as_of)
    return trace.model_dump(mode="json"), to_prov(trace)
