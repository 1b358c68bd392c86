"""Users, tokens, grants and access requests on both backends; every change leaves an event."""

from datetime import UTC, datetime, timedelta

import pytest

from store import Store, StoreError
from store.access import AccessRecords

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture
def access(store: Store) -> AccessRecords:
    records = AccessRecords(store)
    records.put_user("admin", "setup", role="admin", name="Beheer")
    records.put_user("mr.jansen", "admin", role="lawyer", name="mr. Jansen")
    return records


def test_users_change_by_new_records(access: AccessRecords) -> None:
    changed = access.put_user("mr.jansen", "admin", disabled=True)
    assert changed.version == 2 and changed.disabled and changed.role == "lawyer"
    assert access.get_user("mr.jansen").disabled
    assert sorted(u.user_id for u in access.users()) == ["admin", "mr.jansen"]
    with pytest.raises(StoreError, match="needs a role"):
        access.put_user("nobody", "admin")


def test_tokens_are_hashed_expire_and_revoke(access: AccessRecords, store: Store) -> None:
    issued = access.issue_token("mr.jansen", "admin", "script", expires_at=NOW + timedelta(days=1))
    assert issued.secret.startswith(f"nvg_{issued.token.token_id}_")
    raw = b"".join(d or b"" for _k, d in store.backend.read_many(store.backend.list("access/")))
    assert issued.secret.split("_", 2)[2].encode() not in raw  # only the hash is kept
    user = access.check_token(issued.secret, NOW)
    assert user is not None and user.user_id == "mr.jansen"
    assert access.check_token(issued.secret, NOW + timedelta(days=2)) is None  # expired
    assert access.check_token(issued.secret[:-1] + "x", NOW) is None  # wrong secret
    assert access.check_token("nvg_../../x_y", NOW) is None
    access.revoke_token(issued.token.token_id, "admin", "lost laptop")
    assert access.check_token(issued.secret, NOW) is None


def test_checks_see_changes_made_by_another_process(access: AccessRecords, store: Store) -> None:
    """Token and user records read once are kept (they never change), yet a revocation, a
    disabled user or a new role written through other records (another server process) counts
    from the next check on."""
    issued = access.issue_token("mr.jansen", "admin")
    other = AccessRecords(store)
    first = access.check_token(issued.secret, NOW)
    assert first is not None and first.role == "lawyer"
    other.put_user("mr.jansen", "admin", role="counter_expert")
    changed = access.check_token(issued.secret, NOW)
    assert changed is not None and changed.role == "counter_expert" and changed.version == 2
    other.put_user("mr.jansen", "admin", disabled=True)
    assert access.check_token(issued.secret, NOW) is None
    other.put_user("mr.jansen", "admin", disabled=False)
    assert access.check_token(issued.secret, NOW) is not None
    other.revoke_token(issued.token.token_id, "admin", "lost laptop")
    assert access.check_token(issued.secret, NOW) is None


def test_grants_limit_dossiers_until_they_end_or_are_revoked(access: AccessRecords) -> None:
    lawyer = access.get_user("mr.jansen")
    assert access.allowed_dossiers(lawyer, NOW) == frozenset()
    assert access.allowed_dossiers(access.get_user("admin"), NOW) is None
    grant = access.add_grant(
        "mr.jansen", "GRN-1", "bezwaar cliënt", NOW - timedelta(days=1), NOW + timedelta(days=30),
        "admin",
    )  # fmt: skip
    assert access.allowed_dossiers(lawyer, NOW) == frozenset({"GRN-1"})
    assert access.allowed_dossiers(lawyer, NOW + timedelta(days=31)) == frozenset()
    revoked = access.revoke_grant(grant.grant_id, "admin", "zaak afgesloten")
    assert revoked.revoked is not None and revoked.revoked.reason == "zaak afgesloten"
    assert access.allowed_dossiers(lawyer, NOW) == frozenset()
    with pytest.raises(StoreError, match="reason"):
        access.add_grant("mr.jansen", "GRN-1", " ", NOW, NOW + timedelta(days=1), "admin")


def test_requests_are_granted_or_refused_once(access: AccessRecords, store: Store) -> None:
    asked = access.request_access("mr.jansen", "GRN-7", "cliënt maakt bezwaar")
    with pytest.raises(StoreError, match="end date"):
        access.decide(asked.request_id, "admin", grant=True, reason="ok")
    decided = access.decide(
        asked.request_id, "admin", grant=True, reason="ok", ends=store.clock() + timedelta(days=7)
    )
    assert decided.decision is not None and decided.decision.outcome == "granted"
    assert access.allowed_dossiers(access.get_user("mr.jansen"), store.clock()) == frozenset(
        {"GRN-7"}
    )
    with pytest.raises(StoreError, match="already granted"):
        access.decide(asked.request_id, "admin", grant=False, reason="toch niet")
    other = access.request_access("mr.jansen", "GRN-8", "ook deze")
    refused = access.decide(other.request_id, "admin", grant=False, reason="geen relatie")
    assert refused.decision is not None and refused.decision.outcome == "refused"
    assert [r.dossier_id for r in access.requests("mr.jansen")] == ["GRN-7", "GRN-8"]
    actions = [e.action for e in store.audit.events()]
    for action in ("user.created", "access.requested", "grant.added", "access.granted",
                   "access.refused"):  # fmt: skip
        assert action in actions
    assert store.audit.verify().ok
