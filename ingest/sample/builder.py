"""Writing a document while recording what it states, so the truth matches the text.

Every component, material and measurement goes through the builder; boilerplate sentences
avoid the word lists, so nothing is mentioned that the truth does not list.
"""

import datetime as dt
import random

from ingest.sample.model import MeasurementTruth

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]  # fmt: skip
SHORT = ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.",
         "nov.", "dec."]  # fmt: skip
DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


def fmt_date(day: dt.date, rng: random.Random) -> str:
    """The ways Dutch documents write a date."""
    style = rng.randrange(6)
    if style == 0:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if style == 1:
        return f"{day.day:02d}-{day.month:02d}-{day.year}"
    if style == 2:
        return day.isoformat()
    if style == 3:
        return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"
    if style == 4:
        return f"{day.day} {SHORT[day.month - 1]} {day.year}"
    return f"{day.day}/{day.month:02d}/{day.year}"


def fmt_length(metres: float, rng: random.Random) -> str:
    """6.4 → '6,40 m', '640 cm', '6,4 meter' or '6400 mm'."""
    style = rng.randrange(4)
    if style == 0:
        return f"{metres:.2f}".replace(".", ",") + " m"
    if style == 1:
        return f"{round(metres * 100)} cm"
    if style == 2:
        return f"{metres:g}".replace(".", ",") + " meter"
    return f"{round(metres * 1000)} mm"


class Builder:
    """Collects paragraphs per page and the facts they state."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pages: list[list[str]] = [[]]
        self.components: list[str] = []
        self.materials: list[str] = []
        self.measurements: list[MeasurementTruth] = []
        self.references: list[str] = []

    def para(self, text: str) -> None:
        self.pages[-1].append(text)

    def page(self) -> None:
        if self.pages[-1]:
            self.pages.append([])

    def comp(self, word: str) -> str:
        if word not in self.components:
            self.components.append(word)
        return word

    def mat(self, canonical: str, written: str | None = None) -> str:
        if canonical not in self.materials:
            self.materials.append(canonical)
        return written or canonical

    def measure(self, name: str, metres: float) -> str:
        value = round(metres, 3)
        truth = MeasurementTruth(name=name, value=value, unit="m")
        if truth not in self.measurements:
            self.measurements.append(truth)
        return fmt_length(metres, self.rng)

    def ref(self, kenmerk: str) -> str:
        if kenmerk not in self.references:
            self.references.append(kenmerk)
        return kenmerk

    def texts(self) -> list[str]:
        return ["\n\n".join(p) for p in self.pages if p]
