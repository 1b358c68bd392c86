"""The facts of one house and its dossier, drawn deterministically from a seed."""

import datetime as dt
import random
from dataclasses import dataclass, field

from ingest.sample.model import AddressTruth
from ingest.sample.vocab import (
    COUNTER_FIRMS,
    FIRMS,
    LAWYERS,
    OFFICERS,
    OPTIONAL,
    PEOPLE,
    PLACES,
    STREETS,
)

ERRORS = ["dimension", "material", "missing_component"]


@dataclass
class House:
    """What is true of the house; the first assessment may get some of it wrong."""

    address: AddressTruth
    components: list[str]  # optional components present (topgevel, schoorsteen, ...)
    wall: str  # binnenblad material
    floor: str  # begane-grondvloer material
    dims: dict[str, float]
    firm: str
    counter_firm: str
    lawyer: str
    officer: str
    resident: str
    verdict: str
    norm_year: str
    method: str
    inspection_date: dt.date
    errors: list[str] = field(default_factory=list)


def _postcode(rng: random.Random) -> str:
    letters = "ABCDEGHJKLMNPRSTVWXZ"
    return f"{rng.randrange(9700, 9999)} {rng.choice(letters)}{rng.choice(letters)}"


def _address(rng: random.Random) -> AddressTruth:
    toevoeging = rng.choice([None] * 8 + ["A", "B", "1", "2"])
    return AddressTruth(
        straat=rng.choice(STREETS),
        huisnummer=str(rng.randrange(1, 240)),
        toevoeging=toevoeging,
        postcode=_postcode(rng),
        woonplaats=rng.choice(PLACES),
        bag_id=f"{rng.choice(['0014', '0003', '0010', '1952'])}01{rng.randrange(10**9, 10**10)}",
    )


def _dims(rng: random.Random) -> dict[str, float]:
    goot = round(rng.uniform(2.6, 6.2), 1)
    return {
        "gevelbreedte": round(rng.uniform(5.0, 9.5), 1),
        "goothoogte": goot,
        "nokhoogte": round(goot + rng.uniform(2.5, 5.0), 1),
        "wanddikte": rng.choice([0.1, 0.12, 0.15, 0.214]),
        "verdiepingshoogte": rng.choice([2.6, 2.7, 2.8, 3.1]),
        "spouwbreedte": rng.choice([0.04, 0.05, 0.06, 0.08]),
        "vloerdikte": rng.choice([0.16, 0.2, 0.22, 0.25]),
        "overspanning": round(rng.uniform(3.2, 6.0), 1),
    }


def draw_house(rng: random.Random) -> House:
    year = rng.choice([2018, 2019, 2020, 2021, 2022, 2023])
    n_errors = rng.choices([0, 1, 2], weights=[6, 3, 1])[0]
    return House(
        address=_address(rng),
        components=sorted(rng.sample(OPTIONAL, rng.randrange(2, 5))),
        wall=rng.choice(["kalkzandsteen"] * 3 + ["baksteen"] * 2 + ["cellenbeton"]),
        floor=rng.choice(["beton", "beton", "hout"]),
        dims=_dims(rng),
        firm=rng.choice(FIRMS),
        counter_firm=rng.choice(COUNTER_FIRMS),
        lawyer=rng.choice(LAWYERS),
        officer=rng.choice(OFFICERS),
        resident=rng.choice(PEOPLE),
        verdict=rng.choice(["op_norm", "niet_op_norm", "niet_op_norm"]),
        norm_year=rng.choice(["2018", "2020", "2020", "2015"]),
        method=rng.choice(["NLTH", "NLPO", "NLTH"]),
        inspection_date=dt.date(year, rng.randrange(1, 13), rng.randrange(1, 29)),
        errors=sorted(rng.sample(ERRORS, n_errors)),
    )


def house_number(address: AddressTruth, rng: random.Random) -> str:
    """'12', '12a', '12-A', '12 A', '12-1' as letters and forms write it."""
    t = address.toevoeging
    if not t:
        return address.huisnummer
    if t.isdigit():
        return f"{address.huisnummer}-{t}"
    return address.huisnummer + rng.choice([t.lower(), f"-{t}", f" {t}", t])


def postcode_text(address: AddressTruth, rng: random.Random) -> str:
    return rng.choice([address.postcode] * 3 + [address.postcode.replace(" ", "")])


def address_line(address: AddressTruth, rng: random.Random) -> str:
    number = house_number(address, rng)
    place = address.woonplaats.upper() if rng.random() < 0.3 else address.woonplaats
    return f"{address.straat} {number}, {postcode_text(address, rng)} {place}"


def address_block(address: AddressTruth, rng: random.Random) -> str:
    """Two lines, as on an envelope."""
    return (
        f"{address.straat} {house_number(address, rng)}\n"
        f"{postcode_text(address, rng)}  {address.woonplaats.upper()}"
    )
