"""One dossier: its documents in order, their formats and names, later deliveries and truth."""

import datetime as dt
import random
from dataclasses import dataclass, field

from ingest.sample import expert, letters, procedure, reports
from ingest.sample.context import Context
from ingest.sample.houses import House, draw_house
from ingest.sample.mail import bundle, objection_mail, update_mail
from ingest.sample.model import Discrepancy, DossierFiles, DossierTruth, SampleDoc, VerdictChain
from ingest.sample.naming import Namer
from ingest.sample.placing import place, plant, register

OTHER = {"op_norm": "niet_op_norm", "niet_op_norm": "op_norm"}
TEXT_FORMATS = ["txt:utf-8", "txt:cp1252", "txt:latin-1", "txt:utf-16", "html", "docx", "odt"]


@dataclass
class Dossier:
    """The dossier being built: first deliveries, later deliveries, decisions."""

    ctx: Context
    namer: Namer
    first: list[SampleDoc] = field(default_factory=list)
    later: list[SampleDoc] = field(default_factory=list)
    chains: list[VerdictChain] = field(default_factory=list)
    v2_date: dt.date | None = None

    @property
    def rng(self) -> random.Random:
        return self.ctx.rng

    def add(self, doc: SampleDoc, kind: str, fmt: str, later: bool = False) -> SampleDoc:
        ext = {"pdf-mixed": "pdf", "pdf-scan": "pdf", "tiff": "tif"}.get(fmt, fmt.partition(":")[0])
        day = dt.date.fromisoformat(doc.truth.document_date) if doc.truth.document_date else None
        placed = place(doc, self.namer.name(kind, ext, day, doc.truth.kenmerk), fmt,
                       "updates" if later else "dossiers")  # fmt: skip
        register(placed, self.rng, self.ctx)
        (self.later if later else self.first).append(placed)
        return placed

    def by_type(self, doc_type: str) -> SampleDoc:
        return next(d for d in self.first if d.truth.doc_type == doc_type)

    def chain(self, decision: SampleDoc, explicit: bool, attached: list[str]) -> None:
        day = decision.truth.document_date or ""
        version = 2 if self.v2_date and self.v2_date.isoformat() <= day else 1
        self.chains.append(VerdictChain(
            decision=decision.truth.doc_id, decision_date=day, verdict=decision.truth.verdict or "op_norm",
            assessment=self.by_type("beoordeling").truth.doc_id, assessment_version=version,
            inspection=self.by_type("opname").truth.doc_id, inspection_version=1,
            explicit_reference=explicit, attached=attached,
        ))  # fmt: skip


def _scan_format(rng: random.Random) -> str:
    return rng.choice(["png", "jpg", "tiff", "pdf-scan"])


def _reports(d: Dossier) -> None:
    rng, ctx = d.rng, d.ctx
    scanned = rng.random() < 0.25
    fmt = "pdf-mixed" if scanned else rng.choice(["pdf"] * 8 + ["docx", "odt"])
    d.add(reports.inspection(ctx, scanned), "opname", fmt)
    d.add(reports.assessment(ctx), "beoordeling", rng.choice(["pdf"] * 9 + ["docx"]))
    if rng.random() < 0.5:
        d.add(expert.calculation(ctx), "berekening", "pdf")


def _talks(d: Dossier) -> None:
    rng, ctx = d.rng, d.ctx
    if rng.random() < 0.5:
        doc = procedure.conversation(ctx)
        if rng.random() < 0.12:
            d.add(_scanned(doc, ctx), "scan", _scan_format(rng))
        else:
            d.add(doc, "gesprek", rng.choice(TEXT_FORMATS))
    if rng.random() < 0.4:
        d.add(procedure.response(ctx), "zienswijze", rng.choice(TEXT_FORMATS))


def _scanned(doc: SampleDoc, ctx: Context) -> SampleDoc:
    """The paper copy of a one-page document, scanned: every page an image, a planted word on it."""
    doc = plant(doc, ctx)
    doc.truth.scanned_pages = list(range(1, len(doc.pages) + 1))
    return doc


def _decision(d: Dossier) -> SampleDoc:
    explicit = d.rng.random() < 0.8
    besluit = d.add(letters.decision(d.ctx, explicit), "besluit", "pdf")
    d.chain(besluit, explicit, [])
    return besluit


def _objection_round(d: Dossier) -> str:
    """Bezwaar (by e-mail, letter or scan), hearing, maybe counter-expert, advice, decision."""
    rng, ctx, house = d.rng, d.ctx, d.ctx.house
    attached = objection_mail(d)
    hearing = d.add(procedure.hearing(ctx), "hoorzitting", rng.choice(["docx", "pdf", "odt"]))
    verdict = (
        house.verdict
        if rng.random() < 0.7
        else {"op_norm": "niet_op_norm", "niet_op_norm": "op_norm"}[house.verdict]
    )
    advies = d.add(
        procedure.committee_advice(ctx, verdict), "advies", rng.choice(["html", "pdf", "docx"])
    )
    explicit = rng.random() < 0.8
    later = rng.random() < 0.6
    bob = d.add(letters.objection_decision(ctx, verdict, explicit), "bob", "pdf", later=later)
    d.chain(bob, explicit, [*attached, hearing.truth.doc_id, advies.truth.doc_id])
    return verdict


def _correction(d: Dossier, first_assessment: SampleDoc, flip: bool) -> str:
    """The corrected assessment: same path, new bytes, in the later delivery. When the
    correction changes the verdict, a revised decision follows; returns the current verdict."""
    house = d.ctx.house
    if flip:
        house.verdict = OTHER[house.verdict]
    v2 = reports.assessment(d.ctx, version=2)
    placed = place(v2, first_assessment.truth.doc_id, first_assessment.truth.format, "updates", 2)
    d.later.append(placed)
    d.v2_date = d.ctx.dates["beoordeling2"]
    if flip:
        revised = d.add(
            letters.decision(d.ctx, explicit=True, revised=True), "besluit", "pdf", later=True
        )
        d.chain(revised, True, [])
    return house.verdict


def _discrepancies(house: House, inspection_id: str, assessment_id: str) -> list[Discrepancy]:
    out = []
    for kind in house.errors:
        name, ins, ass = {
            "dimension": ("gevelbreedte", f"{house.dims['gevelbreedte']:g} m", f"{house.dims['gevelbreedte'] + 0.4:.1f} m"),
            "material": ("binnenblad", house.wall, reports.WRONG_WALL[house.wall]),
            "missing_component": (house.components[0], house.components[0], None),
        }[kind]  # fmt: skip
        out.append(Discrepancy.model_validate({
            "kind": kind, "name": name, "inspection": ins, "assessment": ass,
            "inspection_doc": inspection_id, "assessment_doc": assessment_id,
        }))  # fmt: skip
    return out


def _extras(d: Dossier) -> None:
    rng, ctx = d.rng, d.ctx
    if rng.random() < 0.3:
        update_mail(d)
    if ctx.index % 10 == 3:
        bundle(d)
    if rng.random() < 0.15 or ctx.index % 6 == 1:
        letter = letters.cover_letter(
            ctx, "de planning van de versterking", dated=False, key="planning"
        )
        d.add(letter, "brief", rng.choice(["txt:utf-8", "txt:cp1252", "docx"]))
    if rng.random() < 0.08:
        letter = letters.cover_letter(
            ctx, "het verslag van ons gesprek", dated=True, key="brief-scan"
        )
        d.add(_scanned(letter, ctx), "scan", _scan_format(rng))


def build_dossier(seed: int, index: int) -> DossierFiles:
    """Dossier number `index` of the corpus drawn with `seed`; independent of all others."""
    rng = random.Random(f"{seed}-{index}")
    house = draw_house(rng)
    ctx = Context(f"GRN-{house.inspection_date.year}-{index + 1:05d}", index, house, rng)
    d = Dossier(ctx, Namer(rng))
    _reports(d)
    _talks(d)
    besluit = _decision(d)
    if house.verdict == "niet_op_norm" and rng.random() < 0.35:
        d.add(
            expert.reinforcement_advice(ctx),
            "versterkingsadvies",
            rng.choice(["pdf", "pdf", "docx"]),
        )
    first_assessment = d.by_type("beoordeling")
    current: str | None = besluit.truth.verdict
    objection = rng.random() < 0.4 or index % 4 == 0
    if house.errors and rng.random() < 0.8:
        current = _correction(d, first_assessment, flip=not objection and rng.random() < 0.3)
    if objection:
        current = _objection_round(d)
    _extras(d)
    truth = DossierTruth.model_validate({
        "dossier_id": ctx.dossier_id, "address": house.address, "current_verdict": current,
        "discrepancies": _discrepancies(house, d.by_type("opname").truth.doc_id, first_assessment.truth.doc_id),
        "verdict_chains": d.chains,
    })  # fmt: skip
    return DossierFiles(truth=truth, documents=d.first + d.later)
