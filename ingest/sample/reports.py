"""Inspection and assessment reports: multi-page, with running headers and varied wording."""

import datetime as dt
import random
from collections.abc import Callable

from ingest.sample.builder import FOOTERS, Builder
from ingest.sample.context import Context
from ingest.sample.houses import House, address_line
from ingest.sample.model import Layout, SampleDoc
from ingest.sample.phrasing import INTRO, METHOD, NO_VERDICT, REPORT, RESULT, fmt_date

HOUSE_TYPES = ["vrijstaande woning", "twee-onder-een-kapwoning", "rijwoning (hoekwoning)",
               "rijwoning (tussenwoning)", "boerderij met woongedeelte", "jaren-dertigwoning"]  # fmt: skip
WRONG_WALL = {
    "kalkzandsteen": "baksteen",
    "baksteen": "kalkzandsteen",
    "cellenbeton": "kalkzandsteen",
}
SCAN_NOTES = ["scheurvorming gezien bij de", "vochtplek naast de", "bewoner wijst op de",
              "foto genomen van de"]  # fmt: skip


def _frame(ctx: Context, b: Builder, title: str, kenmerk: str) -> tuple[list[str], Layout]:
    rng = ctx.rng
    header = rng.choice([
        f"{ctx.house.firm} | {title} | {kenmerk}",
        f"{title} - {ctx.house.address.straat} {ctx.house.address.huisnummer}",
        f"{ctx.house.firm}\n{kenmerk}",
        None,
    ])  # fmt: skip
    pages, layout = b.framed(header, rng.choice(FOOTERS))
    layout.font = rng.choice(["Helvetica", "Times", "Helvetica", "Courier"])
    layout.size = rng.choice([10.0, 10.5, 11.0])
    return pages, layout


def _title_page(ctx: Context, b: Builder, title: str, day: dt.date, kenmerk: str) -> None:
    house, rng = ctx.house, ctx.rng
    b.para(f"{house.firm.upper() if rng.random() < 0.3 else house.firm}\n\n{title}")
    b.para(f"Object: {address_line(house.address, rng)}\nBAG-id: {house.address.bag_id}\n"
           "Opdrachtgever: Nationaal Coördinator Groningen")  # fmt: skip
    label = rng.choice(["Kenmerk", "Rapportnummer", "Ons kenmerk", "Projectnummer"])
    date_label = rng.choice(["Datum", "Datum rapport", "Rapportdatum", "Datum:"]).rstrip(":")
    b.para(f"{label}: {kenmerk}\n{date_label}: {fmt_date(day, rng)}\nStatus: definitief")
    b.page()


def _dimensions(ctx: Context, b: Builder, names: list[str], dims: dict[str, float]) -> None:
    rng = ctx.rng
    if rng.random() < 0.5:
        rows = [f"{n.capitalize()}: {b.measure(n, dims[n])}" for n in names]
        b.para("Maatvoering\n" + "\n".join(rows))
        return
    for name in names:
        b.para(rng.choice([
            f"De {name} bedraagt {b.measure(name, dims[name])}.",
            f"Er is een {name} van {b.measure(name, dims[name])} gemeten.",
            f"De {name} is {b.measure(name, dims[name])}.",
        ]))  # fmt: skip


def _walls(ctx: Context, b: Builder, wall: str) -> None:
    """The load-bearing walls; each wording registers only the words it uses."""
    options: list[Callable[[], str]] = [
        lambda: (
            f"De dragende constructie bestaat uit een {b.comp('spouwmuur')} met een binnenblad van {b.mat(wall)}."
        ),
        lambda: (
            f"Het binnenblad van de {b.comp('spouwmuur', plural=True)} is opgetrokken in {b.mat(wall)}; het buitenblad is van {b.mat('baksteen')}."
        ),
        lambda: (
            f"Dragende {b.comp('wand', plural=True)}: {b.comp('spouwmuur', plural=True)}, binnenblad {b.mat(wall)}."
        ),
    ]
    b.para(ctx.rng.choice(options)())


def _floor(ctx: Context, b: Builder, floor: str) -> None:
    b.para(ctx.rng.choice([
        f"De {b.comp('vloer')} van de begane grond is {b.mat(floor, adjective=True)}.",
        f"Begane grond: {b.mat(floor, adjective=True)} {b.comp('vloer')}.",
        f"De {b.comp('vloer', plural=True)} zijn uitgevoerd in {b.mat(floor)}.",
    ]))  # fmt: skip


def _components_found(ctx: Context, b: Builder, comps: list[str]) -> None:
    rng = ctx.rng
    for comp in comps:
        b.para(rng.choice([
            f"Er is een {b.comp(comp)} aanwezig.",
            f"Ter plaatse is een {b.comp(comp)} aangetroffen.",
            f"De woning heeft een {b.comp(comp)}.",
            f"Aanwezig: {b.comp(comp)}.",
        ]))  # fmt: skip
    if "schoorsteen" in comps and rng.random() < 0.5:
        b.para(f"De {b.comp('schoorsteen')} is gemetseld in {b.mat('baksteen')}.")


def _scan_page(ctx: Context, b: Builder) -> None:
    """A handwritten-notes page that will be rendered as an image: its term only here."""
    comp = ctx.rng.choice(ctx.house.components)
    note = ctx.rng.choice(SCAN_NOTES)
    b.page()
    b.para(
        f"Aantekeningen opnemer\n\n{note} {b.comp(comp)}\nkenwoord {b.term(ctx.term())}\nparaaf akkoord"
    )


def inspection(ctx: Context, scanned: bool) -> SampleDoc:
    """Opname: what was found at the house (always right; the assessment may not be)."""
    house, rng = ctx.house, ctx.rng
    visit = ctx.date("bezoek", None, (0, 1))
    day = ctx.date("opname", "bezoek", (3, 25))
    kenmerk = ctx.kenmerk("opname", "firm")
    b = Builder(rng)
    title = rng.choice(["Opnamerapport", "Rapport bouwkundige opname", "Inspectierapport woning",
                        "Opname bestaande toestand"])  # fmt: skip
    _title_page(ctx, b, title, day, kenmerk)
    b.para(f"1. Inleiding\nIn opdracht van de NCG is de woning ({rng.choice(HOUSE_TYPES)}) "
           f"bezocht op {fmt_date(visit, rng)}. {rng.choice(NO_VERDICT)}")  # fmt: skip
    b.para(
        f"Bij het bezoek was de bewoner, {house.resident}, aanwezig. "
        + " ".join(rng.sample(INTRO, 2)).format(year=rng.randrange(1905, 1985))
    )
    b.page()
    b.para("2. Opbouw van de woning")
    _walls(ctx, b, house.wall)
    _dimensions(ctx, b, rng.sample(["gevelbreedte", "goothoogte", "nokhoogte", "wanddikte",
                                    "verdiepingshoogte", "spouwbreedte"], rng.randrange(3, 6)), house.dims)  # fmt: skip
    b.page()
    b.para(rng.choice(["3. Aangetroffen bouwdelen", "3. Bouwdelen", "3. Bevindingen"]))
    _components_found(ctx, b, house.components)
    _floor(ctx, b, house.floor)
    if rng.random() < 0.5:
        b.page()
        b.para("4. Foto's\nFoto 1: overzicht straatzijde\nFoto 2: overzicht achterzijde\n"
               "Foto 3: detail aansluiting\nDe foto's zijn opgenomen in het digitale dossier.")  # fmt: skip
    if scanned:
        _scan_page(ctx, b)
    pages, layout = _frame(ctx, b, title, kenmerk)
    scanned_pages = [len(pages)] if scanned else []
    truth = ctx.truth("opname", b, document_date=day.isoformat(), kenmerk=kenmerk,
                      firm=house.firm, pages=len(pages), scanned_pages=scanned_pages)  # fmt: skip
    return SampleDoc(truth=truth, pages=pages, title=title, layout=layout)


def _as_assessed(house: House, version: int) -> tuple[str, dict[str, float], list[str]]:
    """Wall material, dimensions and components as the assessment of this version states them."""
    errors = house.errors if version == 1 else []
    wall = WRONG_WALL[house.wall] if "material" in errors else house.wall
    dims = dict(house.dims)
    if "dimension" in errors:
        dims["gevelbreedte"] = round(dims["gevelbreedte"] + 0.4, 1)
    comps = house.components[1:] if "missing_component" in errors else list(house.components)
    return wall, dims, comps


def _method(house: House, rng: random.Random) -> str:
    norm = f"NPR 9998:{house.norm_year}"
    text = {"NLTH": rng.choice(["een niet-lineaire tijdsdomeinanalyse (NLTH)", "NLTH-berekeningen"]),
            "NLPO": rng.choice(["een niet-lineaire pushover-analyse (NLPO)", "de NLPO-methode"])}[house.method]  # fmt: skip
    return f"De woning is beoordeeld volgens {norm} met {text}."


def assessment(ctx: Context, version: int = 1) -> SampleDoc:
    """Beoordeling against NPR 9998; version 1 may contradict the inspection."""
    house, rng = ctx.house, ctx.rng
    day = ctx.date("beoordeling" if version == 1 else "beoordeling2",
                   "opname" if version == 1 else "besluit", (30, 120))  # fmt: skip
    kenmerk = ctx.kenmerken.get("beoordeling") or ctx.kenmerk("beoordeling", "firm")
    b = Builder(rng)
    title = rng.choice(["Beoordelingsrapport", "Constructieve beoordeling",
                        "Rapport beoordeling NPR 9998", "Beoordeling aardbevingsbestendigheid"])  # fmt: skip
    if version > 1:
        title += rng.choice([" (herziene versie)", " - versie 2", " (gecorrigeerd)"])
    _title_page(ctx, b, title, day, kenmerk)
    house_word = rng.choice(["de woning", "het gebouw", "het pand"])
    conclusion = rng.choice(REPORT[house.verdict]).format(h=house_word, H=house_word.capitalize())
    if rng.random() < 0.4:
        b.para(f"Samenvatting\n{conclusion}")
    b.para(f"1. Uitgangspunten\n{_method(house, rng)} Basis is de opname met kenmerk "
           f"{b.ref(ctx.kenmerken['opname'])} van {fmt_date(ctx.dates['opname'], rng)}. "
           f"Gevolgklasse CC1b; de piekgrondversnelling bedraagt {rng.choice(['0,18', '0,24', '0,31'])} g.")  # fmt: skip
    b.para(" ".join(rng.sample(METHOD, rng.randrange(2, 4))))
    if version > 1:
        b.para("Deze versie vervangt de eerdere versie van dit rapport. Onjuistheden in de "
               "invoer ten opzichte van de opname zijn hersteld.")  # fmt: skip
    b.page()
    wall, dims, comps = _as_assessed(house, version)
    b.para("2. Geometrie en materialen")
    _walls(ctx, b, wall)
    _dimensions(
        ctx, b, ["gevelbreedte", "goothoogte", rng.choice(["nokhoogte", "wanddikte"])], dims
    )
    _floor(ctx, b, house.floor)
    b.page()
    b.para("3. Rekenmodel")
    for comp in comps:
        b.para(rng.choice([f"De {b.comp(comp)} is in het rekenmodel meegenomen.",
                           f"In het model is de {b.comp(comp)} opgenomen als aparte massa.",
                           f"{b.comp(comp).capitalize()}: gemodelleerd, zie bijlage B."]))  # fmt: skip
    b.page()
    b.para(f"4. Resultaten\n{' '.join(rng.sample(RESULT, 2))} {conclusion}")
    if house.verdict == "niet_op_norm" and rng.random() < 0.6:
        comp = rng.choice(comps)
        b.para(f"5. Versterkingsadvies op hoofdlijnen\nVoorgesteld wordt de {b.comp(comp)} te verankeren "
               "en de aansluitingen te verbeteren.")  # fmt: skip
    _appendices(ctx, b, wall)
    pages, layout = _frame(ctx, b, title, kenmerk)
    truth = ctx.truth("beoordeling", b, document_date=day.isoformat(), kenmerk=kenmerk,
                      firm=house.firm, norm=f"NPR 9998:{house.norm_year}", method=house.method,
                      verdict=house.verdict, pages=len(pages), version=version)  # fmt: skip
    return SampleDoc(truth=truth, pages=pages, title=title, layout=layout)


def _appendices(ctx: Context, b: Builder, wall: str) -> None:
    """Zero to three appendix pages: results per record, material parameters, drawings."""
    rng = ctx.rng
    if rng.random() < 0.6:
        b.page()
        rows = [f"Record {i:2d}   PGA {rng.uniform(0.1, 0.4):.2f} g   drift {rng.uniform(0.1, 0.9):.2f} %".replace(".", ",")
                for i in range(1, rng.randrange(6, 12))]  # fmt: skip
        b.para("Bijlage A - Rekenresultaten per grondbewegingssignaal\n" + "\n".join(rows))
    if rng.random() < 0.5:
        b.page()
        b.para(f"Bijlage B - Materiaalparameters\n{b.mat(wall).capitalize()}: E = {rng.choice([2400, 3200, 4500])} N/mm2, "
               f"fm = {rng.choice(['4,5', '5,5', '7,0'])} N/mm2\nMortel: sterkteklasse M5")  # fmt: skip
    if rng.random() < 0.3:
        b.page()
        b.para(
            "Bijlage C - Tekeningen\nDe plattegronden en doorsneden zijn als afzonderlijke bestanden aangeleverd."
        )
