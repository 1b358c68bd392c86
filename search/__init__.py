"""search: the derived full-text index of every document version, in Dutch.

Two backends behind one interface (`backend.SearchIndex`): OpenSearch (opensearch-py) for real
deployments and tantivy embedded for one machine. Both get the same documents
(`documents.py`, built from the store's records), the same parsed queries (`query.py`) and the
same access filter, and one conformance suite runs against both. The index can always be
rebuilt from the store (`navolg reindex`).
"""
