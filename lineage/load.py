"""Read a dossier once from the store: every version of every document, as navolg reads it now."""

import functools
from dataclasses import dataclass

from store.keys import readings_prefix
from store.models import DocumentVersion
from store.records import Store


@dataclass(frozen=True)
class Dossier:
    """All versions of all documents of one dossier, oldest version first per document."""

    dossier_id: str
    documents: dict[str, list[DocumentVersion]]

    def version(self, doc_id: str, number: int) -> DocumentVersion:
        return next(v for v in self.documents[doc_id] if v.version == number)

    def versions(self) -> list[DocumentVersion]:
        return [v for versions in self.documents.values() for v in versions]

    @functools.cached_property
    def by_type(self) -> dict[str, list[str]]:
        """doc_type (of the latest version) -> document ids, so lookups skip other types."""
        out: dict[str, list[str]] = {}
        for doc_id, versions in self.documents.items():
            out.setdefault(versions[-1].doc_type or "", []).append(doc_id)
        return out


def load_dossier(store: Store, dossier_id: str) -> Dossier:
    """One listing per document; each record with its newest reading applied (Store.effective)."""
    reread = _reread(store, dossier_id)
    documents = {}
    for doc_id in store.list_documents(dossier_id):
        versions = [
            store.effective(v) if readings_prefix(dossier_id, doc_id, v.version) in reread else v
            for v in store.list_versions(dossier_id, doc_id)
        ]
        documents[doc_id] = sorted(versions, key=lambda v: v.version)
    return Dossier(dossier_id, documents)


def _reread(store: Store, dossier_id: str) -> set[str]:
    """The reading prefixes (store.keys.readings_prefix) of every version read again, from one
    listing for the whole dossier, instead of one listing per version in Store.effective."""
    root = readings_prefix(dossier_id, "x", 1).split("/", 2)[:2]
    return {key.rsplit("/", 1)[0] + "/" for key in store.backend.list("/".join(root) + "/")}
