"""Trace, PROV, history and diff over HTTP: checked and logged like every dossier read.

Reuses the API tests' world (users of every role, grants active, expired and revoked) and adds
the hand-made dossier, which only the all-dossier roles may see.
"""

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from store.records import Store
from tests.lineage.house import DOSSIER, build_house

World = tuple[TestClient, dict[str, str], Store]
DOC = quote("rapporten/beoordeling.pdf")
READS = [
    (f"/api/v1/dossiers/{DOSSIER}/trace", "dossier.traced"),
    (f"/api/v1/dossiers/{DOSSIER}/trace?as_of=2022-06-15", "dossier.traced"),
    (f"/api/v1/dossiers/{DOSSIER}/trace/prov", "dossier.trace.exported"),
    (f"/api/v1/history/{DOSSIER}/{DOC}", "document.history.viewed"),
    (f"/api/v1/diff/{DOSSIER}/{DOC}?v1=1&v2=2", "document.diff.viewed"),
]


def _get(client: TestClient, tokens: dict[str, str], who: str | None, path: str) -> object:
    headers = {"Authorization": f"Bearer {tokens[who]}"} if who else {}
    return client.get(path, headers=headers)


@pytest.mark.parametrize(("path", "action"), READS)
@pytest.mark.parametrize("who", ["admin", "rev", "aud", "omb", "law", "exp", "rvk", "none", None])
def test_trace_reads_are_checked_and_logged(
    world: World, path: str, action: str, who: str | None
) -> None:
    client, tokens, store = world
    build_house(store)
    before = len(list(store.audit.events()))
    response = _get(client, tokens, who, path)
    status = response.status_code  # type: ignore[attr-defined]
    expected = 200 if who in {"admin", "rev", "aud", "omb"} else 401 if who is None else 403
    assert status == expected, (who, path)
    events = list(store.audit.events())[before:]
    assert len(events) == 1  # the read, or the refusal: exactly one event
    if expected == 200:
        assert (events[0].actor, events[0].action) == (who, action)
    else:
        assert events[0].action == "access.denied" and events[0].details["status"] == expected
        problem = response.json()  # type: ignore[attr-defined]
        assert set(problem) <= {"type", "title", "status", "detail", "instance"}  # nothing else


def test_a_granted_lawyer_sees_the_trace_of_that_dossier_only(world: World) -> None:
    client, tokens, store = world
    ok = _get(client, tokens, "law", "/api/v1/dossiers/D1/trace")
    assert ok.status_code == 200 and ok.json()["dossier_id"] == "D1"  # type: ignore[attr-defined]
    (chain,) = ok.json()["verdicts"]  # type: ignore[attr-defined]
    assert chain["decision"]["verdict"] == "niet_op_norm" and chain["assessment"] is None
    denied = _get(client, tokens, "law", "/api/v1/dossiers/D2/trace")
    assert denied.status_code == 403  # type: ignore[attr-defined]
    last = list(store.audit.events())[-1]
    assert (last.actor, last.action, last.details["status"]) == ("law", "access.denied", 403)


def test_trace_json_shape_and_unknowns(world: World) -> None:
    client, tokens, store = world
    build_house(store)
    body = _get(client, tokens, "rev", f"/api/v1/dossiers/{DOSSIER}/trace").json()  # type: ignore[attr-defined]
    assert {"dossier_id", "timeline", "verdicts", "discrepancies"} <= set(body)
    chain = body["verdicts"][0]
    assert {"decision", "assessment", "inspection", "objections", "changed_after"} <= set(chain)
    assert {"doc_id", "version", "date", "verdict"} <= set(chain["decision"])
    assert {"doc_id", "version", "inferred"} <= set(chain["assessment"])
    assert {"doc_id", "version", "value", "page", "quote"} <= set(
        body["discrepancies"][0]["inspection"]
    )
    assert _get(client, tokens, "rev", "/api/v1/dossiers/NOPE/trace").status_code == 404  # type: ignore[attr-defined]
    missing = _get(client, tokens, "rev", f"/api/v1/diff/{DOSSIER}/{DOC}?v1=1&v2=9")
    assert missing.status_code == 404  # type: ignore[attr-defined]
    assert _get(client, tokens, "rev", f"/api/v1/diff/{DOSSIER}/{DOC}?v1=0&v2=1").status_code == 422  # type: ignore[attr-defined]


def test_trace_fails_closed_when_the_read_cannot_be_logged(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client, tokens, store = world

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")  # a full disk cannot be caused safely in a test

    monkeypatch.setattr(store.audit, "append", broken)
    response = _get(client, tokens, "rev", "/api/v1/dossiers/D1/trace")
    assert response.status_code == 503 and "verdicts" not in response.text  # type: ignore[attr-defined]
