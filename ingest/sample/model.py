"""The sample corpus as data: documents with their page texts and the truth about each."""

from pydantic import BaseModel, Field


class MeasurementTruth(BaseModel):
    name: str
    value: float
    unit: str


class FileTruth(BaseModel):
    """What a correct reading of one file finds (see truth.json in the README)."""

    path: str | None = None
    batch: str = "dossiers"
    dossier_id: str
    doc_id: str
    version: int = 1
    parent: str | None = None
    format: str
    encoding: str | None = None
    doc_type: str
    document_date: str | None = None
    registered_date: str | None = None
    verdict: str | None = None
    kenmerk: str | None = None
    firm: str | None = None
    norm: str | None = None
    method: str | None = None
    postcode: str | None = None
    huisnummer: str | None = None
    toevoeging: str | None = None
    components: list[str] = Field(default_factory=list)
    materials: list[str] = Field(default_factory=list)
    measurements: list[MeasurementTruth] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    pages: int = 1
    scanned_pages: list[int] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list)


class SampleDoc(BaseModel):
    """One file to write: its page texts, how to render it, and its truth."""

    truth: FileTruth
    pages: list[str]
    title: str = ""
    filename: str
    attachments: list["SampleDoc"] = Field(default_factory=list)
    email_from: str | None = None
    email_to: str | None = None
    email_subject: str | None = None
    email_date: str | None = None


class AddressTruth(BaseModel):
    straat: str
    huisnummer: str
    toevoeging: str | None
    postcode: str
    woonplaats: str
    bag_id: str


class Discrepancy(BaseModel):
    kind: str
    name: str
    inspection: str | None
    assessment: str | None
    inspection_doc: str
    assessment_doc: str


class VerdictChain(BaseModel):
    decision: str
    decision_date: str
    verdict: str
    assessment: str
    assessment_version: int
    inspection: str
    inspection_version: int
    explicit_reference: bool
    attached: list[str] = Field(default_factory=list)


class DossierTruth(BaseModel):
    dossier_id: str
    address: AddressTruth
    current_verdict: str | None
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    verdict_chains: list[VerdictChain] = Field(default_factory=list)


class Corpus(BaseModel):
    seed: int
    generator_version: str
    dossiers: list[DossierTruth]
    documents: list[SampleDoc] = Field(description="top-level files; attachments inside them")

    def all_files(self) -> list[SampleDoc]:
        """Every document including attachments, depth first."""
        out: list[SampleDoc] = []

        def walk(doc: SampleDoc) -> None:
            out.append(doc)
            for child in doc.attachments:
                walk(child)

        for doc in self.documents:
            walk(doc)
        return out
