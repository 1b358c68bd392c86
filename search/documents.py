"""How a document version becomes an index document: fields, text, and its validity interval.

Each version is valid from its effective date until the effective date of the next version
(DESIGN.md), so 'current' and 'as of D' are plain filters on every backend and the query's
other filters apply to the right version (picking the newest after filtering would be wrong).
"""

import datetime as dt

from pydantic import BaseModel, Field

from search.compounds import parts_text
from store.errors import NotFound
from store.models import DocumentVersion, Dossier
from store.records import Store

FOREVER = dt.datetime(2200, 1, 1, tzinfo=dt.UTC)  # "still current" (tantivy dates end in 2262)
PAGE_BREAK = "\f"  # joins pages in one text, so a stored text splits back into its pages


class IndexDoc(BaseModel):
    id: str
    dossier_id: str
    doc_id: str
    version: int
    doc_type: str | None = None
    doc_date: dt.date | None = None
    year: str | None = None
    verdict: str | None = None
    firm: str | None = None
    postcode: str | None = None
    address: str | None = None
    components: list[str] = Field(default_factory=list)
    materials: list[str] = Field(default_factory=list)
    filename: str = ""
    ingested_at: dt.datetime
    valid_from: dt.datetime
    valid_to: dt.datetime = FOREVER
    pages: list[str] = Field(default_factory=list)
    parts: str = ""

    @property
    def current(self) -> bool:
        return self.valid_to == FOREVER

    @property
    def text(self) -> str:
        return PAGE_BREAK.join(self.pages)


def doc_index_id(dossier_id: str, doc_id: str, version: int) -> str:
    return f"{dossier_id}/{doc_id}@{version}"


def _address(dossier: Dossier | None, record: DocumentVersion) -> tuple[str | None, str | None]:
    if dossier is not None and dossier.address is not None and dossier.address.postcode:
        a = dossier.address
        number = (a.huisnummer or "") + (a.toevoeging or "")
        street = f"{a.straat} {number}".strip() if a.straat else number
        return a.postcode, ", ".join(p for p in (street, a.postcode, a.woonplaats) if p)
    f = record.fields
    if f.postcode:
        number = (f.huisnummer.value if f.huisnummer else "") + (
            f.toevoeging.value if f.toevoeging else ""
        )
        return f.postcode.value, f"{number}, {f.postcode.value}".strip(", ")
    return None, None


def to_index_doc(
    record: DocumentVersion, pages: list[str], dossier: Dossier | None, valid_to: dt.datetime
) -> IndexDoc:
    f = record.fields
    postcode, address = _address(dossier, record)
    pages = [page.replace(PAGE_BREAK, "\n") for page in pages]
    text = "\n".join(pages)
    return IndexDoc(
        id=doc_index_id(record.dossier_id, record.doc_id, record.version),
        dossier_id=record.dossier_id,
        doc_id=record.doc_id,
        version=record.version,
        doc_type=record.doc_type,
        doc_date=record.document_date,
        year=str(record.document_date.year) if record.document_date else None,
        verdict=f.verdict.value if f.verdict else None,
        firm=f.firm.value if f.firm else None,
        postcode=postcode,
        address=address,
        components=sorted({c.value for c in f.components}),
        materials=sorted({m.value for m in f.materials}),
        filename=record.original_filename or "",
        ingested_at=record.ingested_at,
        valid_from=record.effective_at,
        valid_to=valid_to,
        pages=pages,
        parts=parts_text(text + " " + (record.original_filename or "")),
    )


def load_dossier(store: Store, dossier_id: str) -> Dossier | None:
    """The dossier record (its address), or None when none was recorded."""
    try:
        return store.get_dossier(dossier_id)
    except NotFound:
        return None


def document_versions(
    store: Store, dossier_id: str, doc_id: str, dossier: Dossier | None
) -> list[IndexDoc]:
    """Every version of one document, as the store says now (readings applied); the caller
    passes the dossier record so that a dossier's documents share one read of it."""
    records = [store.effective(r) for r in store.list_versions(dossier_id, doc_id)]
    records.sort(key=lambda r: (r.effective_at, r.version))
    docs = []
    for index, record in enumerate(records):
        valid_to = records[index + 1].effective_at if index + 1 < len(records) else FOREVER
        parse = store.get_parse(record.sha256)
        pages = [p.text for p in parse.pages] if parse is not None else []
        docs.append(to_index_doc(record, pages, dossier, valid_to))
    return docs
