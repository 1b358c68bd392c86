"""The sample corpus: realistic, deterministic Dutch case files with the truth about each file.

`generate(seed, dossiers)` gives the documents as data (page texts and truth); `write(corpus,
out)` renders them into the ingest layout: out/dossiers/, out/updates/ and out/truth.json.
"""

from ingest.sample.generate import GENERATOR_VERSION, generate
from ingest.sample.model import Corpus, FileTruth, SampleDoc
from ingest.sample.write import write

__all__ = ["GENERATOR_VERSION", "Corpus", "FileTruth", "SampleDoc", "generate", "write"]
