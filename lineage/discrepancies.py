"""Where the inspection and the assessment of the same house disagree: a dimension with another
value, a building element of another material, a component the assessment leaves out.

Every version of every assessment is compared with the inspection it rests on; a discrepancy
that a later version no longer shows is kept (a decision may have rested on it) and marked
resolved in that version.
"""

from lineage.elements import material_elements
from lineage.evidence import Who, resolve
from lineage.facts import ASSESSMENT, INSPECTION, day_of, metres, show_length
from lineage.load import Dossier
from lineage.models import Discrepancy, Side, VersionRef
from store.fields import Found
from store.models import DocumentVersion

# Words for the structure as a whole: every assessment covers them under some name
# ("wand" in one report is "spouwmuur" in the next), so their absence is no finding.
GENERIC_COMPONENTS = frozenset({"wand", "dragende wand", "muur", "gevel", "constructie"})
TOLERANCE_M = 0.005


def discrepancies(dossier: Dossier) -> list[Discrepancy]:
    found: dict[tuple[str, str, str | None, str | None, str], Discrepancy] = {}
    for report in _assessment_versions(dossier):
        inspection = _inspection_for(dossier, report)
        if inspection is None:
            continue
        for d in compare(inspection, report):
            key = (d.field, d.name, d.inspection.value, d.assessment.value, d.assessment.doc_id)
            found.setdefault(key, d)
    return [_resolved(dossier, d) for d in found.values()]


def _assessment_versions(dossier: Dossier) -> list[DocumentVersion]:
    return [v for vs in dossier.documents.values() if vs[-1].doc_type == ASSESSMENT for v in vs]


def _inspection_for(dossier: Dossier, report: DocumentVersion) -> DocumentVersion | None:
    who = Who(ASSESSMENT, report.doc_id, report.version)
    found = resolve(dossier, INSPECTION, list(report.fields.references), day_of(report), who)
    if found is None:  # an inspection dated after the report (or undated): still the same house
        latest = [vs[-1] for vs in dossier.documents.values() if vs[-1].doc_type == INSPECTION]
        return latest[-1] if latest else None
    return found.version


def compare(inspection: DocumentVersion, report: DocumentVersion) -> list[Discrepancy]:
    return [
        *_dimensions(inspection, report),
        *_materials(inspection, report),
        *_missing(inspection, report),
    ]


def _side(v: DocumentVersion, value: str | None, page: int | None, quote: str | None) -> Side:
    return Side(doc_id=v.doc_id, version=v.version, value=value, page=page, quote=quote)


def _lengths(v: DocumentVersion) -> dict[str, list[tuple[float, int | None, str]]]:
    out: dict[str, list[tuple[float, int | None, str]]] = {}
    for m in v.fields.measurements:
        value = metres(m)
        if value is not None:
            out.setdefault(m.name, []).append((value, m.source.page, m.source.quote))
    return out


def _dimensions(inspection: DocumentVersion, report: DocumentVersion) -> list[Discrepancy]:
    """A dimension both state, with no value in common."""
    seen, assessed = _lengths(inspection), _lengths(report)
    out = []
    for name in sorted(set(seen) & set(assessed)):
        a, b = seen[name], assessed[name]
        if any(abs(x[0] - y[0]) <= TOLERANCE_M for x in a for y in b):
            continue
        out.append(Discrepancy(
            field="dimension", name=name,
            inspection=_side(inspection, show_length(a[0][0]), a[0][1], a[0][2]),
            assessment=_side(report, show_length(b[0][0]), b[0][1], b[0][2]),
        ))  # fmt: skip
    return out


def _materials(inspection: DocumentVersion, report: DocumentVersion) -> list[Discrepancy]:
    """A building element (binnenblad, vloer, …) both describe, of different materials."""
    seen, assessed = material_elements(inspection.fields), material_elements(report.fields)
    out = []
    for element in sorted(set(seen) & set(assessed)):
        a, b = seen[element], assessed[element]
        if {f.value for f in a} & {f.value for f in b}:
            continue
        out.append(Discrepancy(
            field="material", name=element,
            inspection=_side(inspection, a[0].value, a[0].source.page, a[0].source.quote),
            assessment=_side(report, b[0].value, b[0].source.page, b[0].source.quote),
        ))  # fmt: skip
    return out


def _missing(inspection: DocumentVersion, report: DocumentVersion) -> list[Discrepancy]:
    """A component the inspection recorded that the assessment never mentions."""
    assessed = {f.value for f in report.fields.components}
    out = []
    for comp in _distinct(inspection.fields.components):
        if comp.value in assessed or comp.value in GENERIC_COMPONENTS:
            continue
        out.append(Discrepancy(
            field="missing_component", name=comp.value,
            inspection=_side(inspection, comp.value, comp.source.page, comp.source.quote),
            assessment=_side(report, None, None, None),
        ))  # fmt: skip
    return out


def _distinct(found: list[Found]) -> list[Found]:
    first: dict[str, Found] = {}
    for f in found:
        first.setdefault(f.value, f)
    return list(first.values())


def _resolved(dossier: Dossier, d: Discrepancy) -> Discrepancy:
    """The first later version of the assessment that states what the inspection states."""
    versions = dossier.documents.get(d.assessment.doc_id, [])
    for later in (v for v in versions if v.version > d.assessment.version):
        inspection = _inspection_for(dossier, later)
        if inspection is not None and _agrees(d, inspection, later):
            ref = VersionRef(doc_id=later.doc_id, version=later.version)
            return d.model_copy(update={"resolved_in": ref})
    return d


def _agrees(d: Discrepancy, inspection: DocumentVersion, report: DocumentVersion) -> bool:
    """True when the report now says it (not merely when it stops saying anything)."""
    if d.field == "missing_component":
        return any(c.value == d.name for c in report.fields.components)
    if d.field == "material":
        seen = material_elements(inspection.fields).get(d.name, [])
        now = material_elements(report.fields).get(d.name, [])
        return bool({f.value for f in seen} & {f.value for f in now})
    seen_m, now_m = _lengths(inspection).get(d.name, []), _lengths(report).get(d.name, [])
    return any(abs(x[0] - y[0]) <= TOLERANCE_M for x in seen_m for y in now_m)
