"""Decisions and letters of the agency: besluit, beslissing op bezwaar, correspondence."""

import datetime as dt

from ingest.sample.builder import FOOTERS, Builder
from ingest.sample.context import Context
from ingest.sample.houses import address_block, address_line
from ingest.sample.model import SampleDoc
from ingest.sample.phrasing import DECISION, OBJECTION_DECISION, fmt_date

NCG = ["Nationaal Coördinator Groningen\nPostbus 3006\n9701 DA Groningen",
       "NCG | Nationaal Coördinator Groningen\nGrote Markt 1, 9711 LV Groningen",
       "Nationaal Coordinator Groningen\nAfdeling Besluitvorming\nPostbus 3006, 9701 DA Groningen"]  # fmt: skip
SALUTATIONS = ["Geachte heer/mevrouw,", "Geachte bewoner,", "Geachte {name},", "Beste {name},"]
CLOSINGS = ["Met vriendelijke groet,", "Hoogachtend,", "Met vriendelijke groeten,"]


def letter_head(ctx: Context, b: Builder, day: dt.date, kenmerk: str | None, subject: str) -> None:
    """Agency letterhead, the resident's address, date, kenmerk and subject in one of several layouts."""
    house, rng = ctx.house, ctx.rng
    b.para(rng.choice(NCG))
    b.para(f"De heer/mevrouw {house.resident}\n{address_block(house.address, rng)}")
    lines = [
        f"{rng.choice(['Datum', 'Datum:', 'Groningen,'])} {fmt_date(day, rng)}".replace("::", ":")
    ]
    if kenmerk:
        lines.append(f"{rng.choice(['Ons kenmerk', 'Kenmerk', 'Zaaknummer'])}: {kenmerk}")
    lines.append(f"{rng.choice(['Onderwerp', 'Betreft'])}: {subject}")
    if rng.random() < 0.5:
        lines.reverse()
    b.para("\n".join(lines))
    b.para(rng.choice(SALUTATIONS).format(name=house.resident))


def sign(ctx: Context, b: Builder, who: str) -> None:
    b.para(f"{ctx.rng.choice(CLOSINGS)}\n\n{ctx.house.officer}\n{who}")


def decision(ctx: Context, explicit: bool, revised: bool = False) -> SampleDoc:
    """Besluit on the safety verdict, citing the assessment by kenmerk or only by date.

    A revised decision follows a corrected assessment and cites its new date.
    """
    house, rng = ctx.house, ctx.rng
    key, basis_key = ("besluit2", "beoordeling2") if revised else ("besluit", "beoordeling")
    day = ctx.date(key, basis_key, (20, 90))
    kenmerk = ctx.kenmerk(key, "ncg")
    b = Builder(rng)
    title = rng.choice(["Besluit versterking", "Besluit veiligheidsoordeel", "Besluit",
                        "Besluit over de veiligheid van uw woning"])  # fmt: skip
    if revised:
        title = rng.choice(["Herzien besluit", "Nieuw besluit na herziene beoordeling"])
    letter_head(ctx, b, day, kenmerk, title)
    if revised:
        b.para(f"Dit besluit vervangt ons besluit met kenmerk {b.ref(ctx.kenmerken['besluit'])}. "
               "Het ingenieursbureau heeft het beoordelingsrapport gecorrigeerd.")  # fmt: skip
    ref_day = fmt_date(ctx.dates[basis_key], rng)
    basis = (f"het beoordelingsrapport met kenmerk {b.ref(ctx.kenmerken['beoordeling'])} van {ref_day}"
             if explicit else rng.choice([f"de beoordeling van {ref_day}", f"het rapport van {house.firm} van {ref_day}"]))  # fmt: skip
    b.para(f"Uw woning op het adres {address_line(house.address, rng)} is beoordeeld volgens NPR 9998. "
           f"Wij baseren ons besluit op {basis}.")  # fmt: skip
    b.para(rng.choice(DECISION[house.verdict]))
    if rng.random() < 0.5:
        b.page()
        b.para("Toelichting\nHet ingenieursbureau heeft de woning doorgerekend. In de bijlage vindt u "
               "een samenvatting van de uitgangspunten.")  # fmt: skip
    b.para("Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de datum van "
           "dit besluit bezwaar maken.")  # fmt: skip
    sign(ctx, b, "Nationaal Coördinator Groningen")
    pages, layout = b.framed(None, rng.choice(FOOTERS) if len(b.texts()) > 1 else None)
    truth = ctx.truth("besluit", b, document_date=day.isoformat(), kenmerk=kenmerk,
                      verdict=house.verdict, norm="NPR 9998", pages=len(pages))  # fmt: skip
    return SampleDoc(truth=truth, pages=pages, title=title, layout=layout)


def objection_decision(ctx: Context, verdict: str, explicit: bool) -> SampleDoc:
    house, rng = ctx.house, ctx.rng
    day = ctx.date("bob", "advies", (10, 40))
    kenmerk = ctx.kenmerk("bob", "ncg")
    b = Builder(rng)
    title = rng.choice(
        ["Beslissing op bezwaar", "Besluit op uw bezwaarschrift", "Beslissing op uw bezwaar"]
    )
    letter_head(ctx, b, day, kenmerk, title)
    basis = (f"het beoordelingsrapport met kenmerk {b.ref(ctx.kenmerken['beoordeling'])}"
             if explicit else "de beoordeling van uw woning")  # fmt: skip
    b.para(f"Op {fmt_date(ctx.dates['bezwaar'], rng)} ontvingen wij uw bezwaar tegen ons besluit met kenmerk "
           f"{b.ref(ctx.kenmerken['besluit'])}. Wij hebben uw bezwaar heroverwogen, mede op basis van {basis} "
           f"en het advies van de bezwaarcommissie met kenmerk {b.ref(ctx.kenmerken['advies'])}.")  # fmt: skip
    outcome = "gegrond" if verdict != house.verdict else "ongegrond"
    b.page()
    b.para(
        f"Beslissing\nWij verklaren uw bezwaar {outcome}. {rng.choice(OBJECTION_DECISION[verdict])}"
    )
    b.para(
        "Tegen deze beslissing kunt u binnen zes weken beroep instellen bij de rechtbank Noord-Nederland."
    )
    sign(ctx, b, "namens deze, de Nationaal Coördinator Groningen")
    pages, layout = b.framed(None, rng.choice(FOOTERS))
    truth = ctx.truth("beslissing_op_bezwaar", b, document_date=day.isoformat(), kenmerk=kenmerk,
                      verdict=verdict, norm=None, pages=len(pages))  # fmt: skip
    return SampleDoc(truth=truth, pages=pages, title=title, layout=layout)


def cover_letter(ctx: Context, subject: str, dated: bool, key: str) -> SampleDoc:
    """A short letter or e-mail body: correspondentie, no verdict, no fields beyond its date."""
    house, rng = ctx.house, ctx.rng
    day = ctx.date(key, "opname", (1, 400))
    b = Builder(rng)
    if dated:
        b.para(f"{rng.choice(['Datum:', 'Groningen,', 'Verzonden:'])} {fmt_date(day, rng)}")
    b.para(rng.choice(SALUTATIONS).format(name=house.resident))
    b.para(rng.choice([
        f"Hierbij ontvangt u {subject}. Heeft u vragen? Bel dan met uw bewonersbegeleider.",
        f"Zoals besproken stuur ik u {subject}. Laat u mij weten of alles duidelijk is?",
        f"In de bijlage vindt u {subject}. Wij beoordelen of uw woning aan de veiligheidsnorm voldoet en laten u dat zo snel mogelijk weten.",
    ]))  # fmt: skip
    b.para(f"{rng.choice(CLOSINGS)}\n{house.officer}\nbewonersbegeleider NCG")
    truth = ctx.truth("correspondentie", b, document_date=day.isoformat() if dated else None,
                      postcode=None, huisnummer=None, toevoeging=None, pages=1)  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title=subject)
