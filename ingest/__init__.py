"""ingest: turns folders, zips and e-mails into stored, parsed, classified document versions.

`formats/` parses bytes (pure), `analysis/` classifies and extracts fields (pure), `sample/`
writes the sample corpus; `pipeline.py` is the only part that stores, indexes and logs.
"""
