"""Open the index a setting names: 'embedded' (a folder) or opensearch+http(s)://HOST:PORT."""

from pathlib import Path

from search.backend import SearchIndex
from search.embedded import EmbeddedIndex
from search.errors import SearchError


def open_index(setting: str, data_dir: Path | None) -> SearchIndex:
    if setting == "embedded" or setting.startswith("embedded:"):
        folder = Path(setting.split(":", 1)[1]) if ":" in setting else None
        if folder is None:
            if data_dir is None:
                raise SearchError("the embedded index needs a folder: use --data or embedded:PATH")
            folder = data_dir / "index"
        return EmbeddedIndex(folder)
    if setting.startswith(("opensearch+http://", "opensearch+https://", "opensearch+aws://")):
        from search.opensearch import OpenSearchIndex  # noqa: PLC0415 — only when configured

        return OpenSearchIndex.from_url(setting)
    raise SearchError(
        f"unknown index setting {setting!r}: use 'embedded' or opensearch+http://HOST"
    )


def open_index_for(data: str, setting: str | None = None) -> SearchIndex:
    """The index beside a store: NAVOLG_INDEX if set, else embedded in the store's folder."""
    import os  # noqa: PLC0415

    chosen = setting or os.environ.get("NAVOLG_INDEX") or "embedded"  # empty: not set
    local = None if data.startswith("s3://") else Path(data.removeprefix("file://"))
    if chosen == "embedded" and local is None:
        chosen = "embedded:" + str(Path(".navolg-index").resolve())
    return open_index(chosen, local)
