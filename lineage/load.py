"""Read a dossier once from the store: every version of every document, as navolg reads it now."""

from dataclasses import dataclass

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


def load_dossier(store: Store, dossier_id: str) -> Dossier:
    """One listing per document; each record with its newest reading applied (Store.effective)."""
    documents = {}
    for doc_id in store.list_documents(dossier_id):
        versions = [store.effective(v) for v in store.list_versions(dossier_id, doc_id)]
        documents[doc_id] = sorted(versions, key=lambda v: v.version)
    return Dossier(dossier_id, documents)
