"""The sample corpus as data: documents with their page texts and the truth about each."""

from typing import Literal

from pydantic import BaseModel, Field

Format = Literal[
    "pdf", "pdf-scan", "pdf-mixed", "png", "jpg", "tiff", "docx", "odt", "html", "txt", "eml", "zip"
]  # fmt: skip


class MeasurementTruth(BaseModel):
    name: str
    value: float
    unit: str


class FileTruth(BaseModel):
    """What a correct reading of one file finds (the `files` entries of truth.json)."""

    path: str | None = Field(None, description="relative to the corpus root; null for children")
    batch: Literal["dossiers", "updates"] = "dossiers"
    dossier_id: str
    doc_id: str
    version: int = 1
    parent: str | None = None
    format: Format = "pdf"
    encoding: str | None = Field(None, description="for txt: utf-8, cp1252, latin-1, utf-16")
    doc_type: str
    document_date: str | None = Field(None, description="the date the document itself carries")
    registered_date: str | None = Field(None, description="when the agency registered it")
    verdict: Literal["op_norm", "niet_op_norm"] | None = Field(
        None, description="only when the text itself states a verdict on the house"
    )
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


class Layout(BaseModel):
    """How a page is drawn: which lines are running header/footer, which font."""

    header_lines: int = 0
    footer_lines: int = 0
    font: Literal["Helvetica", "Times", "Courier"] = "Helvetica"
    size: float = 11.0


class SampleDoc(BaseModel):
    """One file to write: its page texts (exactly what each page shows), rendering and truth."""

    truth: FileTruth
    pages: list[str]
    title: str = ""
    filename: str = ""
    layout: Layout = Field(default_factory=Layout)
    attachments: list["SampleDoc"] = Field(default_factory=list)
    email_from: str | None = None
    email_to: str | None = None
    email_subject: str | None = None
    email_date: str | None = None
    email_html: bool = False


class AddressTruth(BaseModel):
    straat: str
    huisnummer: str
    toevoeging: str | None
    postcode: str
    woonplaats: str
    bag_id: str


class Discrepancy(BaseModel):
    kind: Literal["dimension", "material", "missing_component"]
    name: str
    inspection: str | None
    assessment: str | None
    inspection_doc: str
    assessment_doc: str


class VerdictChain(BaseModel):
    decision: str
    decision_date: str
    verdict: Literal["op_norm", "niet_op_norm"]
    assessment: str
    assessment_version: int
    inspection: str
    inspection_version: int
    explicit_reference: bool
    attached: list[str] = Field(default_factory=list)


class DossierTruth(BaseModel):
    dossier_id: str
    address: AddressTruth
    current_verdict: Literal["op_norm", "niet_op_norm"] | None
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    verdict_chains: list[VerdictChain] = Field(default_factory=list)


class DossierFiles(BaseModel):
    """One dossier: its truth and its top-level files (children inside them)."""

    truth: DossierTruth
    documents: list[SampleDoc]


class Corpus(BaseModel):
    seed: int
    generator_version: str
    dossiers: list[DossierTruth]
    documents: list[SampleDoc] = Field(description="top-level files; attachments inside them")

    def all_files(self) -> list[SampleDoc]:
        """Every document including attachments, depth first."""
        return [doc for top in self.documents for doc in walk(top)]


def walk(doc: SampleDoc) -> list[SampleDoc]:
    """A document and everything inside it, depth first."""
    out = [doc]
    for child in doc.attachments:
        out.extend(walk(child))
    return out
