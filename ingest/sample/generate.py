"""A whole corpus: every dossier drawn independently from (seed, index)."""

from collections.abc import Iterator

from ingest.sample.dossier import build_dossier
from ingest.sample.model import Corpus, DossierFiles

GENERATOR_VERSION = "2.0.0"


def iter_dossiers(seed: int, dossiers: int) -> Iterator[DossierFiles]:
    """Dossiers one at a time, so a large corpus can be written without holding it all."""
    for index in range(dossiers):
        yield build_dossier(seed, index)


def generate(seed: int, dossiers: int) -> Corpus:
    """The corpus as data: page texts and truth for every file (no bytes rendered)."""
    parts = list(iter_dossiers(seed, dossiers))
    return Corpus(
        seed=seed,
        generator_version=GENERATOR_VERSION,
        dossiers=[p.truth for p in parts],
        documents=[doc for p in parts for doc in p.documents],
    )
