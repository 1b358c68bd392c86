"""A dossier's address is settled before its documents are indexed, so each is indexed once."""

from collections.abc import Sequence
from pathlib import Path

from ingest.pipeline import IngestOptions, Ingestor
from search.documents import IndexDoc
from search.embedded import EmbeddedIndex
from search.indexer import Indexer
from store.factory import open_store
from store.records import Store


class CountingIndex(EmbeddedIndex):
    """The real embedded index, remembering what each upsert wrote."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.written: list[IndexDoc] = []

    def upsert(self, docs: Sequence[IndexDoc]) -> None:
        self.written.extend(docs)
        super().upsert(docs)


def _letter(street: str, postcode: str, town: str) -> str:
    return f"Familie Mulder\n{street}\n{postcode}  {town}\n\nGeachte familie Mulder,\n\nUw huis."


def _ingest(tmp_path: Path, files: dict[str, str], batch: int = 200) -> tuple[Store, CountingIndex]:
    for name, text in files.items():
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    store = open_store(str(tmp_path / "store"))
    index = CountingIndex(tmp_path / "index")
    report = Ingestor(store, IngestOptions(actor="t"), Indexer(store, index, batch)).ingest_path(
        tmp_path / "in"
    )
    assert report.not_indexed == 0
    assert report.documents_new == len([n for n in files if n != "manifest.csv"])
    return store, index


def _postcodes(index: CountingIndex) -> dict[str, str | None]:
    return {d.doc_id: d.postcode for d in index.written}


def test_a_stated_address_reaches_every_document_indexed_once(tmp_path: Path) -> None:
    store, index = _ingest(
        tmp_path,
        {
            "GRN-1/a notitie.txt": "Een notitie zonder adres.",  # first, before any address
            "GRN-1/b brief.txt": _letter("Wierde 17a", "9917 PT", "Wirdum"),
            "GRN-1/c brief.txt": _letter("Wierde 17a", "9917 PT", "Wirdum"),
        },
        batch=1,  # written as soon as queued: nothing hides a second write
    )
    address = store.get_dossier("GRN-1").address
    assert address is not None and address.postcode == "9917 PT"
    # each version once, and the note, indexed before the address was known, once more (it
    # was all three again at the end of the run)
    assert [d.doc_id for d in index.written] == [
        "a notitie.txt", "a notitie.txt", "b brief.txt", "c brief.txt"
    ]  # fmt: skip
    assert set(_postcodes(index).values()) == {"9917 PT"}  # also the note that states none


def test_the_vote_of_all_documents_overrules_the_first_one(tmp_path: Path) -> None:
    store, index = _ingest(
        tmp_path,
        {
            "GRN-1/a brief.txt": _letter("Kanaalstraat 3", "9901 CD", "Appingedam"),
            "GRN-1/b brief.txt": _letter("Wierde 17a", "9917 PT", "Wirdum"),
            "GRN-1/c brief.txt": _letter("Wierde 17a", "9917 PT", "Wirdum"),
            "GRN-1/d notitie.txt": "Een notitie zonder adres.",
        },
    )
    address = store.get_dossier("GRN-1").address
    assert address is not None and address.postcode == "9917 PT"
    last = {d.doc_id: d for d in index.written}  # what the index holds now
    assert last["d notitie.txt"].postcode == "9917 PT"
    assert last["a brief.txt"].address and "9917 PT" in last["a brief.txt"].address


def test_the_manifest_address_is_the_dossiers_first_record(tmp_path: Path) -> None:
    manifest = "dossier_id,doc_id,postcode,huisnummer\nGRN-1,brief.txt,9711 AB,12\n"
    store, index = _ingest(
        tmp_path,
        {
            "manifest.csv": manifest,
            "GRN-1/brief.txt": _letter("Wierde 17a", "9917 PT", "Wirdum"),
            "GRN-1/notitie.txt": "Een notitie zonder adres.",
        },
        batch=1,
    )
    history = store.dossier_history("GRN-1")
    assert [d.address.postcode if d.address else None for d in history] == ["9711 AB"]
    assert sorted(d.doc_id for d in index.written) == ["brief.txt", "notitie.txt"]
    assert set(_postcodes(index).values()) == {"9711 AB"}
