"""Records whose audit event was never written (writer killed in between) are found and logged."""

import json
from pathlib import Path
from typing import Any

import pytest

from store import Address, AuditLog, Store, StoreError, VersionMeta, open_backend
from store.audit import AuditFilter
from store.reconcile import DOSSIER_RECORDED, VERSION_ADDED, reconcile, unaudited
from tests.store.test_cli import navolg


class DiesBeforeLogging(AuditLog):
    """The writer's process ends right after its record is created: the one fault staged here,
    since a real SIGKILL cannot be aimed at that moment (the crash test kills at random)."""

    def append(
        self, actor: str, action: str, target: str, details: dict[str, Any] | None = None
    ) -> Any:
        if action in (VERSION_ADDED, DOSSIER_RECORDED):
            raise StoreError("killed")
        return super().append(actor, action, target, details)


def test_a_sound_store_has_nothing_to_reconcile(store: Store) -> None:
    store.record_dossier("D1", "anna", Address(postcode="9711AB", huisnummer="3"))
    for data in (b"een", b"twee"):
        store.add_version("D1", "brief.txt", store.put_blob_bytes(data), VersionMeta(), "anna")
    assert unaudited(store) == []
    assert reconcile(store, "admin") == []


def test_a_version_recorded_but_never_logged_is_logged_once(store: Store) -> None:
    store.add_version("D1", "brief.txt", store.put_blob_bytes(b"een"), VersionMeta(), "anna")
    dying = Store(store.backend, DiesBeforeLogging(store.backend))
    blob = store.put_blob_bytes(b"twee")
    with pytest.raises(StoreError):
        dying.add_version("D1", "brief.txt", blob, VersionMeta(), "bert")
    # the rerun finds the same bytes stored as v2 and rightly records nothing new
    again = store.add_version("D1", "brief.txt", blob, VersionMeta(), "bert")
    assert (again.record.version, again.created) == (2, False)

    missing = unaudited(store)
    assert [(m.action, m.target, m.version, m.actor) for m in missing] == [
        (VERSION_ADDED, "document:D1/brief.txt", 2, "bert")
    ]
    made = reconcile(store, "admin")
    assert len(made) == 1 and made[0].details["recovered"] is True
    assert made[0].details["recovered_by"] == "admin"
    assert made[0].details["sha256"] == blob.sha256
    assert unaudited(store) == [] and reconcile(store, "admin") == []
    logged = list(store.audit.events(AuditFilter(action=VERSION_ADDED)))
    assert sorted(e.details["version"] for e in logged) == [1, 2]
    assert store.audit.verify().ok


def test_a_dossier_recorded_but_never_logged_is_found(store: Store) -> None:
    dying = Store(store.backend, DiesBeforeLogging(store.backend))
    with pytest.raises(StoreError):
        dying.record_dossier("D2", "anna")
    assert [(m.action, m.target) for m in unaudited(store)] == [(DOSSIER_RECORDED, "dossier:D2")]
    reconcile(store, "admin")
    assert unaudited(store) == []


def test_cli_lists_then_logs_the_missing_event(tmp_path: Path) -> None:
    backend = open_backend(str(tmp_path / "store"))
    store = Store(backend, AuditLog(backend))
    dying = Store(backend, DiesBeforeLogging(backend))
    store.record_dossier("D1", "anna")
    with pytest.raises(StoreError):
        dying.add_version("D1", "a.txt", store.put_blob_bytes(b"x"), VersionMeta(), "anna")
    dry = navolg("audit", "reconcile", "--dry-run", "--json", "--data", str(tmp_path / "store"))
    assert dry.returncode == 0, dry.stderr
    found = json.loads(dry.stdout)
    assert [m["target"] for m in found["missing"]] == ["document:D1/a.txt"]
    assert found["logged"] == []
    done = navolg("audit", "reconcile", "--data", str(tmp_path / "store"))
    assert done.returncode == 0 and "1 records without their audit event logged" in done.stdout
    assert unaudited(store) == []
