"""One exception type for expected export failures (no key, unknown dossier, not a bag)."""


class ExportError(Exception):
    """An export cannot be made or read; the message says why, for a person."""
