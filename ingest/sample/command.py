"""`navolg sample`: write the sample corpus."""

import time
from pathlib import Path
from typing import Annotated

import typer

from ingest.sample.write import write_sample


def sample(
    dossiers: Annotated[int, typer.Option(min=1, max=100_000, help="How many dossiers.")] = 20,
    out: Annotated[
        Path, typer.Option(help="Folder to write dossiers/, updates/ and truth.json into.")
    ] = Path("sample-corpus"),
    seed: Annotated[int, typer.Option(help="Same seed, same bytes.")] = 1,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes (the bytes do not depend on this).")
    ] = 1,
) -> None:
    """Write a realistic, deterministic Dutch sample corpus with the truth about every file."""
    started = time.monotonic()
    top, documents = write_sample(seed, dossiers, out, workers)
    seconds = time.monotonic() - started
    typer.echo(
        f"wrote {dossiers} dossiers: {top} files ({documents} documents incl. attachments) to "
        f"{out} in {seconds:.1f} s ({top / max(seconds, 1e-9):.0f} files/s); "
        f"ingest with: navolg ingest {out / 'dossiers'}"
    )
