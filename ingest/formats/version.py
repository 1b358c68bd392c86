"""The parser version: part of the parse cache key and recorded on every version, so bump it
whenever parse output or the analysis (ingest/analysis) changes: `navolg reparse` reads the
versions made by an older one again.

1.2.0: ODT keeps line breaks, tabs, spaces and page breaks; analysis 1.1.0.
1.2.1: scanned PDF pages are rendered in grey for OCR (same text on the pages checked).
"""

PARSER_VERSION = "1.2.1"
