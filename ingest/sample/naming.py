"""File names as people and systems make them: folders, numbers, dates, kenmerken, scanner names.

A dossier has a dominant naming style, but files often come from elsewhere; a few names are
misleading (they suggest another document type) and a few extensions are wrong.
"""

import datetime as dt
import random

LABELS = {
    "opname": [
        "Opnamerapport",
        "opname woning",
        "Rapport opname",
        "inspectie rapport",
        "Opname def",
    ],
    "beoordeling": [
        "Beoordelingsrapport",
        "BOR definitief",
        "rapport beoordeling",
        "Beoordeling NPR9998",
        "constructieve beoordeling",
    ],
    "berekening": ["berekening", "Rekenrapport", "NLTH resultaten", "rekenbijlage"],
    "versterkingsadvies": ["Versterkingsadvies", "VA definitief", "advies versterking"],
    "besluit": ["Besluit", "besluit versterking", "Besluit veiligheidsoordeel", "brief besluit"],
    "gesprek": ["gespreksverslag", "Verslag keukentafelgesprek", "verslag gesprek"],
    "zienswijze": ["zienswijze", "Reactie bewoner", "reactie op rapport"],
    "bezwaar": ["bezwaarschrift", "Bezwaar", "bezwaar advocaat"],
    "hoorzitting": ["verslag hoorzitting", "Hoorzitting verslag", "PV hoorzitting"],
    "advies": ["advies commissie", "Advies bezwaarcommissie", "advies BC"],
    "bob": ["Beslissing op bezwaar", "BOB", "beslissing bezwaar"],
    "contra": ["contra-expertise", "Second opinion", "rapport contra expert"],
    "brief": ["brief", "Brief bewoner", "informatiebrief", "brief planning"],
    "mail": ["email", "RE verslag", "mail bewonersbegeleider", "FW stukken"],
    "scan": ["scan", "ingescand", "document"],
    "bundle": ["stukken", "bijlagen bewoner", "aangeleverde stukken"],
}
FOLDERS = {
    "opname": ["Rapporten", "01 Opname", "rapporten"], "beoordeling": ["Rapporten", "02 Beoordeling", "rapporten"],
    "berekening": ["Rapporten", "02 Beoordeling", "rapporten/berekeningen"], "besluit": ["Besluiten", "03 Besluit", "besluiten"], "versterkingsadvies": ["Rapporten", "04 Versterking"],
    "gesprek": ["Verslagen", "Correspondentie"], "zienswijze": ["Post", "Correspondentie", "ingekomen"],
    "hoorzitting": ["Bezwaar", "bezwaar"], "bezwaar": ["Bezwaar", "Post"], "advies": ["Bezwaar", "bezwaar"], "bob": ["Bezwaar", "Besluiten"],
    "contra": ["Bezwaar", "Ingekomen stukken"], "brief": ["Post", "Correspondentie", "uitgaand"],
    "mail": ["Post", "Correspondentie", "mail"], "scan": ["Post", "Scans"], "bundle": ["Ingekomen stukken", "Post"],
}  # fmt: skip
STYLES = ["folders", "numbered", "dated", "kenmerk", "flat", "lower"]
MISLEADING = ["bijlage besluit", "concept", "brief NCG", "document", "stukken definitief"]
WRONG_EXT = {"pdf": ["doc", "PDF", "docx"], "docx": ["doc", "pdf"], "jpg": ["png", "JPG"],
             "txt": ["doc", "msg.txt"], "html": ["htm", "txt"]}  # fmt: skip


class Namer:
    """Names the files of one dossier; remembers names so doc ids stay unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.style = rng.choice(STYLES)
        self.counter = 0
        self.used: set[str] = set()

    def name(self, kind: str, ext: str, day: dt.date | None, kenmerk: str | None = None) -> str:
        rng = self.rng
        self.counter += 1
        style = self.style if rng.random() < 0.75 else rng.choice(STYLES)
        label = rng.choice(LABELS[kind]) if rng.random() > 0.03 else rng.choice(MISLEADING)
        stem = self._stem(style, label, day, kenmerk)
        if rng.random() < 0.04 and ext in WRONG_EXT:
            ext = rng.choice(WRONG_EXT[ext])
        folder = (
            rng.choice(FOLDERS[kind]) + "/"
            if style == "folders" or (style == "numbered" and rng.random() < 0.3)
            else ""
        )
        return self._unique(f"{folder}{stem}.{ext}")

    def _stem(self, style: str, label: str, day: dt.date | None, kenmerk: str | None) -> str:
        if style == "numbered":
            return f"{self.counter:02d} {label}"
        if style == "dated" and day:
            return self.rng.choice(
                [
                    f"{day.isoformat()} {label}",
                    f"{day:%Y%m%d}_{label.replace(' ', '_')}",
                    f"{label} {day:%d-%m-%Y}",
                ]
            )
        if style == "kenmerk" and kenmerk:
            return kenmerk.replace("/", "-")
        if style == "lower":
            return label.lower().replace(" ", "_").replace("-", "_")
        return label

    def _unique(self, path: str) -> str:
        stem, dot, ext = path.rpartition(".")
        candidate, n = path, 1
        while candidate.lower() in self.used:
            n += 1
            candidate = f"{stem} ({n}).{ext}" if dot else f"{path} ({n})"
        self.used.add(candidate.lower())
        return candidate

    def scanner(self, ext: str, day: dt.date) -> str:
        """What a scanner or phone calls a file."""
        name = self.rng.choice([f"Scan_{self.rng.randrange(1, 400):04d}", f"IMG_{day:%Y%m%d}_{self.rng.randrange(800, 2300)}",
                                f"scan {day:%d-%m-%Y}", f"document ({self.rng.randrange(1, 9)})"])  # fmt: skip
        folder = self.rng.choice(["", "Scans/", "Post/"])
        return self._unique(f"{folder}{name}.{ext}")
