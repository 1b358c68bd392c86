"""Field diff between two versions: what the extracted facts say differently, with pages."""

from lineage.facts import metres, show_length
from lineage.models import FieldChange
from lineage.wording import field_said, word
from store.fields import DocumentFields, Found, Reference

SCALARS = ("doc_type", "document_date", "postcode", "huisnummer", "toevoeging", "kenmerk",
           "verdict", "firm", "norm", "method")  # fmt: skip
LISTS = ("components", "materials")


def field_changes(old: DocumentFields, new: DocumentFields) -> list[FieldChange]:
    """Every scalar that changed, every component/material added or dropped, every
    measurement whose value changed, appeared or disappeared, and every reference."""
    out: list[FieldChange] = []
    for name in SCALARS:
        out.extend(_scalar(name, getattr(old, name), getattr(new, name)))
    for name in LISTS:
        out.extend(_listed(name, getattr(old, name), getattr(new, name)))
    out.extend(measurement_changes(old, new))
    out.extend(_references(old, new))
    return out


def _value(found: object) -> str | None:
    if found is None:
        return None
    return str(getattr(found, "value", found))


def _page(found: object) -> int | None:
    source = getattr(found, "source", None)
    return getattr(source, "page", None)


def _scalar(name: str, old: object, new: object) -> list[FieldChange]:
    before, after = _value(old), _value(new)
    if before == after:
        return []
    summary = _summary(name, None, before, after)
    return [FieldChange(field=name, old=before, new=after, old_page=_page(old),
                        new_page=_page(new), summary=summary)]  # fmt: skip


def _summary(field: str, name: str | None, before: str | None, after: str | None) -> str:
    """English, from the same wording the pages use in either language."""
    return word(field_said(field, name, before, after), "en")


def _listed(name: str, old: list[Found], new: list[Found]) -> list[FieldChange]:
    return _set_changes(name, {f.value: f for f in old}, {f.value: f for f in new})


def _set_changes(
    field: str, before: dict[str, object], after: dict[str, object]
) -> list[FieldChange]:
    """What one side lists and the other does not (components, materials, references)."""
    added = [
        FieldChange(field=field, name=k, old=None, new=k, new_page=_page(after[k]),
                    summary=_summary(field, k, None, k))
        for k in after if k not in before
    ]  # fmt: skip
    dropped = [
        FieldChange(field=field, name=k, old=k, new=None, old_page=_page(before[k]),
                    summary=_summary(field, k, k, None))
        for k in before if k not in after
    ]  # fmt: skip
    return added + dropped


def _lengths(fields: DocumentFields) -> dict[str, tuple[set[float], int | None]]:
    """name -> (values in metres, page of the first mention)."""
    out: dict[str, tuple[set[float], int | None]] = {}
    for m in fields.measurements:
        value = metres(m)
        if value is None:
            continue
        values, page = out.get(m.name, (set(), m.source.page))
        out[m.name] = (values | {value}, page)
    return out


def _show(values: set[float] | None) -> str | None:
    return None if not values else " / ".join(show_length(v) for v in sorted(values))


def measurement_changes(old: DocumentFields, new: DocumentFields) -> list[FieldChange]:
    """gevelbreedte 6.40 m → 6.80 m; a measurement newly stated or no longer stated."""
    before, after = _lengths(old), _lengths(new)
    out = []
    for name in sorted(set(before) | set(after)):
        b_values, b_page = before.get(name, (None, None))
        a_values, a_page = after.get(name, (None, None))
        if b_values == a_values:
            continue
        old_s, new_s = _show(b_values), _show(a_values)
        out.append(FieldChange(field="measurements", name=name, old=old_s, new=new_s,
                               old_page=b_page, new_page=a_page,
                               summary=_summary("measurements", name, old_s, new_s)))  # fmt: skip
    return out


def _ref_key(ref: Reference) -> str:
    return ref.kenmerk or (ref.date.isoformat() if ref.date else "?")


def _references(old: DocumentFields, new: DocumentFields) -> list[FieldChange]:
    before: dict[str, object] = {_ref_key(r): r for r in old.references}
    after: dict[str, object] = {_ref_key(r): r for r in new.references}
    return _set_changes("references", before, after)
