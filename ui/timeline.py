"""The dossier's timeline as an SVG drawn on the server from lineage's timeline entries:
one lane per stage of the procedure, every version a mark, decisions as diamonds, later
versions ringed, each mark a link to that version. Undated documents stand apart on the
right (their only date is when they were ingested)."""

import datetime as dt
import html
from collections.abc import Callable

from markupsafe import Markup

from lineage.models import TimelineEntry

LANES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("research", ("opname", "beoordeling", "berekening", "versterkingsadvies", "contra_expertise")),
    ("decisions", ("besluit", "beslissing_op_bezwaar")),
    ("objection", ("zienswijze", "bezwaar", "hoorzitting", "advies_bezwaarcommissie")),
    ("other", ()),
)
DECISIONS = ("besluit", "beslissing_op_bezwaar")
WIDTH, LEFT, RIGHT, LANE_H, TOP = 1000, 130, 90, 46, 30
UNDATED_X = WIDTH - RIGHT / 2


def _lane(doc_type: str | None) -> int:
    for i, (_, types) in enumerate(LANES):
        if doc_type in types:
            return i
    return len(LANES) - 1


def _day(entry: TimelineEntry) -> dt.date | None:
    """The document's own date; None when it only has an ingest time."""
    if entry.document_date:
        return entry.document_date
    return None if entry.effective_at == entry.ingested_at else entry.effective_at.date()


def _scale(days: list[dt.date]) -> Callable[[dt.date], float]:
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    usable = WIDTH - LEFT - RIGHT - 20

    def x(day: dt.date) -> float:
        return LEFT + 10 + usable * (day - first).days / span

    return x


def _ticks(days: list[dt.date], x: Callable[[dt.date], float], height: float) -> list[str]:
    first = min(days)
    out = [f'<text class="year" x="{LEFT + 10}" y="{TOP - 12}">{first.year}</text>']
    for year in range(first.year + 1, max(days).year + 1):
        pos = x(dt.date(year, 1, 1))
        out.append(
            f'<line class="tick" x1="{pos:.1f}" y1="{TOP - 8}" x2="{pos:.1f}" y2="{height}"/>'
            f'<text class="year" x="{pos:.1f}" y="{TOP - 12}" text-anchor="middle">{year}</text>'
        )
    return out


def _mark(entry: TimelineEntry, cx: float, cy: float, href: str, name: str) -> str:
    shape = (
        f'<path class="decision {entry.verdict or ""}" d="M{cx:.1f} {cy - 9} l9 9 l-9 9 l-9 -9z"/>'
        if entry.doc_type in DECISIONS
        else f'<circle class="doc" cx="{cx:.1f}" cy="{cy}" r="6"/>'
    )
    ring = f'<circle class="ring" cx="{cx:.1f}" cy="{cy}" r="11"/>' if entry.version > 1 else ""
    label = html.escape(name, quote=True)
    link = f'<a href="{html.escape(href)}" aria-label="{label}"><title>{label}</title>'
    return f"{link}{ring}{shape}</a>"


def timeline_svg(
    entries: list[TimelineEntry],
    lane_names: list[str],
    undated: str,
    href: Callable[[TimelineEntry], str],
    describe: Callable[[TimelineEntry], str],
    title: str,
) -> Markup:
    """`lane_names` and `undated` in the page language (lanes in the order of LANES);
    `describe` names a mark for screen readers and as its tooltip."""
    dated = [d for d in (_day(e) for e in entries) if d]
    if not entries or not dated:
        return Markup("")
    x = _scale(dated)
    height = TOP + LANE_H * len(LANES)
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {height + 10}" role="group" '
        f'aria-label="{html.escape(title, quote=True)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, name in enumerate(lane_names):
        y = TOP + LANE_H * i + LANE_H / 2
        parts.append(f'<line class="lane" x1="{LEFT}" y1="{y}" x2="{WIDTH - 10}" y2="{y}"/>')
        parts.append(f'<text class="lane-name" x="8" y="{y + 5}">{html.escape(name)}</text>')
    parts.extend(_ticks(dated, x, height))
    if any(_day(e) is None for e in entries):
        sep = WIDTH - RIGHT + 5
        parts.append(f'<line class="tick" x1="{sep}" y1="{TOP - 8}" x2="{sep}" y2="{height}"/>')
        parts.append(
            f'<text class="year" x="{UNDATED_X}" y="{TOP - 12}" text-anchor="middle">'
            f"{html.escape(undated)}</text>"
        )
    stacked: dict[tuple[int, int], int] = {}
    for entry in entries:
        day = _day(entry)
        lane = _lane(entry.doc_type)
        cx = x(day) if day else UNDATED_X
        slot = (lane, round(cx / 8))
        nudge = stacked.get(slot, 0)
        stacked[slot] = nudge + 1
        cy = TOP + LANE_H * lane + LANE_H / 2 + (nudge % 3 - 1) * 7 * (nudge > 0)
        parts.append(_mark(entry, cx + 9 * (nudge // 3), cy, href(entry), describe(entry)))
    parts.append("</svg>")
    return Markup("".join(parts))
