"""lineage: how each verdict was reached — timeline, evidence chains, changes, diffs, PROV.

Named lineage, not trace, so it never shadows the standard library's `trace` module. Everything
here reads the store (the system of record), never the search index.
"""

from lineage.build import build_trace, document_diff, document_history
from lineage.models import Diff, History, Trace

__all__ = ["Diff", "History", "Trace", "build_trace", "document_diff", "document_history"]
