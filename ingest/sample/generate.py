"""A whole corpus: dossiers with their documents, file names, formats, updates and truth."""

import random

from ingest.sample import documents as d
from ingest.sample.houses import House, draw_house
from ingest.sample.model import Corpus, Discrepancy, DossierTruth, SampleDoc, VerdictChain

GENERATOR_VERSION = "1.0.0"


def _name(rng: random.Random, options: list[str]) -> str:
    return rng.choice(options)


def _place(
    doc: SampleDoc, doc_id: str, fmt: str, batch: str = "dossiers", version: int = 1
) -> SampleDoc:
    truth = doc.truth.model_copy(update={
        "doc_id": doc_id, "format": fmt, "batch": batch, "version": version,
        "path": f"{batch}/{doc.truth.dossier_id}/{doc_id}",
    })  # fmt: skip
    return doc.model_copy(update={"truth": truth, "filename": doc_id.rsplit("/", 1)[-1]})


def _attach(doc: SampleDoc, parent_id: str, name: str, fmt: str) -> SampleDoc:
    truth = doc.truth.model_copy(update={
        "doc_id": f"{parent_id}/{name}", "format": fmt, "parent": parent_id, "path": None,
    })  # fmt: skip
    return doc.model_copy(update={"truth": truth, "filename": name})


def _formats(rng: random.Random) -> dict[str, str]:
    return {
        "opname": rng.choice(["pdf"] * 6 + ["docx", "odt"]),
        "zienswijze": rng.choice(["txt-utf-8", "txt-cp1252", "txt-latin-1", "txt-utf-16", "html"]),
        "gesprek": rng.choice(["docx", "txt-utf-8", "html"]),
    }


def dossier(index: int, seed: int, used_terms: set[str]) -> tuple[DossierTruth, list[SampleDoc]]:
    rng = random.Random(f"{seed}-{index}")
    house = draw_house(rng)
    dossier_id = f"GRN-{house.inspection_date.year}-{index + 1:05d}"
    ctx = d.Context(dossier_id, house, rng, used_terms)
    docs: list[SampleDoc] = []
    fmts = _formats(rng)
    scanned = rng.random() < 0.25
    opname_id = _name(rng, ["rapporten/Opname.pdf", "opnamerapport.pdf", "01 Opname woning.pdf",
                            "Rapport opname 2021.pdf", "stukken/inspectie_rapport.pdf"])  # fmt: skip
    opname_fmt = "pdf-mixed" if scanned else fmts["opname"]
    if opname_fmt in ("docx", "odt"):
        opname_id = opname_id.rsplit(".", 1)[0] + "." + opname_fmt
    docs.append(_place(d.inspection(ctx, scanned), opname_id, opname_fmt))
    beoordeling_id = _name(rng, ["rapporten/Beoordeling.pdf", "beoordelingsrapport.pdf",
                                 "02 BOR definitief.pdf", "rapport_beoordeling_v1.pdf"])  # fmt: skip
    docs.append(_place(d.assessment(ctx), beoordeling_id, "pdf"))
    if rng.random() < 0.5:
        docs.append(_place(d.calculation(ctx), f"rapporten/berekening {house.method}.pdf", "pdf"))
    if rng.random() < 0.5:
        fmt = fmts["gesprek"]
        ext = {"docx": "docx", "html": "html"}.get(fmt, "txt")
        docs.append(_place(d.conversation(ctx), f"verslagen/gesprek.{ext}", fmt))
    if rng.random() < 0.4:
        fmt = fmts["zienswijze"]
        docs.append(
            _place(d.response(ctx), f"post/zienswijze.{'html' if fmt == 'html' else 'txt'}", fmt)
        )
    explicit = rng.random() < 0.8
    besluit_id = _name(rng, ["besluiten/Besluit.pdf", "besluit versterking.pdf", "03 besluit.pdf"])
    besluit = _place(d.decision(ctx, explicit), besluit_id, "pdf")
    docs.append(besluit)
    chains = [_chain(besluit, docs[1], docs[0], explicit)]
    current = house.verdict
    later: list[SampleDoc] = []
    if rng.random() < 0.5:
        current = _objection_round(ctx, docs, later, chains, rng)
    if rng.random() < 0.3:
        docs.append(_letter_email(ctx, rng))
    if rng.random() < 0.15:
        planning = _place(d.cover_letter(ctx, "de planning", dated=False), "post/brief planning.txt",
                          "txt-utf-8")  # fmt: skip
        planning.truth.registered_date = ctx.dates["brief-de planning"].isoformat()
        docs.append(planning)
    updates = []
    if house.error is not None:
        updates.append(_place(d.assessment(ctx, version=2), beoordeling_id, "pdf", "updates", 2))
    truth = DossierTruth(
        dossier_id=dossier_id, address=house.address, current_verdict=current,
        discrepancies=_discrepancies(house, docs[0].truth.doc_id, beoordeling_id),
        verdict_chains=chains,
    )  # fmt: skip
    return truth, docs + [_later(doc) for doc in later] + updates


def _later(doc: SampleDoc) -> SampleDoc:
    return _place(doc, doc.truth.doc_id, doc.truth.format, "updates")


def _chain(
    decision: SampleDoc, assessment: SampleDoc, inspection: SampleDoc, explicit: bool
) -> VerdictChain:
    return VerdictChain(
        decision=decision.truth.doc_id, decision_date=decision.truth.document_date or "",
        verdict=decision.truth.verdict or "", assessment=assessment.truth.doc_id,
        assessment_version=1, inspection=inspection.truth.doc_id, inspection_version=1,
        explicit_reference=explicit,
    )  # fmt: skip


def _objection_round(ctx: d.Context, docs: list[SampleDoc], later: list[SampleDoc],
                     chains: list[VerdictChain], rng: random.Random) -> str:  # fmt: skip
    """Bezwaar by e-mail with attachments, hearing, counter-expert, advice, decision."""
    house = ctx.house
    bezwaar = d.objection(ctx)
    mail_id = "post/email bezwaar advocaat.eml"
    attachments = [_attach(bezwaar, mail_id, "bezwaarschrift.pdf", "pdf")]
    if rng.random() < 0.4:
        contra = d.counter_expertise(ctx)
        bundle = _attach(contra, f"{mail_id}/bijlagen.zip", "contra-expertise.pdf", "pdf")
        zip_doc = SampleDoc(truth=bundle.truth.model_copy(update={
            "doc_id": f"{mail_id}/bijlagen.zip", "format": "zip", "doc_type": "overig", "parent": mail_id,
            "components": [], "materials": [], "measurements": [], "references": [], "verdict": None,
            "kenmerk": None, "firm": None, "norm": None, "method": None, "document_date": None,
            "postcode": None, "huisnummer": None, "toevoeging": None, "terms": [], "pages": 1,
        }), pages=["contra-expertise.pdf"], filename="bijlagen.zip", attachments=[bundle])  # fmt: skip
        attachments.append(zip_doc)
    cover = d.cover_letter(ctx, "het bezwaarschrift namens mijn cliënt", dated=False)
    email = _place(cover, mail_id, "eml").model_copy(update={
        "attachments": attachments, "email_from": "mr. K. Jansen <k.jansen@advocaat.example>",
        "email_to": "bezwaar@ncg.example", "email_subject": "Bezwaar tegen besluit",
        "email_date": bezwaar.truth.document_date,
    })  # fmt: skip
    email.truth.document_date = bezwaar.truth.document_date
    docs.append(email)
    docs.append(_place(d.hearing(ctx), "bezwaar/verslag hoorzitting.docx", "docx"))
    verdict = (
        house.verdict
        if rng.random() < 0.6
        else ("op_norm" if house.verdict == "niet_op_norm" else "niet_op_norm")
    )
    advies = _place(d.committee_advice(ctx, verdict), "bezwaar/advies commissie.html", "html")
    docs.append(advies)
    explicit = rng.random() < 0.8
    bob = _place(d.objection_decision(ctx, verdict, explicit), "bezwaar/BOB.pdf", "pdf")
    later.append(bob)
    chain = _chain(bob, docs[1], docs[0], explicit)
    chain.attached = [
        f"{mail_id}/bezwaarschrift.pdf",
        "bezwaar/verslag hoorzitting.docx",
        advies.truth.doc_id,
    ]
    chains.append(chain)
    return verdict


def _letter_email(ctx: d.Context, rng: random.Random) -> SampleDoc:
    letter = d.cover_letter(ctx, "het verslag", dated=True)
    mail_id = "post/RE verslag.eml"
    photo = d.cover_letter(ctx, "foto", dated=False)
    photo_truth = photo.truth.model_copy(update={"doc_type": "foto", "document_date": None})
    photo_doc = _attach(photo.model_copy(update={"truth": photo_truth, "pages": [""]}), mail_id,
                        "IMG_0231.jpg", "photo")  # fmt: skip
    return _place(letter, mail_id, "eml").model_copy(update={
        "attachments": [photo_doc], "email_from": "bewonersbegeleider@ncg.example",
        "email_to": "bewoner@example.nl", "email_subject": "Verslag en foto",
        "email_date": letter.truth.document_date,
    })  # fmt: skip


def _discrepancies(house: House, inspection_id: str, assessment_id: str) -> list[Discrepancy]:
    if house.error is None:
        return []
    other = "baksteen" if house.wall == "kalkzandsteen" else "kalkzandsteen"
    kind, name, ins, ass = {
        "dimension": (
            "dimension",
            "gevelbreedte",
            f"{house.gevelbreedte:.2f} m",
            f"{house.gevelbreedte + 0.4:.2f} m",
        ),
        "material": ("material", "binnenblad", house.wall, other),
        "missing_component": ("missing_component", house.components[1], house.components[1], None),
    }[house.error]
    return [Discrepancy(kind=kind, name=name, inspection=ins, assessment=ass,
                        inspection_doc=inspection_id, assessment_doc=assessment_id)]  # fmt: skip


def generate(seed: int, dossiers: int) -> Corpus:
    used: set[str] = set()
    truths, documents = [], []
    for index in range(dossiers):
        truth, docs = dossier(index, seed, used)
        truths.append(truth)
        documents.extend(docs)
    return Corpus(
        seed=seed, generator_version=GENERATOR_VERSION, dossiers=truths, documents=documents
    )
