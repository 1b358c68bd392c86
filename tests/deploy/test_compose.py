"""docker-compose.yml, checked without a Docker engine (none runs on our machines).

The file must be valid against the Compose Specification schema (vendored: SCHEMA.md), configure
navolg only through real settings, and start the app only after healthy services.
"""

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
import yaml

from api.settings import Settings
from search.opensearch import OpenSearchIndex

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).with_name("compose-spec.schema.json")
SCHEMA_SHA256 = "46b7d35f19dd93a05f8fea530291bf84d881c1791ec167ecf0e6fb94e639d496"
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-?])?(?P<arg>[^}]*)\}")


def _compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _validator() -> jsonschema.Draft7Validator:
    raw = SCHEMA.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256, "schema changed: update SCHEMA.md"
    schema = json.loads(raw)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        return dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def _interpolate(value: str, given: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}, with `given` as the shell."""

    def one(m: re.Match[str]) -> str:
        name, op, arg = m["name"], m["op"] or "", m["arg"]
        if name in given:
            return given[name]
        if op.endswith("-"):
            return arg
        raise AssertionError(f"${{{name}}} has no default and the test gave none")

    return INTERPOLATION.sub(one, value)


def test_valid_against_the_compose_specification() -> None:
    validator = _validator()
    errors = sorted(validator.iter_errors(_compose()), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


@pytest.mark.parametrize(
    "break_it",
    [
        lambda c: c["services"]["navolg"]["depends_on"]["opensearch"].update(condition="ready"),
        lambda c: c["services"]["seaweedfs"].update(healthcheck={"test": "x", "intervall": "1s"}),
        lambda c: c["services"]["navolg"].update(enviroment={"NAVOLG_STORE": "x"}),
        lambda c: c["volumes"].update({"bad name!": {"driver": 3}}),
    ],
    ids=["unknown-condition", "misspelt-healthcheck-key", "misspelt-service-key", "bad-volume"],
)
def test_schema_rejects_broken_variants(break_it: Any) -> None:
    """The validation bites: small mistakes in the same file are reported."""
    broken = copy.deepcopy(_compose())
    break_it(broken)
    assert list(_validator().iter_errors(broken))


def test_navolg_is_configured_only_by_real_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    services = _compose()["services"]
    known = {f"NAVOLG_{name.upper()}" for name in Settings.model_fields}
    used = {k for svc in services.values() for k in _environment(svc) if k.startswith("NAVOLG")}
    assert used, "navolg gets no configuration"
    assert used <= known, f"not settings of api/settings.py: {sorted(used - known)}"
    env = _environment(services["navolg"])
    assert {"NAVOLG_STORE", "NAVOLG_INDEX", "NAVOLG_SECRET_KEY"} <= set(env)
    assert set(env) - used <= {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
    # No command-line flags carry configuration: the image's CMD is used as it is.
    assert "command" not in services["navolg"] and "entrypoint" not in services["navolg"]
    # The values parse as the settings object reads them (types, booleans, numbers).
    shell = {"NAVOLG_SECRET_KEY": "k" * 32, "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}
    for name, value in env.items():
        monkeypatch.setenv(name, _interpolate(value, shell))
    settings = Settings()  # reads NAVOLG_* from the environment, as the app does
    assert settings.store == _interpolate(env["NAVOLG_STORE"], shell)
    assert settings.secure_cookies is True and settings.max_upload_mb == 256


def test_store_and_index_point_at_the_compose_services() -> None:
    compose = _compose()
    services = compose["services"]
    env = _environment(services["navolg"])
    store = urlsplit(env["NAVOLG_STORE"])
    assert store.scheme == "s3" and store.netloc
    query = {k: v[-1] for k, v in parse_qs(store.query).items()}
    assert set(query) <= {"endpoint", "region"}  # what store/factory.py accepts
    endpoint = urlsplit(query["endpoint"])
    assert endpoint.hostname == "seaweedfs" and endpoint.port == 8333
    assert "-s3.port=8333" in services["seaweedfs"]["command"]
    index = OpenSearchIndex.from_url(env["NAVOLG_INDEX"])  # parses; connects only when used
    assert index.alias == "navolg" and index.shards >= 1
    host = urlsplit(env["NAVOLG_INDEX"].removeprefix("opensearch+"))
    assert host.hostname == "opensearch" and host.port == 9200


def test_start_order_waits_for_healthy_services() -> None:
    services = _compose()["services"]
    depends = services["navolg"]["depends_on"]
    assert set(depends) == {"opensearch", "seaweedfs"}
    for name, rule in depends.items():
        assert rule["condition"] == "service_healthy"
        check = services[name]["healthcheck"]
        assert check["test"] and check.get("retries", 0) >= 3
    for name, service in services.items():
        assert "healthcheck" in service, name
        assert service.get("restart") == "unless-stopped", name
    assert "/healthz" in " ".join(services["navolg"]["healthcheck"]["test"])


def test_named_volumes_and_pinned_images() -> None:
    compose = _compose()
    declared = set(compose["volumes"])
    used: set[str] = set()
    for name, service in compose["services"].items():
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0] if isinstance(mount, str) else mount["source"]
            assert not source.startswith((".", "/")), f"{name}: bind mount {source}"
            used.add(source)
        image = service.get("image", "")
        assert image and not image.endswith(":latest") and ":" in image, f"{name}: {image}"
    assert used == declared, (used, declared)
    for ref in (*compose.get("configs", {}), *compose.get("secrets", {})):
        assert any(
            ref in [s["source"] if isinstance(s, dict) else s for s in svc.get(kind, [])]
            for svc in compose["services"].values()
            for kind in ("configs", "secrets")
        ), f"{ref} declared but not used"


def test_opensearch_is_the_release_the_tests_run() -> None:
    """The image is the same 2.19.x that scripts/services.sh starts for every test run."""
    image = _compose()["services"]["opensearch"]["image"]
    services_sh = (ROOT / "scripts" / "services.sh").read_text(encoding="utf-8")
    tested = re.search(r"NAVOLG_OPENSEARCH_VERSION:-([0-9.]+)\}", services_sh)
    assert tested is not None
    assert image == f"opensearchproject/opensearch:{tested[1]}"
    assert tested[1].startswith("2.19.")
    env = _environment(_compose()["services"]["opensearch"])
    assert env["discovery.type"] == "single-node"
    heap = re.findall(r"-Xm([sx])(\d+[gm])", env["OPENSEARCH_JAVA_OPTS"])
    assert {kind for kind, _ in heap} == {"s", "x"} and len({size for _, size in heap}) == 1


def test_compose_documents_the_cluster_and_minio_alternatives() -> None:
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    for needle in (
        "discovery.seed_hosts",
        "cluster.initial_cluster_manager_nodes",
        "replicas=1",
        "minio/minio",
        "Object Lock",
    ):
        assert needle in text, needle
