"""The facts of one house and its dossier, drawn deterministically from a seed."""

import datetime as dt
import random
from dataclasses import dataclass, field

from ingest.sample.model import AddressTruth

STREETS = ["Hoofdstraat", "Kerkstraat", "Molenweg", "Stationsweg", "Dorpsstraat", "Wierde",
           "Singel", "Oosterstraat", "Zuiderdiep", "Hereweg", "Badweg", "Meedenerweg",
           "Loppersumerweg", "Oude Rijksweg", "Van Heemstraweg", "Tjamsweersterweg"]  # fmt: skip
PLACES = ["Groningen", "Loppersum", "Appingedam", "Delfzijl", "Middelstum", "Winsum",
          "Ten Boer", "Zuidbroek", "Stedum", "Garrelsweer", "Uithuizen", "Bedum"]  # fmt: skip
FIRMS = ["Wijnia Constructieadvies", "Pieters Bouwtechniek", "Aveco de Bondt",
         "IMd Raadgevende Ingenieurs", "Noorderzijl Ingenieurs", "Hunze Constructies B.V.",
         "Arcadis", "Antea Group"]  # fmt: skip
COUNTER_FIRMS = ["Second Opinion Bouwadvies", "Bureau Damsterdiep Ingenieurs",
                 "Ommelander Bouwtechniek"]  # fmt: skip
OPTIONAL_COMPONENTS = ["topgevel", "schoorsteen", "borstwering", "aanbouw", "dakkapel",
                       "kelder", "erker", "kopgevel", "uitbouw", "serre"]  # fmt: skip
WALLS = ["kalkzandsteen", "baksteen"]
FLOORS = ["beton", "hout"]
PEOPLE = ["J. de Vries", "A. Bakker", "H. Smit", "M. Mulder", "G. Dijkstra", "P. Bos",
          "T. Hoekstra", "R. Visser", "E. Kramer", "W. Meijer"]  # fmt: skip
SYLLABLES = ["bor", "gel", "tik", "ster", "oog", "wal", "dam", "kwel", "zil", "mar", "hun",
             "del", "wier", "lop", "stee", "rin", "ter", "haar", "mun", "zee"]  # fmt: skip


@dataclass
class House:
    """What is true of the house; reports may get it wrong (discrepancies)."""

    address: AddressTruth
    components: list[str]
    wall: str
    floor: str
    gevelbreedte: float
    goothoogte: float
    nokhoogte: float
    wanddikte: float
    firm: str
    counter_firm: str
    resident: str
    verdict: str
    norm_year: str
    method: str
    inspection_date: dt.date
    error: str | None = None  # which discrepancy the assessment makes, if any
    terms: set[str] = field(default_factory=set)


def _postcode(rng: random.Random) -> str:
    letters = "ABCDEGHJKLMNPRSTVWXZ"
    return f"{rng.randrange(9700, 9999)} {rng.choice(letters)}{rng.choice(letters)}"


def draw_house(rng: random.Random) -> House:
    toevoeging = rng.choice([None] * 7 + ["A", "B", "a", "1"])
    address = AddressTruth(
        straat=rng.choice(STREETS),
        huisnummer=str(rng.randrange(1, 180)),
        toevoeging=toevoeging.upper() if toevoeging else None,
        postcode=_postcode(rng),
        woonplaats=rng.choice(PLACES),
        bag_id=f"00{rng.randrange(10**13, 10**14)}",
    )
    components = sorted(rng.sample(OPTIONAL_COMPONENTS, rng.randrange(2, 5)))
    year = rng.choice([2018, 2019, 2020, 2021, 2022])
    return House(
        address=address,
        components=["spouwmuur", *components],
        wall=rng.choice(WALLS),
        floor=rng.choice(FLOORS),
        gevelbreedte=round(rng.uniform(5.0, 9.5), 1),
        goothoogte=round(rng.uniform(2.6, 6.2), 1),
        nokhoogte=round(rng.uniform(7.0, 10.5), 1),
        wanddikte=rng.choice([0.1, 0.12, 0.15, 0.21, 0.3]),
        firm=rng.choice(FIRMS),
        counter_firm=rng.choice(COUNTER_FIRMS),
        resident=rng.choice(PEOPLE),
        verdict=rng.choice(["op_norm", "niet_op_norm", "niet_op_norm"]),
        norm_year=rng.choice(["2018", "2020", "2020"]),
        method=rng.choice(["NLTH", "NLPO"]),
        inspection_date=dt.date(year, rng.randrange(1, 13), rng.randrange(1, 28)),
        error=rng.choice([None, None, "dimension", "material", "missing_component"]),
    )


def term(rng: random.Random, used: set[str]) -> str:
    """An invented word found in exactly one file (for OCR-only and attachment-only search)."""
    while True:
        word = "".join(rng.choice(SYLLABLES) for _ in range(4))
        if word not in used:
            used.add(word)
            return word


def address_line(house: House) -> str:
    a = house.address
    number = a.huisnummer + (a.toevoeging.lower() if a.toevoeging and a.toevoeging.isalpha() else
                             (f"-{a.toevoeging}" if a.toevoeging else ""))  # fmt: skip
    return f"{a.straat} {number}, {a.postcode} {a.woonplaats}"
