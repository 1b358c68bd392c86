"""Make unstructured 0.27.35 run with no network at all.

As shipped it downloads the English spaCy model `en_core_web_sm` the first time it classifies
text (FACTS.md), which cannot work here and would mean little on Dutch text anyway. We replace
its private model loader with a blank Dutch pipeline plus spaCy's rule-based sentencizer (both
ship inside spaCy) and make the installer refuse. This touches private API: the version is
pinned in pyproject.toml and tests/formats/test_offline.py fails loudly if the API moves.
"""

import os
from typing import Any

QUIET_ENV = {
    "DO_NOT_TRACK": "1",  # empty does not opt out; without it importing unstructured phones home
    "SCARF_NO_ANALYTICS": "true",
    "UNSTRUCTURED_DISABLE_NOTICE": "1",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "OMP_THREAD_LIMIT": "1",  # tesseract: 12 s/page with threads on 2 cores, 1.8 s without
}
_applied = False


def set_environment() -> None:
    for key, value in QUIET_ENV.items():
        os.environ[key] = value


def _blank_dutch() -> Any:
    import spacy  # noqa: PLC0415 — heavy, only in the worker that parses

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    return nlp


def _refuse_download() -> None:
    raise RuntimeError("navolg runs unstructured offline: downloading a spaCy model is disabled")


def apply() -> None:
    """Idempotent: set the quiet environment, then patch the loader before first use."""
    global _applied  # noqa: PLW0603 — one process-wide patch of a third-party module
    if _applied:
        return
    set_environment()
    from unstructured.nlp import tokenize  # noqa: PLC0415

    missing = [
        n
        for n in ("_load_spacy_model", "_install_spacy_model", "_get_nlp")
        if not hasattr(tokenize, n)
    ]
    if missing:
        raise RuntimeError(
            f"unstructured's private spaCy loader changed (missing {missing}); "
            "update ingest/formats/_offline.py for this unstructured version"
        )
    tokenize._load_spacy_model = _blank_dutch
    tokenize._install_spacy_model = _refuse_download
    tokenize._get_nlp.cache_clear()
    _applied = True
