"""Make unstructured 0.27.35 run with no network at all.

As shipped it downloads the English spaCy model `en_core_web_sm` the first time it classifies
text (FACTS.md), which cannot work offline and would mean little on Dutch text anyway. We
replace its private model loader (`unstructured.nlp.tokenize._load_spacy_model`) with a blank
Dutch pipeline plus spaCy's rule-based sentencizer (both ship inside spaCy) and make its
installer (`_install_spacy_model`) refuse. This touches private API: the version is pinned in
pyproject.toml and tests/formats/test_offline.py fails loudly if the API moves.

The environment is set before unstructured is first imported: with DO_NOT_TRACK unset,
`import unstructured` already makes a telemetry lookup.
"""

import inspect
import os
from types import ModuleType
from typing import Any

PINNED_VERSION = "0.27.35"
QUIET_ENV = {
    "DO_NOT_TRACK": "1",  # empty does not opt out
    "SCARF_NO_ANALYTICS": "true",
    "UNSTRUCTURED_DISABLE_NOTICE": "1",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "OMP_THREAD_LIMIT": "1",  # tesseract: 12 s/page with threads on 2 cores, 1.8 s without
}
PATCHED = ("_load_spacy_model", "_install_spacy_model")
_state = {"applied": False}


def set_environment() -> None:
    os.environ.update(QUIET_ENV)


def blank_dutch() -> Any:
    """What unstructured gets instead of en_core_web_sm: tokenizer + sentence splitter only."""
    import spacy  # noqa: PLC0415 — heavy, only in the worker that parses

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    return nlp


def refuse_download() -> None:
    raise RuntimeError("navolg runs unstructured offline: downloading a spaCy model is disabled")


def check_api(tokenize: ModuleType) -> None:
    """Fail loudly when the private functions we replace are gone or take arguments now."""
    problems = [name for name in (*PATCHED, "_get_nlp") if not hasattr(tokenize, name)]
    problems += [
        f"{name}{inspect.signature(getattr(tokenize, name))}"
        for name in PATCHED
        if hasattr(tokenize, name) and inspect.signature(getattr(tokenize, name)).parameters
    ]
    if not hasattr(getattr(tokenize, "_get_nlp", None), "cache_clear"):
        problems.append("_get_nlp is no longer cached")
    if problems:
        raise RuntimeError(
            f"unstructured's private spaCy loader changed ({', '.join(problems)}); "
            "update ingest/formats/_offline.py for this unstructured version"
        )


def patch(tokenize: ModuleType) -> None:
    check_api(tokenize)
    vars(tokenize).update(_load_spacy_model=blank_dutch, _install_spacy_model=refuse_download)
    tokenize._get_nlp.cache_clear()


def apply() -> None:
    """Idempotent: set the quiet environment, then patch the loader before first use."""
    if _state["applied"]:
        return
    set_environment()
    from unstructured.nlp import tokenize  # noqa: PLC0415

    patch(tokenize)
    _state["applied"] = True
