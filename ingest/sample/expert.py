"""Calculation reports and counter-expert reports."""

from ingest.sample.builder import FOOTERS, Builder
from ingest.sample.context import Context
from ingest.sample.houses import address_line
from ingest.sample.model import SampleDoc
from ingest.sample.phrasing import REPORT, fmt_date
from ingest.sample.reports import WRONG_WALL


def _unity_table(b: Builder, ctx: Context, rows: int) -> None:
    """Unity checks per wall; an element that fails is not a verdict on the house."""
    rng = ctx.rng
    lines = []
    for i in range(1, rows + 1):
        uc = rng.choice([0.42, 0.64, 0.71, 0.82, 0.93, 1.07, 1.18])
        note = "" if uc < 1 or rng.random() < 0.5 else "  (element voldoet niet)"
        lines.append(f"W{i}   UC = {uc:.2f}".replace(".", ",") + note)
    b.para(f"Tabel {rng.randrange(1, 5)}: unity checks per {b.comp('wand')}\n" + "\n".join(lines))


def calculation(ctx: Context) -> SampleDoc:
    """Berekening: model input and unity checks; states no verdict on the house."""
    house, rng = ctx.house, ctx.rng
    day = ctx.date("berekening", "beoordeling", (-20, 5))
    kenmerk = ctx.kenmerk("berekening", "firm")
    b = Builder(rng)
    named = rng.random() < 0.6
    title = (
        rng.choice([f"{house.method}-berekening", f"Rekenrapport {house.method}"])
        if named
        else rng.choice(["Rekenrapport", "Berekening"])
    )
    b.para(f"{house.firm}\n{title}\n{address_line(house.address, rng)}\nKenmerk: {kenmerk}\n"
           f"Datum: {fmt_date(day, rng)}")  # fmt: skip
    b.para(f"Deze berekening hoort bij het beoordelingsrapport met kenmerk {b.ref(ctx.kenmerken['beoordeling'])}. "
           f"Het rekenmodel volgt NPR 9998:{house.norm_year}.")  # fmt: skip
    b.page()
    b.para(f"Invoer\nOverspanning {b.measure('overspanning', house.dims['overspanning'])}, "
           f"vloerdikte {b.measure('vloerdikte', house.dims['vloerdikte'])}.")  # fmt: skip
    _unity_table(b, ctx, rng.randrange(3, 7))
    b.page()
    b.para("Resultaten per belastingsgeval\n" + "\n".join(
        f"Record {i}: maximale verplaatsing {rng.randrange(4, 30)} mm" for i in range(1, rng.randrange(4, 9))))  # fmt: skip
    pages, layout = b.framed(None, rng.choice(FOOTERS))
    layout.font = rng.choice(["Courier", "Helvetica"])
    truth = ctx.truth("berekening", b, document_date=day.isoformat(), kenmerk=kenmerk,
                      firm=house.firm, norm=f"NPR 9998:{house.norm_year}",
                      method=house.method if named else None, pages=len(pages))  # fmt: skip
    return SampleDoc(truth=truth, pages=pages, title=title, layout=layout)


def _findings(ctx: Context, b: Builder) -> None:
    """What the counter-expert found wrong in the assessment: both values named."""
    house, rng = ctx.house, ctx.rng
    if "dimension" in house.errors:
        real = house.dims["gevelbreedte"]
        b.para(f"In het beoordelingsrapport is een gevelbreedte van {b.measure('gevelbreedte', real + 0.4)} "
               f"aangehouden, terwijl de opname een gevelbreedte van {b.measure('gevelbreedte', real)} vermeldt.")  # fmt: skip
    if "material" in house.errors:
        b.para(
            f"Het binnenblad is gerekend als {b.mat(WRONG_WALL[house.wall])}, maar is in werkelijkheid {b.mat(house.wall)}."
        )
    if "missing_component" in house.errors:
        b.para(f"De {b.comp(house.components[0])} ontbreekt in het rekenmodel.")
    if not house.errors:
        b.para(
            f"De aannames over de {b.comp(rng.choice(house.components))} zijn naar ons oordeel te gunstig."
        )


def counter_expertise(ctx: Context) -> SampleDoc:
    house, rng = ctx.house, ctx.rng
    day = ctx.date("contra", "bezwaar", (5, 30))
    kenmerk = ctx.kenmerk("contra", "ce")
    b = Builder(rng)
    title = rng.choice(
        ["Contra-expertise", "Second opinion constructieve veiligheid", "Rapport contra-expertise"]
    )
    b.para(f"{house.counter_firm}\n{title}\n{address_line(house.address, rng)}")
    b.para(
        f"Datum: {fmt_date(day, rng)}\nOns kenmerk: {kenmerk}\nIn opdracht van: {house.resident}"
    )
    b.page()
    b.para(f"1. Opdracht\nIn opdracht van de bewoner is het beoordelingsrapport {b.ref(ctx.kenmerken['beoordeling'])} "
           f"getoetst aan NPR 9998:{house.norm_year}.")  # fmt: skip
    b.para("2. Bevindingen")
    _findings(ctx, b)
    b.page()
    verdict = "niet_op_norm"
    b.para("3. Conclusie\n" + rng.choice(REPORT[verdict]).format(h="de woning", H="De woning"))
    pages, layout = b.framed(
        rng.choice([None, f"{house.counter_firm} - {kenmerk}"]), rng.choice(FOOTERS)
    )
    truth = ctx.truth("contra_expertise", b, document_date=day.isoformat(), kenmerk=kenmerk,
                      firm=house.counter_firm, norm=f"NPR 9998:{house.norm_year}", verdict=verdict,
                      pages=len(pages))  # fmt: skip
    return SampleDoc(truth=truth, pages=pages, title=title, layout=layout)


MEASURES_BY_COMPONENT = {
    "topgevel": "de {c} wordt met {m} strips aan de kap verankerd",
    "schoorsteen": "de {c} wordt tot onder het dakvlak verwijderd of met {m} beugels geschoord",
    "borstwering": "de {c} wordt met {m} ankers gezekerd",
    "kopgevel": "de {c} krijgt een {m} windverband",
    "dakkapel": "de {c} wordt met {m} hoekverbindingen gekoppeld",
}


def reinforcement_advice(ctx: Context) -> SampleDoc:
    """Versterkingsadvies for a house that does not meet the norm: measures, no verdict sentence."""
    house, rng = ctx.house, ctx.rng
    day = ctx.date("advies-versterking", "besluit", (-15, 10))
    kenmerk = ctx.kenmerk("versterkingsadvies", "firm")
    b = Builder(rng)
    title = rng.choice(
        [
            "Versterkingsadvies",
            "Advies versterkingsmaatregelen",
            "Versterkingsontwerp op hoofdlijnen",
        ]
    )
    b.para(
        f"{house.firm}\n{title}\n{address_line(house.address, rng)}\nKenmerk: {kenmerk}\nDatum: {fmt_date(day, rng)}"
    )
    b.para(
        f"Dit advies volgt op het beoordelingsrapport met kenmerk {b.ref(ctx.kenmerken['beoordeling'])}."
    )
    b.page()
    b.para("Maatregelen")
    for comp in [c for c in house.components if c in MEASURES_BY_COMPONENT] or ["vloer"]:
        template = MEASURES_BY_COMPONENT.get(comp, "de {c} wordt met {m} profielen extra gekoppeld")
        line = template.format(c=b.comp(comp), m=b.mat("staal", adjective=True))
        b.para("- " + line[0].upper() + line[1:] + ".")
    pages, layout = b.framed(None, rng.choice(FOOTERS))
    truth = ctx.truth("versterkingsadvies", b, document_date=day.isoformat(), kenmerk=kenmerk,
                      firm=house.firm, pages=len(pages))  # fmt: skip
    return SampleDoc(truth=truth, pages=pages, title=title, layout=layout)
