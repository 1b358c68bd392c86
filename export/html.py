"""index.html of an export: everything listed with dates and verdicts, readable offline.

Plain HTML with relative links and inline CSS (no scripts, no network), autoescaped.
"""

import datetime as dt
import json
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape

from export.models import DocumentEntry
from store.models import Dossier

_ENV = Environment(
    loader=PackageLoader("export", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["href"] = quote


def render_index(
    dossier: Dossier,
    docs: list[DocumentEntry],
    events: dict[int, bytes],
    as_of: dt.date | None,
    exported_at: str,
    has_trace: bool,
) -> bytes:
    rows = sorted(docs, key=lambda d: (d.effective_at, d.doc_id, d.version))
    decisions = [d for d in rows if d.verdict]
    parsed_events = [json.loads(events[s]) for s in sorted(events)]
    return (
        _ENV.get_template("index.html")
        .render(
            dossier=dossier,
            docs=rows,
            decisions=decisions,
            events=parsed_events,
            as_of=as_of,
            exported_at=exported_at,
            has_trace=has_trace,
        )
        .encode()
    )
