"""Hostile uploads over HTTP, on SeaweedFS and OpenSearch: the ingest issue's bad inputs sent to
`POST /api/v1/dossiers/{id}/documents`. Each is stored as sent (except an upload over the size
limit, which leaves nothing); its failure and the reason are in the report and in an
upload.failures audit event (for a file that could not be read also in its parse result); the
answer is a success listing the failure or a clear RFC 9457 problem: never a 500."""

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfWriter

from store.errors import NotFound
from tests.api.world import World, real_world, reindex
from tests.ingest.files import pdf_bytes, zip_bytes

LIMIT_MB = 1
DOSSIER = "GRN-UP1"


@pytest.fixture(scope="module")
def up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, dict[str, str]]]:
    with real_world(tmp_path_factory.mktemp("uploads"), max_upload_mb=LIMIT_MB) as (world, ix):
        world.access.put_user("rev", "setup", role="reviewer")
        headers = {"Authorization": f"Bearer {world.access.issue_token('rev', 'setup').secret}"}
        reindex(world, ix)
        yield world, headers


def _send(
    world: World, headers: dict[str, str], name: str, data: bytes, dossier: str = DOSSIER
) -> Any:
    return world.client.post(
        f"/api/v1/dossiers/{dossier}/documents", files={"file": (name, data)}, headers=headers
    )


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("geheim")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _bomb() -> bytes:
    """One entry of 50 MB of zeros: compresses ~1000:1, far above the 200:1 limit."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("nullen.txt", b"\0" * (50 << 20))
    return buffer.getvalue()


def _nested(depth: int) -> bytes:
    data = zip_bytes({"binnenste.txt": b"diep verstopte brief"})
    for level in range(depth):
        data = zip_bytes({f"laag{level}.zip": data})
    return data


# name, bytes, a word the failure's reason must contain (None: no failure expected)
BAD: list[tuple[str, bytes, str | None]] = [
    ("kapot.pdf", pdf_bytes(["afgebroken rapport"])[:200], "pdf"),
    ("versleuteld.pdf", _encrypted_pdf(), "encrypt"),
    ("leeg.pdf", b"", "empty"),
    ("rapport.txt", pdf_bytes(["een pdf met de naam van een tekst"]), None),
    ("brief.pdf", b"Geachte heer, dit is gewone tekst met de naam van een pdf.", None),
    ("bom.zip", _bomb(), "zip bomb"),
    ("diep.zip", _nested(7), "nested"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_stored_and_its_failure_recorded(
    up: tuple[World, dict[str, str]], name: str, data: bytes, reason: str | None
) -> None:
    world, headers = up
    world.new_events()
    response = _send(world, headers, name, data)
    assert response.status_code == 201, response.text
    report = response.json()
    item = next(i for i in report["items"] if i["source"].endswith(name) or i["doc_id"] == name)
    stored = world.store.get_version(DOSSIER, item["doc_id"])
    with world.store.open_blob(stored.sha256) as blob:
        assert blob.read() == data  # the original, byte for byte
    reasons = " ".join(f["reason"] for f in report["failed"]).lower()
    if reason is None:
        assert item["status"] == "new", report
    else:
        assert reason in reasons, report
        logged = [e for e in world.new_events() if e.action == "upload.failures"]
        assert logged and reason in str(logged[0].details).lower(), "the reason is in the log"
        parse = world.store.get_parse(stored.sha256)
        if name.endswith(".pdf"):  # a file that could not be read keeps the reason with it
            assert parse is not None and parse.status != "parsed"
            assert reason in (parse.reason or "").lower(), parse


def test_zip_entries_cannot_escape_the_dossier(up: tuple[World, dict[str, str]]) -> None:
    world, headers = up
    data = zip_bytes(
        {
            "goed/brief.txt": b"een gewone brief",
            "../../buiten.txt": b"ontsnapt",
            "/etc/passwd": b"root:x:0:0",
            "a/../../../terug.txt": b"terug",
        }
    )
    response = _send(world, headers, "levering.zip", data)
    assert response.status_code == 201, response.text
    ids = [i["doc_id"] for i in response.json()["items"] if i["doc_id"]]
    assert ids and all(".." not in i and not i.startswith("/") for i in ids), ids
    docs = world.store.list_documents(DOSSIER)
    assert all(".." not in d.split("/") and not d.startswith("/") for d in docs), docs
    assert sorted(world.store.list_dossiers()) == [DOSSIER]  # nothing landed beside it


def test_over_the_limit_leaves_nothing(up: tuple[World, dict[str, str]]) -> None:
    world, headers = up
    before = sorted(world.store.backend.list("blobs/"))
    response = _send(
        world, headers, "groot.pdf", b"%PDF-1.4\n" + b"x" * (LIMIT_MB << 20), "GRN-BIG"
    )
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert f"{LIMIT_MB} MiB" in response.json()["detail"]
    assert sorted(world.store.backend.list("blobs/")) == before
    with pytest.raises(NotFound):
        world.store.get_dossier("GRN-BIG")


def _multipart(name: str, size: int) -> tuple[Iterator[bytes], str]:
    """A multipart body streamed in 256 KiB chunks (sent chunked: no Content-Length)."""
    boundary = "navolgtestgrens"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()

    def chunks() -> Iterator[bytes]:
        yield head
        for _ in range(size // (256 << 10)):
            yield b"x" * (256 << 10)
        yield f"\r\n--{boundary}--\r\n".encode()

    return chunks(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_far_over_the_limit_is_refused_while_it_arrives(
    up: tuple[World, dict[str, str]], chunked: bool
) -> None:
    """Four times the limit: the body limit refuses it before the route runs (nothing spooled
    to disk or stored), as the same problem detail."""
    world, headers = up
    before = sorted(world.store.backend.list("blobs/"))
    url = "/api/v1/dossiers/GRN-HUGE/documents"
    if chunked:
        body, kind = _multipart("enorm.bin", 4 * (LIMIT_MB << 20))
        response = world.client.post(url, content=body, headers={**headers, "Content-Type": kind})
    else:
        response = _send(world, headers, "enorm.bin", b"x" * (4 * (LIMIT_MB << 20)), "GRN-HUGE")
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == f"uploads are limited to {LIMIT_MB} MiB"
    assert sorted(world.store.backend.list("blobs/")) == before
    with pytest.raises(NotFound):
        world.store.get_dossier("GRN-HUGE")


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "a\nb.txt\x00.exe", "C:\\Windows\\win.ini"],
)
def test_unsafe_file_names(up: tuple[World, dict[str, str]], name: str) -> None:
    world, headers = up
    response = _send(world, headers, name, b"inhoud met een vreemde naam " + name.encode())
    assert response.status_code in (201, 422), response.text
    if response.status_code == 201:
        for item in response.json()["items"]:
            doc_id = item["doc_id"]
            assert ".." not in doc_id.split("/") and "\\" not in doc_id and "\n" not in doc_id
            assert world.store.get_version(DOSSIER, doc_id).size > 0
    else:
        assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("dossier", ["a..b.", "-x", "GRN%2F..%2Fb", "x" * 300])
def test_unsafe_dossier_ids_are_refused_at_the_edge(
    up: tuple[World, dict[str, str]], dossier: str
) -> None:
    world, headers = up
    before = sorted(world.store.list_dossiers())
    response = _send(world, headers, "brief.txt", b"brief", dossier)
    assert response.status_code in (404, 422), (dossier, response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert sorted(world.store.list_dossiers()) == before


def test_uploads_one_after_another_share_one_started_parser(
    up: tuple[World, dict[str, str]],
) -> None:
    """Starting a parser process cost every upload about 2 s of CPU before it was kept."""
    world, headers = up
    before = world.ctx.parse_pools.started
    for n in range(3):
        sent = _send(world, headers, f"gedeeld-{n}.txt", f"brief nummer {n}".encode())
        assert sent.status_code == 201, sent.text
        assert sent.json()["items"][0]["status"] == "new"
    assert world.ctx.parse_pools.started - before <= 1  # none if an earlier test started it
