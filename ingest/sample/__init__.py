"""The sample corpus: realistic, deterministic Dutch case files with the truth about each file.

`generate(seed, dossiers)` gives the documents as data (page texts and truth); `write(corpus,
out)` renders them into the ingest layout: out/dossiers/, out/updates/, out/truth.json and
out/dossiers/manifest.csv. `write_sample(seed, dossiers, out, workers)` does the same one
dossier at a time (constant memory; what `navolg sample` uses). Every dossier depends only on
(seed, index), so the bytes do not depend on how many processes write them.

What truth.json means (the rules a reader is scored by):
- `verdict`: set only when the document's own author states a verdict on the house
  ("voldoet (niet) aan de veiligheidsnorm", "(niet) op norm", "kan niet worden aangetoond dat
  ... voldoet", "is (niet) veilig volgens NPR 9998"). Quoted or disputed verdicts (a zienswijze
  or bezwaar citing the decision), questions ("of de woning wel veilig is"), intentions ("wij
  beoordelen of ...") and element checks in a calculation ("element voldoet niet") are null.
  A committee advice that only advises on the objection states none.
- `components` / `materials`: every mention, plural or adjective included ("spouwmuren",
  "betonnen"), as the singular noun; words inside compounds ("gevelbreedte") do not count.
- `measurements`: named lengths in metres, whatever the text's unit ("3.600 mm" is 3.6 m);
  a document naming two values for one name (a counter-expert) lists both.
- `document_date`: the date the document carries as its own (a report's date, not the visit
  date it also mentions; an e-mail's Date header); null for undated letters, photos, zips.
- `registered_date`: only for first deliveries the manifest lists (all undated ones, about one
  in ten others); null elsewhere.
- `postcode`/`huisnummer`: the house's address where the text names it (a letter's
  letterhead carries the agency's own postcode, which is not the answer).
- `terms`: made-up words found in this file only: on a scanned page (OCR-only) or inside an
  attachment (attachment-only).
"""

from ingest.sample.generate import GENERATOR_VERSION, generate
from ingest.sample.model import Corpus, FileTruth, SampleDoc
from ingest.sample.write import write, write_sample

__all__ = [
    "GENERATOR_VERSION",
    "Corpus",
    "FileTruth",
    "SampleDoc",
    "generate",
    "write",
    "write_sample",
]
