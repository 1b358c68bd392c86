"""What the documents of one dossier share: the house, dates, kenmerken and planted terms."""

import datetime as dt
import random
from dataclasses import dataclass, field

from ingest.sample.builder import Builder
from ingest.sample.houses import House
from ingest.sample.model import FileTruth
from ingest.sample.vocab import planted_term


@dataclass
class Context:
    """Later documents of a dossier refer to the dates and kenmerken of earlier ones."""

    dossier_id: str
    index: int
    house: House
    rng: random.Random
    kenmerken: dict[str, str] = field(default_factory=dict)
    dates: dict[str, dt.date] = field(default_factory=dict)
    planted: int = 0

    def date(self, key: str, after: str | None, days: tuple[int, int]) -> dt.date:
        """A date some days after an earlier one (or the inspection date); weekends skipped."""
        base = self.dates[after] if after else self.house.inspection_date
        day = base + dt.timedelta(days=self.rng.randrange(*days)) if after else base
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        self.dates[key] = day
        return day

    def kenmerk(self, key: str, style: str) -> str:
        year = self.dates.get(key, self.house.inspection_date).year
        n = self.rng.randrange(1000, 99999)
        initials = "".join(w[0] for w in self.house.firm.split()[:3]).upper()
        value = {
            "firm": self.rng.choice(
                [
                    f"{initials}-{year}-{n:05d}",
                    f"{initials}.{year}.{n:05d}",
                    f"R{year % 100}-{n:05d}",
                ]
            ),
            "ncg": self.rng.choice([f"NCG-{year}-{n:06d}", f"NCG/{year}/{n}", f"{year}-{n:010d}"]),
            "bc": f"BC-{year}-{n:04d}",
            "ce": f"CE-{year}-{n % 1000:03d}",
        }[style]
        self.kenmerken[key] = value
        return value

    def term(self) -> str:
        """A word found in exactly one file of the corpus."""
        self.planted += 1
        return planted_term(self.index, self.planted)

    def truth(self, doc_type: str, b: Builder, **extra: object) -> FileTruth:
        """The truth of a document whose text was written through builder b."""
        a = self.house.address
        fields: dict[str, object] = {
            "dossier_id": self.dossier_id, "doc_id": "", "doc_type": doc_type,
            "components": list(b.components), "materials": list(b.materials),
            "measurements": list(b.measurements), "references": list(b.references),
            "terms": list(b.terms), "postcode": a.postcode, "huisnummer": a.huisnummer,
            "toevoeging": a.toevoeging,
        }  # fmt: skip
        fields.update(extra)
        return FileTruth.model_validate(fields)
