"""One settings object for the whole app: environment variables (NAVOLG_*) or a config file."""

import json
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA = "./navolg-data"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NAVOLG_", env_file=None, extra="ignore")

    store: str = Field(
        default=DEFAULT_DATA,
        description="Where the system of record lives: a local folder (default ./navolg-data) "
        "or s3://BUCKET?endpoint=URL&region=REGION (credentials from the AWS_* variables).",
    )
    index: str = Field(
        default="embedded",
        description="Search index (derived; `navolg reindex` rebuilds it): 'embedded' (tantivy in "
        "STORE/index, or embedded:PATH), opensearch+http://HOST:9200, "
        "opensearch+https://USER:PASS@HOST:9200 (add ?verify=false for a self-signed "
        "certificate), or opensearch+aws://HOST?region=REGION (SigV4 with the AWS_* "
        "credentials); any OpenSearch form takes ?prefix=ALIAS (default navolg) and "
        "?shards=N&replicas=N for new indices.",
    )
    actor: str = Field(
        default="cli",
        description="Who the command line acts as in the audit log when --actor is not given.",
    )

    secret_key: str | None = Field(
        default=None,
        description="Key that signs session cookies (NAVOLG_SECRET_KEY). Without it a random key "
        "is made per process: sessions then end when the server restarts.",
    )
    session_hours: int = Field(default=8, description="How long a sign-in lasts.")
    secure_cookies: bool = Field(
        default=False, description="Send cookies over HTTPS only (set true behind TLS)."
    )
    max_upload_mb: int = Field(default=256, description="Largest file accepted by upload.")
    search_threads: int = Field(
        default=8,
        ge=1,
        le=256,
        description="Searches one server process runs at once; more wait their turn in arrival "
        "order. Few threads keep the slowest answers close to the typical one under load "
        "(bench/api.py: p95 over 16 clients fell a tenth from 40 to 8 threads); raise it for "
        "a remote OpenSearch with slow queries, where threads mostly wait on the network.",
    )
    signing_key: Path | None = Field(
        default=None,
        description="Ed25519 private key (PEM, `navolg audit keygen`) that signs audit "
        "checkpoints (NAVOLG_SIGNING_KEY); exports need it. Keep it out of the store; publish "
        "its .pub so recipients can verify exports with --public-key.",
    )

    @classmethod
    def from_file(cls, path: Path) -> "Settings":
        """Settings from a JSON config file; environment variables still win."""
        return cls(**json.loads(path.read_text(encoding="utf-8")))
