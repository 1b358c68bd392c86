"""The HTTP API on a real store and index: who may do what, every read logged, errors as
problem details. The matrix runs every endpoint against every kind of caller."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.app import create_app
from api.auth import hash_password
from api.routes.search import SearchParams
from api.settings import Settings
from search.embedded import EmbeddedIndex
from search.indexer import Indexer
from store.access import AccessRecords, Role
from store.factory import open_store
from store.fields import DocumentFields, Found
from store.models import VersionMeta
from store.parsed import Page, ParseResult
from store.records import Store

NOW = dt.datetime.now(dt.UTC)
PASSWORD_HASH = hash_password("correct horse battery")  # argon2 is slow on purpose: hash once


def _doc(store: Store, dossier: str, doc_id: str, text: str) -> None:
    blob = store.put_blob_bytes(text.encode())
    store.put_parse(
        ParseResult(
            sha256=blob.sha256,
            parser_version="1.0.0",
            parser="t",
            media_type="text/plain",
            status="parsed",
            pages=[Page(number=1, text=text)],
        )
    )
    fields = DocumentFields(doc_type=Found(value="besluit"), verdict=Found(value="niet_op_norm"))
    meta = VersionMeta(
        media_type="text/plain",
        doc_type="besluit",
        fields=fields,
        original_filename=doc_id,
        parse_status="parsed",
    )
    store.add_version(dossier, doc_id, blob, meta, "setup")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str], Store]]:
    store = open_store(str(tmp_path / "store"))
    _doc(
        store,
        "D1",
        "besluit.txt",
        "Besluit: de woning met topgevel voldoet niet aan de veiligheidsnorm.",
    )
    _doc(store, "D2", "besluit.txt", "Besluit over een andere woning met topgevel en schoorsteen.")
    access = AccessRecords(store)
    tokens: dict[str, str] = {}
    for user, role in [
        ("admin", "admin"),
        ("rev", "reviewer"),
        ("aud", "auditor"),
        ("omb", "ombudsman"),
        ("law", "lawyer"),
        ("exp", "lawyer"),
        ("rvk", "counter_expert"),
        ("none", "lawyer"),
    ]:
        access.put_user(user, "setup", role=cast(Role, role), password_hash=PASSWORD_HASH)
        tokens[user] = access.issue_token(user, "setup").secret
    access.add_grant(
        "law", "D1", "cliënt", NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=30), "admin"
    )
    access.add_grant(
        "exp", "D1", "verlopen", NOW - dt.timedelta(days=10), NOW - dt.timedelta(days=1), "admin"
    )
    g = access.add_grant(
        "rvk", "D1", "ingetrokken", NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=9), "admin"
    )
    access.revoke_grant(g.grant_id, "admin", "zaak gesloten")
    index = EmbeddedIndex(tmp_path / "index")
    Indexer(store, index).reindex()
    app = create_app(Settings(store=str(tmp_path / "store")), store, index)
    tokens["wrong"] = "nvg_0000_notatoken"
    with TestClient(app) as client:
        yield client, tokens, store


READS = [
    ("GET", "/api/v1/dossiers/D1"),
    ("GET", "/api/v1/documents/D1/besluit.txt"),
    ("GET", "/api/v1/texts/D1/besluit.txt"),
    ("GET", "/api/v1/originals/D1/besluit.txt"),
]
ALL_SEEING = {"admin", "rev", "aud", "omb"}


@pytest.mark.parametrize(("method", "path"), READS)
@pytest.mark.parametrize(
    "who", ["admin", "rev", "aud", "omb", "law", "exp", "rvk", "none", "wrong", None]
)
def test_dossier_reads_matrix(
    world: tuple[TestClient, dict[str, str], Store], method: str, path: str, who: str | None
) -> None:
    client, tokens, store = world
    headers = {"Authorization": f"Bearer {tokens[who]}"} if who else {}
    before = len(list(store.audit.events()))
    response = client.request(method, path, headers=headers)
    expected = 200 if who in ALL_SEEING or who == "law" else 401 if who in (None, "wrong") else 403
    assert response.status_code == expected, (who, path, response.text)
    events = list(store.audit.events())[before:]
    assert len(events) == 1  # the read, or the refusal: always exactly one event
    if expected == 200:
        assert events[0].actor == who and events[0].action.endswith(("viewed", "downloaded"))
    else:
        assert events[0].action == "access.denied"
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["status"] == expected


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/api/v1/audit", {"admin", "aud"}),
        ("/api/v1/users", {"admin"}),
    ],
)
def test_admin_and_auditor_only(
    world: tuple[TestClient, dict[str, str], Store], path: str, allowed: set[str]
) -> None:
    client, tokens, _ = world
    for who in ["admin", "rev", "aud", "omb", "law"]:
        status = client.get(path, headers={"Authorization": f"Bearer {tokens[who]}"}).status_code
        assert status == (200 if who in allowed else 403), (who, path)


def test_search_never_reveals_other_dossiers(
    world: tuple[TestClient, dict[str, str], Store],
) -> None:
    client, tokens, _ = world
    as_rev = client.get(
        "/api/v1/search",
        params={"q": "topgevel"},
        headers={"Authorization": f"Bearer {tokens['rev']}"},
    ).json()
    assert as_rev["total"] == 2
    for who, total in [("law", 1), ("exp", 0), ("rvk", 0), ("none", 0)]:
        body = client.get(
            "/api/v1/search",
            params={"q": "topgevel"},
            headers={"Authorization": f"Bearer {tokens[who]}"},
        ).json()
        assert body["total"] == total, who
        assert all(h["dossier_id"] == "D1" for h in body["hits"])
        assert sum(body["facets"]["doc_type"].values()) == total
    csv = client.get(
        "/api/v1/search",
        params={"q": "topgevel", "format": "csv"},
        headers={"Authorization": f"Bearer {tokens['law']}"},
    )
    assert csv.status_code == 200 and "D2" not in csv.text and "D1" in csv.text


def test_reads_fail_closed_when_the_log_cannot_be_written(
    world: tuple[TestClient, dict[str, str], Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, tokens, store = world

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")  # a full disk cannot be caused safely in a test

    monkeypatch.setattr(store.audit, "append", broken)
    response = client.get(
        "/api/v1/documents/D1/besluit.txt", headers={"Authorization": f"Bearer {tokens['rev']}"}
    )
    assert response.status_code == 503 and "besluit" not in response.text.lower().replace(
        "/besluit.txt", ""
    )
    searched = client.get(  # the async route: the failure comes back from its request thread
        "/api/v1/search",
        params={"q": "topgevel"},
        headers={"Authorization": f"Bearer {tokens['rev']}"},
    )
    assert searched.status_code == 503 and "hits" not in searched.text
    assert searched.headers["retry-after"] == "30"


def test_sessions_csrf_and_access_requests(world: tuple[TestClient, dict[str, str], Store]) -> None:
    client, tokens, _ = world
    bad = client.post("/api/v1/session", json={"user_id": "exp", "password": "wrong"})
    assert bad.status_code == 401
    signed = client.post(
        "/api/v1/session", json={"user_id": "exp", "password": "correct horse battery"}
    )
    assert signed.status_code == 200
    csrf = signed.json()["csrf_token"]
    assert client.get("/api/v1/session").json()["user_id"] == "exp"
    no_csrf = client.post(
        "/api/v1/access-requests", json={"dossier_id": "D1", "reason": "nieuw bezwaar"}
    )
    assert no_csrf.status_code == 403
    asked = client.post(
        "/api/v1/access-requests",
        json={"dossier_id": "D1", "reason": "nieuw bezwaar"},
        headers={"X-CSRF-Token": csrf},
    )
    assert asked.status_code == 201
    request_id = asked.json()["request_id"]
    rev = {"Authorization": f"Bearer {tokens['rev']}"}
    ends = (NOW + dt.timedelta(days=14)).isoformat()
    decided = client.post(
        f"/api/v1/access-requests/{request_id}/decision",
        json={"grant": True, "reason": "ok", "ends": ends},
        headers=rev,
    )
    assert decided.status_code == 200 and decided.json()["decision"]["outcome"] == "granted"
    assert client.get("/api/v1/dossiers/D1").status_code == 200  # the session sees it now
    mine = client.get("/api/v1/access-requests").json()
    assert [r["decision"]["outcome"] for r in mine] == ["granted"]


def test_problem_details_and_ranges(world: tuple[TestClient, dict[str, str], Store]) -> None:
    client, tokens, _ = world
    rev = {"Authorization": f"Bearer {tokens['rev']}"}
    missing = client.get("/api/v1/dossiers/NOPE", headers=rev)
    assert missing.status_code == 404 and missing.json()["title"] == "Not found"
    bad_id = client.get("/api/v1/documents/D1/..%2F..%2Fetc", headers=rev)
    assert bad_id.status_code == 422 and "Traceback" not in bad_id.text  # the id rule, at the edge
    assert "doc_id" in bad_id.json()["detail"]
    part = client.get("/api/v1/originals/D1/besluit.txt", headers={**rev, "Range": "bytes=0-6"})
    assert part.status_code == 206 and part.content == b"Besluit"
    assert part.headers["content-range"].startswith("bytes 0-6/")
    invalid = client.get("/api/v1/search", params={"limit": "zero"}, headers=rev)
    assert invalid.status_code == 422 and invalid.headers["content-type"].startswith(
        "application/problem+json"
    )
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/readyz").json()["status"] == "ready"
    assert "navolg_http_requests_total" in client.get("/metrics").text
    schema = client.get("/openapi.json").json()
    assert "/api/v1/search" in schema["paths"]


def test_search_reads_its_query_string_as_fastapi_would(
    world: tuple[TestClient, dict[str, str], Store],
) -> None:
    """The search route reads its query string into one model (api.params.query_model)."""
    client, tokens, _ = world
    rev = {"Authorization": f"Bearer {tokens['rev']}"}

    def search(params: list[tuple[str, str]]) -> httpx.Response:
        answer: httpx.Response = client.get("/api/v1/search", params=params, headers=rev)
        return answer

    both = search([("q", "topgevel"), ("dossier", "D1"), ("dossier", "D2")])
    assert both.json()["total"] == 2  # a list parameter repeated
    one = search([("q", "topgevel"), ("dossier", "D2")]).json()
    assert one["total"] == 1 and one["hits"][0]["dossier_id"] == "D2"
    last = search([("q", "topgevel"), ("limit", "5"), ("limit", "1")]).json()
    assert last["total"] == 2 and len(last["hits"]) == 1  # the last value of a scalar wins
    assert search([("q", "topgevel"), ("all_versions", "true")]).status_code == 200
    for name, value in [("limit", "0"), ("sort", "random"), ("date_from", "1"), ("after", "x")]:
        bad = search([(name, value)])
        assert bad.status_code == 422, name
        assert f"query.{name}" in bad.json()["detail"], bad.json()
    anonymous = client.get("/api/v1/search", params={"limit": "0"})
    assert anonymous.status_code == 401  # sign-in comes before the query string is read
    unknown = search([("q", "topgevel"), ("colour", "red")])  # ignored, as FastAPI does
    assert unknown.status_code == 200
    described = client.get("/openapi.json").json()["paths"]["/api/v1/search"]["get"]
    names = {p["name"] for p in described["parameters"]}
    assert names == set(SearchParams.model_fields)
    dossier = next(p for p in described["parameters"] if p["name"] == "dossier")
    assert dossier["schema"]["type"] == "array" and dossier["in"] == "query"


def test_search_threads_setting(tmp_path: Path) -> None:
    """NAVOLG_SEARCH_THREADS bounds the searches a process runs at once (api.context)."""
    store = open_store(str(tmp_path / "store"))
    index = EmbeddedIndex(tmp_path / "index")
    app = create_app(Settings(store=str(tmp_path / "store"), search_threads=3), store, index)
    assert app.state.ctx.threads._max_workers == 3  # the executor's own bound
    with pytest.raises(ValidationError):
        Settings(search_threads=0)


def test_upload_with_the_ingest_rules(world: tuple[TestClient, dict[str, str], Store]) -> None:
    client, tokens, store = world
    rev = {"Authorization": f"Bearer {tokens['rev']}"}
    body = b"Zienswijze: ik ben het niet eens met het besluit over de topgevel."
    first = client.post(
        "/api/v1/dossiers/D1/documents", files={"file": ("zienswijze.txt", body)}, headers=rev
    )
    assert first.status_code == 201, first.text
    assert first.json()["items"][0]["status"] == "new"
    again = client.post(
        "/api/v1/dossiers/D1/documents", files={"file": ("zienswijze.txt", body)}, headers=rev
    )
    assert again.json()["items"][0]["status"] == "unchanged"
    empty = client.post(
        "/api/v1/dossiers/D1/documents", files={"file": ("leeg.pdf", b"")}, headers=rev
    )
    assert empty.status_code == 201 and "empty" in empty.json()["failed"][0]["reason"]
    assert store.get_version("D1", "leeg.pdf").size == 0  # stored all the same
    escape = client.post(
        "/api/v1/dossiers/D1/documents", files={"file": ("../../x.txt", b"x")}, headers=rev
    )
    assert escape.status_code == 201 and escape.json()["items"][0]["doc_id"] == "x.txt"
    law = {"Authorization": f"Bearer {tokens['law']}"}
    assert (
        client.post(
            "/api/v1/dossiers/D1/documents", files={"file": ("a.txt", b"a")}, headers=law
        ).status_code
        == 403
    )
    client.app.state.ctx.settings.max_upload_mb = 0  # type: ignore[attr-defined]
    big = client.post(
        "/api/v1/dossiers/D1/documents", files={"file": ("groot.txt", b"x" * 10)}, headers=rev
    )
    assert big.status_code == 413 and big.json()["title"] == "File too large"
