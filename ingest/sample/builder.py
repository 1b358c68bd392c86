"""Writing a document while recording what it states, so the truth matches the text.

Every component, material, measurement and reference goes through the builder; other
sentences avoid the word lists (vocab.py), so nothing is mentioned that the truth does not list.
"""

import random

from ingest.sample.model import Layout, MeasurementTruth
from ingest.sample.phrasing import fmt_length, fmt_thickness
from ingest.sample.vocab import ADJECTIVE, MATERIALS, PLURAL

THIN = {"wanddikte", "spouwbreedte", "vloerdikte"}


class Builder:
    """Collects paragraphs per page and the facts they state."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pages: list[list[str]] = [[]]
        self.components: list[str] = []
        self.materials: list[str] = []
        self.measurements: list[MeasurementTruth] = []
        self.references: list[str] = []
        self.terms: list[str] = []

    def para(self, text: str) -> None:
        self.pages[-1].append(text)

    def page(self) -> None:
        if self.pages[-1]:
            self.pages.append([])

    def comp(self, word: str, plural: bool = False) -> str:
        """Mention a component (singular or plural); the truth lists the singular."""
        if word not in self.components:
            self.components.append(word)
        return PLURAL[word] if plural else word

    def mat(self, canonical: str, adjective: bool = False) -> str:
        """Mention a material as a noun, or as an adjective ('betonnen')."""
        if canonical not in self.materials:
            self.materials.append(canonical)
        if adjective:
            return ADJECTIVE.get(canonical, canonical)
        return self.rng.choice(MATERIALS[canonical][:1] * 2 + MATERIALS[canonical][1:2])

    def measure(self, name: str, metres: float) -> str:
        """Mention a length; written the way reports do, recorded in metres."""
        truth = MeasurementTruth(name=name, value=round(metres, 3), unit="m")
        if truth not in self.measurements:
            self.measurements.append(truth)
        return (fmt_thickness if name in THIN else fmt_length)(metres, self.rng)

    def ref(self, kenmerk: str) -> str:
        if kenmerk not in self.references:
            self.references.append(kenmerk)
        return kenmerk

    def term(self, word: str) -> str:
        self.terms.append(word)
        return word

    def texts(self) -> list[str]:
        return ["\n\n".join(p) for p in self.pages if p]

    def framed(self, header: str | None, footer: str | None) -> tuple[list[str], Layout]:
        """Page texts with a running header and a page footer ('{n}' and '{total}' filled in)."""
        bodies = self.texts()
        total, out = len(bodies), []
        for number, body in enumerate(bodies, start=1):
            top = f"{header}\n\n" if header else ""
            bottom = "\n\n" + footer.format(n=number, total=total) if footer else ""
            out.append(top + body + bottom)
        layout = Layout(
            header_lines=header.count("\n") + 1 if header else 0,
            footer_lines=1 if footer else 0,
        )
        return out, layout


FOOTERS = ["Pagina {n} van {total}", "{n}/{total}", "- {n} -", "blad {n} van {total}",
           "Pagina {n}"]  # fmt: skip
