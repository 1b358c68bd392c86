"""Shared helpers for export tests: a small dossier written through the store, re-zipping."""

import shutil
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from export.build import EXPORT_ACTION, export_dossier
from export.models import ExportSummary
from export.trace import lineage_trace
from store.fields import DocumentFields, Found, Source
from store.models import VersionMeta
from store.parsed import Page, ParseResult
from store.records import Store


def add_doc(store: Store, dossier: str, doc_id: str, pages: list[str], doc_type: str) -> None:
    data = "\f".join(pages).encode()
    blob = store.put_blob_bytes(data)
    store.put_parse(
        ParseResult(
            sha256=blob.sha256,
            parser_version="1.0.0",
            parser="test",
            media_type="text/plain",
            status="parsed",
            pages=[Page(number=i, text=t) for i, t in enumerate(pages, 1)],
        )
    )
    verdict = "niet_op_norm" if "voldoet niet" in data.decode() else None
    fields = DocumentFields(
        doc_type=Found(value=doc_type),
        verdict=Found(value=verdict, source=Source(page=1, quote="voldoet niet"))
        if verdict
        else None,
    )
    meta = VersionMeta(
        media_type="text/plain",
        doc_type=doc_type,
        fields=fields,
        original_filename=doc_id.rsplit("/", 1)[-1],
        parse_status="parsed",
        parser_version="1.0.0",
    )
    store.add_version(dossier, doc_id, blob, meta, "ingest-test")


def small_dossier(store: Store, dossier: str = "D-1") -> None:
    add_doc(store, dossier, "rapporten/opname.txt", ["Opname: topgevel, spouwmuur."], "opname")
    add_doc(
        store,
        dossier,
        "besluit.txt",
        ["Besluit", "De woning voldoet niet aan de veiligheidsnorm."],
        "besluit",
    )
    add_doc(store, dossier, "rapporten/opname.txt", ["Opname v2: topgevel, schoorsteen."], "opname")
    store.audit.append("reviewer1", "dossier.viewed", f"dossier:{dossier}")
    store.audit.append("reviewer1", "dossier.viewed", "dossier:OTHER")


def export_to(
    store: Store, dossier: str, out: Path, key: Ed25519PrivateKey, trace: bool = True
) -> ExportSummary:
    return export_dossier(
        store,
        dossier,
        out,
        key,
        lambda d: store.audit.append("exporter", EXPORT_ACTION, f"dossier:{dossier}", d),
        "exporter",
        trace=lineage_trace if trace else None,
    )


def unzip(zip_path: Path, into: Path) -> Path:
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(into)
        top = zf.namelist()[0].split("/", 1)[0]
    return into / top


def rezip(bag: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(bag.rglob("*")):
            if path.is_file():
                zf.write(path, f"{bag.name}/{path.relative_to(bag).as_posix()}")
    shutil.rmtree(bag)
    return out


def flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle] = (data[middle] + 1) % 256 if data[middle] != ord("9") else ord("8")
    path.write_bytes(bytes(data))
