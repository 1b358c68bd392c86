"""The authorisation matrix: every endpoint of the OpenAPI description, every kind of caller,
the expected status; on SeaweedFS and OpenSearch. Endpoints come from the app's own description,
so a new endpoint without an entry in EXPECTED fails `test_every_endpoint_has_an_entry` (and a
stale entry fails it too). Every refusal must leave an access.denied event naming the path and
status; every allowed read an event of its action by the caller, written before the answer.

Callers: each role by token; lawyer and counter-expert with a grant on A asking for A (granted)
or B (not granted), with an expired and with a revoked grant on A; a reviewer's and a lawyer's
session cookie (CSRF token sent on writes), a reviewer's session without the CSRF token; no
credentials, a made-up, an expired and a revoked token, a disabled user's token, a forged and an
expired cookie.
"""

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import pytest

from api.auth import CSRF_COOKIE, SESSION_COOKIE, make_session
from store.access import Role
from store.fields import DocumentFields, Found
from store.models import Address, VersionMeta
from store.parsed import Page, ParseResult
from tests.api.test_api import NOW, PASSWORD_HASH, _doc
from tests.api.world import World, real_world, reindex

PASSWORD = "correct horse battery"  # the one PASSWORD_HASH was made from
A, B = "GRN-A1", "GRN-B7"
SECRET_WORD = "zwaluwstaartverbinding"  # only in dossier B
B_FIRM = "Geheimbouw Ingenieurs"  # only in dossier B: would show up as a facet value
B_POSTCODE = "9999 ZZ"
ALL_SEEING: set[str] = {"admin", "reviewer", "auditor", "ombudsman"}
GRANTED_ONLY: set[str] = {"lawyer", "counter_expert"}
SAFE = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Caller:
    name: str
    role: str | None  # None: no valid credentials
    user: str | None
    target: str  # the dossier its requests name
    sees: frozenset[str] | None  # the dossiers it may see (None: all)
    auth: str  # token | session | session-nocsrf | none
    headers: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def sees_target(self) -> bool:
        return self.sees is None or self.target in self.sees


@dataclass
class Req:
    method: str
    url: str
    params: dict[str, Any] | None = None
    json: Any = None
    files: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Entry:
    """What one endpoint needs and how to call it for a caller."""

    make: Callable[[World, Caller], Req]
    ok: int = 200
    roles: set[str] | None = None  # None: anyone signed in
    dossier: bool = False  # the named dossier must be visible to the caller
    public: bool = False  # no sign-in needed
    logged: str | None = None  # the action a success leaves in the log
    expect: Callable[[Caller], int] | None = None  # overrides the rules above
    check: Callable[[World, Caller, Any], None] | None = None  # more about a success


counter = itertools.count(1)


def _get(url: str, **params: Any) -> Callable[[World, Caller], Req]:
    return lambda w, c: Req("GET", url.format(d=c.target), params=params or None)


def _upload(w: World, c: Caller) -> Req:
    n = next(counter)
    files = {"file": (f"brief-{n}.txt", f"Brief nummer {n} over de schoorsteen.".encode())}
    return Req("POST", f"/api/v1/dossiers/{c.target}/documents", files=files)


def _new_user(w: World, c: Caller) -> Req:
    n = next(counter)
    return Req("POST", "/api/v1/users", json={"user_id": f"new{n}", "name": "N", "role": "lawyer"})


def _disable(w: World, c: Caller) -> Req:
    victim = f"victim{next(counter)}"
    w.access.put_user(victim, "setup", role="lawyer")
    return Req("POST", f"/api/v1/users/{victim}/disable")


def _revoke_own_token(w: World, c: Caller) -> Req:
    """A fresh token of the caller's own (or, without a user, of the admin's)."""
    token = w.access.issue_token(c.user or "admin", "setup").token
    return Req("DELETE", f"/api/v1/tokens/{token.token_id}")


def _revoke_others_token(w: World, c: Caller) -> Req:
    token = w.access.issue_token("bystander", "setup").token
    return Req("DELETE", f"/api/v1/tokens/{token.token_id}")


def _add_grant(w: World, c: Caller) -> Req:
    ends = (NOW + dt.timedelta(days=3)).isoformat()
    body = {"user_id": "bystander", "dossier_id": A, "reason": "matrix", "ends": ends}
    return Req("POST", "/api/v1/grants", json=body)


def _revoke_grant(w: World, c: Caller) -> Req:
    grant = w.access.add_grant("bystander", A, "matrix", NOW, NOW + dt.timedelta(days=3), "setup")
    return Req("POST", f"/api/v1/grants/{grant.grant_id}/revoke", json={"reason": "matrix"})


def _ask(w: World, c: Caller) -> Req:
    return Req("POST", "/api/v1/access-requests", json={"dossier_id": c.target, "reason": "zaak"})


def _decide(w: World, c: Caller) -> Req:
    asked = w.access.request_access("bystander", A, "matrix")
    ends = (NOW + dt.timedelta(days=3)).isoformat()
    body = {"grant": True, "reason": "ok", "ends": ends}
    return Req("POST", f"/api/v1/access-requests/{asked.request_id}/decision", json=body)


def _sign_in(w: World, c: Caller) -> Req:
    return Req(
        "POST", "/api/v1/session", json={"user_id": c.user or "nobody", "password": PASSWORD}
    )


def _only_own(w: World, c: Caller, body: Any) -> None:
    """Lawyers and counter-experts see only their own grants and requests."""
    if c.role in GRANTED_ONLY:
        assert {item["user_id"] for item in body} <= {c.user}, (c.name, body)


def _listed(w: World, c: Caller, body: Any) -> None:
    ids = {d["dossier_id"] for d in body}
    assert ids == ({A, B} if c.sees is None else c.sees), c.name


def _range(w: World, c: Caller) -> Req:
    req = _get("/api/v1/originals/{d}/besluit.txt")(w, c)
    req.headers["Range"] = "bytes=0-6"
    return req


DOC = "{d}/besluit.txt"
EXPECTED: dict[tuple[str, str], list[Entry]] = {
    # first: an export reads the whole audit log (its Merkle tree), which the matrix grows
    ("GET", "/api/v1/exports/{dossier_id}"): [
        Entry(_get("/api/v1/exports/{d}"), logged="dossier.exported", dossier=True)
    ],
    ("GET", "/healthz"): [Entry(_get("/healthz"), public=True)],
    ("GET", "/readyz"): [Entry(_get("/readyz"), public=True)],
    ("GET", "/metrics"): [Entry(_get("/metrics"), public=True)],
    ("GET", "/api/v1/session"): [Entry(_get("/api/v1/session"))],
    ("POST", "/api/v1/session"): [
        Entry(_sign_in, public=True, expect=lambda c: 200 if c.user else 401)
    ],
    ("DELETE", "/api/v1/session"): [Entry(lambda w, c: Req("DELETE", "/api/v1/session"), ok=204)],
    ("GET", "/api/v1/search"): [
        Entry(_get("/api/v1/search", q="topgevel"), logged="search.performed"),
        Entry(_get("/api/v1/search", q="topgevel", format="csv"), logged="search.performed"),
        Entry(_get("/api/v1/search", q="topgevel", format="dossiers"), logged="search.performed"),
    ],
    ("GET", "/api/v1/dossiers"): [
        Entry(_get("/api/v1/dossiers"), logged="dossiers.listed", check=_listed)
    ],
    ("GET", "/api/v1/dossiers/{dossier_id}"): [
        Entry(_get("/api/v1/dossiers/{d}"), logged="dossier.viewed", dossier=True)
    ],
    ("GET", "/api/v1/documents/{dossier_id}/{doc_id}"): [
        Entry(_get(f"/api/v1/documents/{DOC}"), logged="document.viewed", dossier=True),
        Entry(_get(f"/api/v1/documents/{DOC}", version=1), logged="document.viewed", dossier=True),
    ],
    ("GET", "/api/v1/texts/{dossier_id}/{doc_id}"): [
        Entry(_get(f"/api/v1/texts/{DOC}"), logged="document.text.viewed", dossier=True)
    ],
    ("GET", "/api/v1/originals/{dossier_id}/{doc_id}"): [
        Entry(_get(f"/api/v1/originals/{DOC}"), logged="document.downloaded", dossier=True),
        Entry(_range, ok=206, logged="document.downloaded", dossier=True),
    ],
    ("GET", "/api/v1/dossiers/{dossier_id}/trace"): [
        Entry(_get("/api/v1/dossiers/{d}/trace"), logged="dossier.traced", dossier=True)
    ],
    ("GET", "/api/v1/dossiers/{dossier_id}/trace/prov"): [
        Entry(
            _get("/api/v1/dossiers/{d}/trace/prov"), logged="dossier.trace.exported", dossier=True
        )
    ],
    ("GET", "/api/v1/history/{dossier_id}/{doc_id}"): [
        Entry(_get(f"/api/v1/history/{DOC}"), logged="document.history.viewed", dossier=True)
    ],
    ("GET", "/api/v1/diff/{dossier_id}/{doc_id}"): [
        Entry(_get(f"/api/v1/diff/{DOC}", v1=1, v2=2), logged="document.diff.viewed", dossier=True)
    ],
    ("GET", "/api/v1/users"): [Entry(_get("/api/v1/users"), roles={"admin"})],
    ("POST", "/api/v1/users"): [Entry(_new_user, ok=201, roles={"admin"})],
    ("POST", "/api/v1/users/{user_id}/disable"): [Entry(_disable, roles={"admin"})],
    ("POST", "/api/v1/tokens"): [
        Entry(lambda w, c: Req("POST", "/api/v1/tokens", json={"label": "matrix"}), ok=201)
    ],
    ("DELETE", "/api/v1/tokens/{token_id}"): [
        Entry(_revoke_own_token, ok=204),
        Entry(_revoke_others_token, ok=204, roles={"admin"}),
    ],
    ("GET", "/api/v1/grants"): [
        Entry(_get("/api/v1/grants"), check=_only_own),
        Entry(_get("/api/v1/grants", dossier=B), check=_only_own),
    ],
    ("POST", "/api/v1/grants"): [Entry(_add_grant, ok=201, roles={"admin", "reviewer"})],
    ("POST", "/api/v1/grants/{grant_id}/revoke"): [
        Entry(_revoke_grant, roles={"admin", "reviewer"})
    ],
    ("GET", "/api/v1/access-requests"): [
        Entry(
            _get("/api/v1/access-requests"),
            roles={"admin", "reviewer", *GRANTED_ONLY},
            check=_only_own,
        )
    ],
    ("POST", "/api/v1/access-requests"): [Entry(_ask, ok=201, roles=GRANTED_ONLY)],
    ("POST", "/api/v1/access-requests/{request_id}/decision"): [
        Entry(_decide, roles={"admin", "reviewer"})
    ],
    ("GET", "/api/v1/audit"): [
        Entry(_get("/api/v1/audit", limit=5), roles={"admin", "auditor"}, logged="audit.viewed")
    ],
    ("POST", "/api/v1/dossiers/{dossier_id}/documents"): [
        Entry(_upload, ok=201, roles={"admin", "reviewer"})
    ],
}


def expected(entry: Entry, method: str, c: Caller) -> int:  # noqa: PLR0911 (one rule a line)
    if entry.expect is not None:
        return entry.expect(c)
    if entry.public:
        return entry.ok
    if c.role is None:
        return 401
    if method not in SAFE and c.auth == "session-nocsrf":
        return 403
    if entry.roles is not None and c.role not in entry.roles:
        return 403
    if entry.dossier and not c.sees_target:
        return 403
    return entry.ok


def _plant(world: World) -> None:
    """A: one document in two versions. B: a document with a word, a firm and a postcode
    found nowhere else, so any leak of B shows up by name."""
    store = world.store
    store.record_dossier(A, "setup", Address(postcode="9711 AB", huisnummer="1"))
    _doc(store, A, "besluit.txt", "Besluit: de topgevel voldoet niet aan de veiligheidsnorm.")
    _doc(store, A, "besluit.txt", "Besluit (herzien): de topgevel voldoet aan de norm.")
    store.record_dossier(B, "setup", Address(postcode=B_POSTCODE, huisnummer="7"))
    text = f"Opname: de topgevel met een {SECRET_WORD} van {B_FIRM} is onveilig."
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
    fields = DocumentFields(
        doc_type=Found(value="opnamerapport"),
        firm=Found(value=B_FIRM),
        postcode=Found(value=B_POSTCODE),
        components=[Found(value=SECRET_WORD)],
    )
    meta = VersionMeta(
        media_type="text/plain",
        doc_type="opnamerapport",
        fields=fields,
        original_filename="besluit.txt",
        parse_status="parsed",
    )
    store.add_version(B, "besluit.txt", blob, meta, "setup")


def _users(world: World) -> dict[str, Caller]:
    access, ctx = world.access, world.ctx
    day = dt.timedelta(days=1)
    callers: dict[str, Caller] = {}

    def user(user_id: str, role: str) -> str:
        access.put_user(user_id, "setup", role=cast(Role, role), password_hash=PASSWORD_HASH)
        return access.issue_token(user_id, "setup").secret

    def bearer(secret: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {secret}"}

    user("bystander", "lawyer")
    for role in sorted(ALL_SEEING):
        callers[role] = Caller(role, role, role, A, None, "token", bearer(user(role, role)))
    for role in sorted(GRANTED_ONLY):
        secret = user(role, role)
        access.add_grant(role, A, "cliënt", NOW - day, NOW + 30 * day, "admin")
        callers[f"{role}/granted"] = Caller(
            f"{role}/granted", role, role, A, frozenset({A}), "token", bearer(secret)
        )
        callers[f"{role}/not-granted"] = Caller(
            f"{role}/not-granted", role, role, B, frozenset({A}), "token", bearer(secret)
        )
        expired = user(f"{role}.exp", role)
        access.add_grant(f"{role}.exp", A, "oud", NOW - 10 * day, NOW - day, "admin")
        callers[f"{role}/expired-grant"] = Caller(
            f"{role}/expired-grant", role, f"{role}.exp", A, frozenset(), "token", bearer(expired)
        )
        revoked = user(f"{role}.rev", role)
        grant = access.add_grant(f"{role}.rev", A, "ingetrokken", NOW - day, NOW + day, "admin")
        access.revoke_grant(grant.grant_id, "admin", "zaak gesloten")
        callers[f"{role}/revoked-grant"] = Caller(
            f"{role}/revoked-grant", role, f"{role}.rev", A, frozenset(), "token", bearer(revoked)
        )
    for role in ("reviewer", "lawyer"):  # the session path is the same for every role
        sees = None if role in ALL_SEEING else frozenset({A})
        callers[f"{role}/session"] = Caller(
            f"{role}/session", role, role, A, sees, "session", _signed_in(world, role)
        )
    nocsrf = _signed_in(world, "reviewer")
    nocsrf.pop("X-CSRF-Token")
    callers["reviewer/session-no-csrf"] = Caller(
        "reviewer/session-no-csrf", "reviewer", "reviewer", A, None, "session-nocsrf", nocsrf
    )
    expired_token = access.issue_token("admin", "setup", expires_at=NOW - day).secret
    lost = access.issue_token("admin", "setup")
    access.revoke_token(lost.token.token_id, "setup", "lost")
    user("gone", "admin")
    gone = access.issue_token("gone", "setup").secret
    access.put_user("gone", "setup", disabled=True)
    hours = ctx.settings.session_hours
    ctx.settings.session_hours = -1
    stale = make_session(ctx, "admin")
    ctx.settings.session_hours = hours
    bad: dict[str, dict[str, str]] = {
        "anonymous": {},
        "made-up token": bearer("nvg_0000_notatoken"),
        "expired token": bearer(expired_token),
        "revoked token": bearer(lost.secret),
        "disabled user's token": bearer(gone),
        "forged cookie": {"Cookie": f"{SESSION_COOKIE}=YWRtaW58OTk5OTk5OTk5OQ==.{'0' * 64}"},
        "expired cookie": {"Cookie": f"{SESSION_COOKIE}={stale}"},
    }
    for name, headers in bad.items():
        callers[name] = Caller(name, None, None, A, frozenset(), "none", headers)
    return callers


def _signed_in(world: World, user_id: str) -> dict[str, str]:
    """Sign in for real; the cookies go into each request's header (the client keeps none)."""
    response = world.client.post("/api/v1/session", json={"user_id": user_id, "password": PASSWORD})
    assert response.status_code == 200, response.text
    cookies = {
        SESSION_COOKIE: response.cookies[SESSION_COOKIE],
        CSRF_COOKIE: response.cookies[CSRF_COOKIE],
    }
    world.client.cookies.clear()
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return {"Cookie": cookie, "X-CSRF-Token": response.json()["csrf_token"]}


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, dict[str, Caller]]]:
    with real_world(tmp_path_factory.mktemp("matrix")) as (world, index):
        _plant(world)
        callers = _users(world)
        reindex(world, index)
        yield world, callers


def _call(world: World, caller: Caller, req: Req) -> Any:
    world.client.cookies.clear()
    headers = {**caller.headers, **req.headers}
    return world.client.request(
        req.method, req.url, params=req.params, json=req.json, files=req.files, headers=headers
    )


def test_every_endpoint_has_an_entry(matrix: tuple[World, dict[str, Caller]]) -> None:
    world, _ = matrix
    described = {
        (method.upper(), path)
        for path, operations in world.client.app.openapi()["paths"].items()  # type: ignore[attr-defined]
        for method in operations
    }
    assert described - EXPECTED.keys() == set(), "endpoints without an expected-access entry"
    assert EXPECTED.keys() - described == set(), "entries for endpoints that no longer exist"


def _cases() -> Iterator[tuple[str, str, int]]:
    for (method, path), entries in EXPECTED.items():
        for number in range(len(entries)):
            yield method, path, number


@pytest.mark.parametrize(("method", "path", "number"), list(_cases()))
def test_matrix(
    matrix: tuple[World, dict[str, Caller]], method: str, path: str, number: int
) -> None:
    """One endpoint (one way of calling it) against every caller; all mismatches at once. The
    log is read once afterwards (requests run one after another): each refusal must have left
    exactly one access.denied event for its path and status, each logged read its event."""
    world, callers = matrix
    entry = EXPECTED[(method, path)][number]
    wrong: list[str] = []
    denials: Counter[tuple[str, int]] = Counter()
    reads: Counter[tuple[str | None, str]] = Counter()
    world.new_events()
    for caller in callers.values():
        req = entry.make(world, caller)
        assert req.method == method
        response = _call(world, caller, req)
        want, got = expected(entry, method, caller), response.status_code
        if got != want:
            wrong.append(f"{caller.name}: {got} (expected {want}) {response.text[:200]}")
            continue
        if got in (401, 403):
            wrong += _refusal_problems(caller, response)
            denials[(f"path:{req.url.split('?')[0]}", got)] += 1
        elif entry.logged is not None:
            reads[(caller.user, entry.logged)] += 1
        if 200 <= got < 300 and entry.check is not None:
            entry.check(world, caller, response.json())
    events = world.new_events()
    logged_denials = Counter(
        (e.target, e.details.get("status")) for e in events if e.action == "access.denied"
    )
    logged_reads: Counter[tuple[str | None, str]] = Counter((e.actor, e.action) for e in events)
    assert not wrong, f"{method} {path} #{number}:\n" + "\n".join(wrong)
    assert logged_denials == denials, "every refusal leaves one access.denied event"
    assert not reads - logged_reads, "every allowed read is logged"


def _refusal_problems(caller: Caller, response: Any) -> list[str]:
    if not response.headers["content-type"].startswith("application/problem+json"):
        return [f"{caller.name}: refusal is not a problem detail"]
    if response.json()["status"] != response.status_code:
        return [f"{caller.name}: problem status differs"]
    return []


def _search(world: World, caller: Caller, **params: Any) -> Any:
    response = _call(world, caller, Req("GET", "/api/v1/search", params=params))
    assert response.status_code == 200, response.text
    return response


SEARCHES: list[dict[str, Any]] = [
    {"q": SECRET_WORD},
    {"q": "zwaluw*"},
    {"q": "topgevel"},
    {"q": ""},
    {"q": "topgevel", "dossier": B},
    {"q": "", "firm": B_FIRM},
    {"q": "", "postcode": B_POSTCODE},
    {"q": "", "component": SECRET_WORD},
    {"q": "topgevel", "sort": "date", "limit": 1},
    {"q": "topgevel", "all_versions": "true"},
]


@pytest.mark.parametrize("params", SEARCHES, ids=[str(p) for p in SEARCHES])
def test_search_reveals_nothing_of_an_ungranted_dossier(
    matrix: tuple[World, dict[str, Caller]], params: dict[str, Any]
) -> None:
    """As a lawyer with a grant on A only: no total, facet value or count, snippet, dossier
    group or CSV row may come from B. B's distinctive word, firm, postcode and id appear nowhere;
    the same searches as a reviewer do find B (so the words are really there)."""
    world, callers = matrix
    lawyer, reviewer = callers["lawyer/granted"], callers["reviewer"]
    for fmt in ("json", "csv", "dossiers"):
        seen = _search(world, reviewer, format=fmt, **params).text
        mine = _search(world, lawyer, format=fmt, **params).text
        for secret in (SECRET_WORD, B_FIRM, B_POSTCODE, B):
            assert secret not in mine, (fmt, params, secret)
        if params.get("q") in (SECRET_WORD, "zwaluw*"):
            assert B in seen  # the reviewer does find B: the word is really there
    # Exactly what a reviewer gets when asking for A only: totals, facets (values and counts),
    # hits and CSV rows; nothing when the lawyer asks for B by name.
    only_a = {**params, "dossier": A if params.get("dossier") != B else "none-such"}
    body = _search(world, lawyer, **params).json()
    as_if = _search(world, reviewer, **only_a).json()
    assert (body["total"], body["facets"]) == (as_if["total"], as_if["facets"]), params
    assert [h["id"] for h in body["hits"]] == [h["id"] for h in as_if["hits"]]
    assert [h["snippets"] for h in body["hits"]] == [h["snippets"] for h in as_if["hits"]]
    for fmt in ("csv", "dossiers"):
        mine = _search(world, lawyer, format=fmt, **params).text
        assert mine == _search(world, reviewer, format=fmt, **only_a).text, fmt


def test_a_page_cursor_stays_within_the_grant(matrix: tuple[World, dict[str, Caller]]) -> None:
    """Paging with the signed cursor never reaches B; a reviewer's cursor works the same."""
    world, callers = matrix
    lawyer = callers["lawyer/granted"]
    page = _search(world, lawyer, q="", limit=1).json()
    seen = {h["dossier_id"] for h in page["hits"]}
    while page["next"]:
        page = _search(world, lawyer, q="", limit=1, after=page["next"]).json()
        seen |= {h["dossier_id"] for h in page["hits"]}
    assert seen == {A}


def test_revocation_takes_effect_on_the_next_request(
    matrix: tuple[World, dict[str, Caller]],
) -> None:
    world, _ = matrix
    world.access.put_user("late", "setup", role="lawyer")
    secret = world.access.issue_token("late", "setup").secret
    grant = world.access.add_grant("late", A, "kort", NOW, NOW + dt.timedelta(days=1), "admin")
    headers = {"Authorization": f"Bearer {secret}"}
    assert world.client.get(f"/api/v1/dossiers/{A}", headers=headers).status_code == 200
    admin = world.access.issue_token("admin", "setup").secret
    revoked = world.client.post(
        f"/api/v1/grants/{grant.grant_id}/revoke",
        json={"reason": "einde"},
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert revoked.status_code == 200
    world.new_events()
    assert world.client.get(f"/api/v1/dossiers/{A}", headers=headers).status_code == 403
    assert [e.action for e in world.new_events()] == ["access.denied"]


def test_access_request_outcomes_reach_the_requester(
    matrix: tuple[World, dict[str, Caller]],
) -> None:
    """A counter-expert asks for B; a reviewer refuses with a reason; the counter-expert sees
    the refusal and still cannot read B; asks again, is granted, reads B."""
    world, callers = matrix
    asker, reviewer = callers["counter_expert/not-granted"], callers["reviewer"]
    ask = Req("POST", "/api/v1/access-requests", json={"dossier_id": B, "reason": "second opinion"})
    first = _call(world, asker, ask).json()["request_id"]
    refused = _call(
        world,
        reviewer,
        Req(
            "POST",
            f"/api/v1/access-requests/{first}/decision",
            json={"grant": False, "reason": "geen machtiging"},
        ),
    )
    assert refused.status_code == 200, refused.text
    mine = _call(world, asker, Req("GET", "/api/v1/access-requests")).json()
    outcome = {r["request_id"]: r["decision"] for r in mine}[first]
    assert outcome["outcome"] == "refused" and outcome["reason"] == "geen machtiging"
    assert _call(world, asker, Req("GET", f"/api/v1/dossiers/{B}")).status_code == 403
    second = _call(world, asker, ask).json()["request_id"]
    ends = (NOW + dt.timedelta(days=2)).isoformat()
    decision = Req(
        "POST",
        f"/api/v1/access-requests/{second}/decision",
        json={"grant": True, "reason": "ok", "ends": ends},
    )
    assert _call(world, reviewer, decision).status_code == 200
    assert _call(world, asker, Req("GET", f"/api/v1/dossiers/{B}")).status_code == 200


def test_bad_ids_are_422_problems_everywhere(matrix: tuple[World, dict[str, Caller]]) -> None:
    """An id that can never exist is refused at the edge with a 422 naming the parameter, on
    every route that takes one, the same for every route (never a 400 from deep down, or 500)."""
    world, callers = matrix
    reviewer = callers["reviewer"]
    urls = [
        "/api/v1/dossiers/bad..id.",
        "/api/v1/dossiers/bad..id./trace",
        "/api/v1/dossiers/bad..id./trace/prov",
        "/api/v1/exports/bad..id.",
        f"/api/v1/history/{A}/..%2Fx",
        f"/api/v1/diff/{A}/..%2Fx?v1=1&v2=2",
        f"/api/v1/documents/{A}/..%2Fx",
        f"/api/v1/texts/{A}/..%2Fx",
        f"/api/v1/originals/{A}/..%2Fx",
    ]
    for url in urls:
        response = _call(world, reviewer, Req("GET", url))
        assert response.status_code == 422, (url, response.status_code, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "_id" in response.json()["detail"], url


def _audit_page(world: World, caller: Caller, **params: Any) -> Any:
    response = _call(world, caller, Req("GET", "/api/v1/audit", params=params))
    assert response.status_code == 200, response.text
    return response.json()


def test_audit_pages_cost_what_they_return(matrix: tuple[World, dict[str, Caller]]) -> None:
    """`GET /api/v1/audit` pages with the `after` cursor: a page deep in a long log reads about
    as many objects from S3 as the first page (counted on the real client), not the whole log;
    pages follow on without gaps or repeats, filtered pages too."""
    world, callers = matrix
    while world.store.audit.head()[0] < 600:  # the matrix writes more; alone, make it long
        world.store.audit.append("setup", "filler", "audit", {})
    head = world.store.audit.head()[0]
    gets: list[str] = []
    client = world.store.backend.client  # type: ignore[attr-defined]

    def count(**_: Any) -> None:
        gets.append("GetObject")

    costs = []
    client.meta.events.register("before-call.s3.GetObject", count)
    try:
        for after in (0, head // 2, head - 30):
            gets.clear()
            page = _audit_page(world, callers["auditor"], after=after, limit=10)
            costs.append(len(gets))
            assert [e["seq"] for e in page["events"]] == list(range(after + 1, after + 11))
            assert page["next_after"] == after + 10
    finally:
        client.meta.events.unregister("before-call.s3.GetObject", count)
    # a page: its events read ahead in one prefetch batch (64) plus the caller's token, user
    # and grants; never the events before it
    assert max(costs) <= 100 < head, (costs, head)
    for n in range(80):  # an actor of its own: the other tests' events, in whatever order
        world.store.audit.append("pager", "filler", "audit", {"n": n})  # they ran, don't count
        if n % 3 == 0:
            world.store.audit.append("setup", "filler", "audit", {})  # interleaved, not paged
    seqs: list[int] = []
    after = 0
    for _ in range(3):
        page = _audit_page(world, callers["admin"], after=after, limit=25, actor="pager")
        assert all(e["actor"] == "pager" for e in page["events"])
        seqs += [e["seq"] for e in page["events"]]
        after = page["next_after"]
    assert seqs == sorted(set(seqs)) and len(seqs) == 75
