"""Classification and field extraction: pages of text in, DocumentFields out. Pure, no I/O.

Every value keeps the page and a short quote it came from (store/fields.py). Word lists are
data files beside this module, each with its source noted at the top.
"""

import datetime as dt

from pydantic import BaseModel

from ingest.analysis import address, classify, dates, lexicon, measurements, refs, verdict
from ingest.analysis.text import Document
from store.fields import DocumentFields
from store.parsed import Page

ANALYSIS_VERSION = "1.1.0"  # bump PARSER_VERSION with it (ingest/formats/version.py)


class Hints(BaseModel):
    """What is known besides the text: a manifest's type and date, the parent's type."""

    doc_type: str | None = None
    document_date: dt.date | None = None
    media_type: str | None = None
    parent_doc_type: str | None = None


def analyse(pages: list[Page], filename: str, hints: Hints) -> DocumentFields:
    doc = Document(pages, filename)
    doc_type = classify.classify(doc, hints.media_type, hints.doc_type)
    own = refs.own_kenmerk(doc)
    found_address = address.address(doc)
    return DocumentFields(
        doc_type=doc_type,
        document_date=dates.document_date(doc),
        postcode=found_address.get("postcode"),
        huisnummer=found_address.get("huisnummer"),
        toevoeging=found_address.get("toevoeging"),
        kenmerk=own,
        verdict=verdict.verdict(doc, doc_type.value),
        firm=lexicon.firm(doc),
        norm=lexicon.norm(doc),
        method=lexicon.method(doc),
        components=lexicon.components(doc),
        materials=lexicon.materials(doc),
        measurements=measurements.measurements(doc),
        references=refs.references(doc, own.value if own else None),
    )


__all__ = ["ANALYSIS_VERSION", "Hints", "analyse"]
