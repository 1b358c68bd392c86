"""The trace, history and diff as readable terminal reports (rich); JSON has the same data."""

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from lineage.models import Attached, Chain, Diff, Evidence, History, Trace


def print_trace(out: Console, trace: Trace) -> None:
    when = f" as of {trace.as_of}" if trace.as_of else ""
    out.rule(f"[bold]trace {escape(trace.dossier_id)}{when}")
    out.print(_timeline(trace))
    for chain in trace.verdicts:
        out.print(_chain(chain))
    out.print(_discrepancies(trace))


def _timeline(trace: Trace) -> Table:
    decisions = [f"{c.decision.doc_id} v{c.decision.version}" for c in trace.verdicts]
    table = Table(title="timeline (✓ = in force at decision n)", show_lines=False)
    for column in ("date", "type", "document", "v", "ingested", "by", "verdict"):
        table.add_column(column, no_wrap=column != "document")
    for n in range(len(decisions)):
        table.add_column(f"#{n + 1}", justify="center")
    for e in trace.timeline:
        at = {f"{r.doc_id} v{r.version}" for r in e.current_at}
        marks = ["✓" if d in at else "" for d in decisions]
        table.add_row(f"{e.effective_at:%Y-%m-%d}", e.doc_type or "?", escape(e.doc_id),
                      str(e.version), f"{e.ingested_at:%Y-%m-%d}", escape(e.ingested_by),
                      e.verdict or "", *marks)  # fmt: skip
    return table


def _evidence(label: str, ev: Evidence | None) -> str:
    if ev is None:
        return f"{label}: [red]none[/]"
    flag = "[yellow]inferred[/]" if ev.inferred else f"[green]by {ev.basis}[/]"
    return (
        f"{label}: [bold]{escape(ev.doc_id)}[/] v{ev.version} ({ev.date or 'undated'}) {flag}"
        f"\n  [dim]{escape(ev.reason)}[/]"
    )


def _chain(chain: Chain) -> Tree:
    d = chain.decision
    tree = Tree(f"[bold]{d.doc_type} {escape(d.doc_id)}[/] v{d.version} {d.date} → {d.verdict}")
    tree.add(_evidence("assessment", chain.assessment))
    tree.add(_evidence("inspection", chain.inspection))
    for item in chain.objections:
        tree.add(_attached(item))
    for change in chain.changed_after:
        style = "bold red" if change.loud else "yellow"
        node = tree.add(f"[{style}]changed after the decision:[/] {escape(change.reasons[-1])}")
        for reason in change.reasons[:-1]:
            node.add(f"[{style}]{escape(reason)}[/]")
    for note in chain.notes:
        tree.add(f"[red]{escape(note)}[/]")
    return tree


def _attached(item: Attached) -> str:
    flag = "inferred" if item.inferred else f"by {item.basis}"
    head = f"{item.doc_type}: {escape(item.doc_id)} v{item.version} ({item.date or 'undated'})"
    return f"{head} [dim]{flag}: {escape(item.reason)}[/]"


def _discrepancies(trace: Trace) -> Table:
    table = Table(title="discrepancies between inspection and assessment")
    for column in ("kind", "name", "inspection", "assessment", "resolved in"):
        table.add_column(column)
    for x in trace.discrepancies:
        sides = [
            f"{s.value or '(absent)'}\n[dim]{escape(s.doc_id)} v{s.version} p.{s.page or '-'}: "
            f"{escape(s.quote or '')}[/]"
            for s in (x.inspection, x.assessment)
        ]
        resolved = f"v{x.resolved_in.version}" if x.resolved_in else "[red]no[/]"
        table.add_row(x.field, x.name, *sides, resolved)
    return table


def print_history(out: Console, history: History) -> None:
    table = Table(title=f"{escape(history.dossier_id)} / {escape(history.doc_id)}")
    for column in ("v", "date", "effective", "ingested", "by", "type", "verdict", "changes"):
        table.add_column(column)
    for v in history.versions:
        changes = "\n".join(escape(c.summary) for c in v.changes)
        table.add_row(str(v.version), str(v.document_date or ""), f"{v.effective_at:%Y-%m-%d}",
                      f"{v.ingested_at:%Y-%m-%d %H:%M}", escape(v.ingested_by), v.doc_type or "",
                      v.verdict or "", changes)  # fmt: skip
    out.print(table)


def print_diff(out: Console, diff: Diff) -> None:
    out.rule(f"{escape(diff.doc_id)}: v{diff.old_version} → v{diff.new_version}")
    for c in diff.fields:
        out.print(f"[bold]field[/] {escape(c.summary)}")
    if not diff.text_available:
        out.print("[yellow]no text for one of the versions (not parsed)[/]")
    for hunk in diff.text:
        for p in hunk.old:
            out.print(f"[red]- p.{p.page or '-'} ¶{p.index + 1}: {escape(p.text)}[/]")
        for p in hunk.new:
            out.print(f"[green]+ p.{p.page or '-'} ¶{p.index + 1}: {escape(p.text)}[/]")
    out.print(f"[dim]{diff.unchanged_paragraphs} paragraphs unchanged[/]")
