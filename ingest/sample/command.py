"""`navolg sample`: write the sample corpus."""

import time
from pathlib import Path
from typing import Annotated

import typer

from ingest.sample.generate import generate
from ingest.sample.write import write


def sample(
    out: Annotated[
        Path, typer.Option(help="Folder to write dossiers/, updates/, truth.json into.")
    ],
    dossiers: Annotated[int, typer.Option(min=1, max=100_000, help="How many dossiers.")] = 20,
    seed: Annotated[int, typer.Option(help="Same seed, same bytes.")] = 1,
) -> None:
    """Write a realistic, deterministic Dutch sample corpus with the truth about every file."""
    started = time.monotonic()
    corpus = generate(seed=seed, dossiers=dossiers)
    files = write(corpus, out)
    seconds = time.monotonic() - started
    typer.echo(
        f"wrote {dossiers} dossiers, {files} files ({len(corpus.all_files())} documents incl. "
        f"attachments) to {out} in {seconds:.1f} s; ingest with: navolg ingest {out / 'dossiers'}"
    )
