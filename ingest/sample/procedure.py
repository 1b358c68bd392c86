"""The resident's side and the objection procedure: zienswijze, gesprek, bezwaar, hoorzitting, advies."""

from ingest.sample.builder import Builder
from ingest.sample.context import Context
from ingest.sample.houses import address_line
from ingest.sample.model import SampleDoc
from ingest.sample.phrasing import COMMITTEE, QUOTE, QUOTE_LAWYER, fmt_date


def response(ctx: Context) -> SampleDoc:
    """Zienswijze on the intended decision: quotes its verdict but states none of its own."""
    house, rng = ctx.house, ctx.rng
    day = ctx.date("zienswijze", "beoordeling", (10, 30))
    b = Builder(rng)
    b.para(f"{house.resident}\n{address_line(house.address, rng)}")
    b.para(f"{house.address.woonplaats}, {fmt_date(day, rng)}\n\n"
           + rng.choice(["Betreft: zienswijze op het voorgenomen besluit", "Onderwerp: mijn reactie op het rapport",
                         "Zienswijze"]))  # fmt: skip
    b.para(rng.choice(["Geachte heer, mevrouw,", "Beste mensen van de NCG,", "Geachte NCG,"]))
    b.para(rng.choice(QUOTE[house.verdict]))
    comp = rng.choice(house.components)
    b.para(rng.choice([
        f"Volgens mij is de {b.comp(comp)} anders opgebouwd dan in het rapport staat.",
        f"Niemand heeft naar de {b.comp(comp)} gekeken, terwijl daar al jaren scheuren in zitten.",
        f"Ik maak mij zorgen over de {b.comp(comp)} boven de slaapkamer van de kinderen.",
    ]))  # fmt: skip
    b.para("Met vriendelijke groet,\n" + house.resident)
    truth = ctx.truth("zienswijze", b, document_date=day.isoformat(), pages=1)
    return SampleDoc(truth=truth, pages=b.texts(), title="zienswijze")


def conversation(ctx: Context) -> SampleDoc:
    """Gespreksverslag (keukentafelgesprek): questions about the house, no verdict."""
    house, rng = ctx.house, ctx.rng
    day = ctx.date("gesprek", "beoordeling", (5, 40))
    b = Builder(rng)
    title = rng.choice(
        [
            "Gespreksverslag keukentafelgesprek",
            "Verslag van het gesprek",
            "Verslag keukentafelgesprek",
        ]
    )
    b.para(f"{title}\n{rng.choice(['Datum', 'Datum gesprek'])}: {fmt_date(day, rng)}\n"
           f"Aanwezig: {house.resident} (bewoner), {house.officer} (bewonersbegeleider)")  # fmt: skip
    comp = rng.choice(house.components)
    b.para(
        f"1. De bewoner vraagt wat er met de {b.comp(comp)} gebeurt en of de woning wel veilig is."
    )
    b.para("2. De begeleider legt de procedure uit: eerst de beoordeling, dan het besluit, daarna "
           "eventueel bezwaar.")  # fmt: skip
    b.para(
        f"3. Afspraak: de bewoner ontvangt binnen {rng.choice(['twee', 'drie', 'vier'])} weken een schriftelijke reactie."
    )
    truth = ctx.truth("gespreksverslag", b, document_date=day.isoformat(), postcode=None,
                      huisnummer=None, toevoeging=None, pages=1)  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title=title)


def objection(ctx: Context, planted: bool) -> SampleDoc:
    """Bezwaarschrift by the lawyer: disputes the decision, states no verdict of its own."""
    house, rng = ctx.house, ctx.rng
    day = ctx.date("bezwaar", "besluit", (10, 40))
    b = Builder(rng)
    b.para(f"{house.lawyer}, advocaat\nnamens {house.resident}\n{address_line(house.address, rng)}")
    b.para(f"Groningen, {fmt_date(day, rng)}\nUw kenmerk: {b.ref(ctx.kenmerken['besluit'])}")
    b.para(rng.choice(["Bezwaarschrift", "BEZWAARSCHRIFT", "Betreft: bezwaar tegen besluit"]))
    b.para(
        f"Namens mijn cliënt maak ik bezwaar tegen uw besluit. {rng.choice(QUOTE_LAWYER[house.verdict])}"
    )
    comp = house.components[0]
    b.para(rng.choice([
        f"De {b.comp(comp)} is niet correct beoordeeld.",
        f"Ten onrechte is de {b.comp(comp)} buiten beschouwing gelaten.",
        f"Cliënt wijst erop dat de {b.comp(comp)} in slechte staat verkeert.",
    ]))  # fmt: skip
    if planted:
        b.para(f"Ik verwijs naar de aantekening {b.term(ctx.term())} in het dossier.")
    b.para(f"Ik verzoek u het besluit te herroepen en mij te horen.\n\n{house.lawyer}")
    truth = ctx.truth("bezwaar", b, document_date=day.isoformat(), pages=1)
    return SampleDoc(truth=truth, pages=b.texts(), title="bezwaarschrift")


def hearing(ctx: Context) -> SampleDoc:
    house, rng = ctx.house, ctx.rng
    day = ctx.date("hoorzitting", "bezwaar", (20, 60))
    kenmerk = ctx.kenmerk("hoorzitting", "bc")
    b = Builder(rng)
    b.para(f"Verslag hoorzitting\nDatum: {fmt_date(day, rng)}\nKenmerk: {kenmerk}")
    b.para(f"Aanwezig: {house.resident}, {house.lawyer} (gemachtigde), de bezwaarcommissie en "
           f"{house.officer} namens de NCG.")  # fmt: skip
    b.para("De gemachtigde licht het bezwaar toe en stelt dat de woning anders is gebouwd dan in "
           "de beoordeling is aangenomen. De commissie stelt vragen over de opname.")  # fmt: skip
    if rng.random() < 0.5:
        b.para(f"De bewoner vertelt over de {b.comp(rng.choice(house.components))}.")
    b.para("De voorzitter sluit de zitting. De commissie brengt schriftelijk advies uit.")
    truth = ctx.truth("hoorzitting", b, document_date=day.isoformat(), kenmerk=kenmerk,
                      postcode=None, huisnummer=None, toevoeging=None, pages=1)  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title="hoorzitting")


def committee_advice(ctx: Context, verdict: str) -> SampleDoc:
    """Advice of the objection committee; some only advise on the objection, stating no verdict."""
    house, rng = ctx.house, ctx.rng
    day = ctx.date("advies", "hoorzitting", (10, 40))
    kenmerk = ctx.kenmerk("advies", "bc")
    b = Builder(rng)
    b.para(f"Advies van de bezwaarcommissie\nKenmerk: {kenmerk}\nDatum: {fmt_date(day, rng)}")
    b.para(f"Betreft het bezwaar van {house.resident}, {address_line(house.address, rng)}.")
    outcome = "gegrond" if verdict != house.verdict else "ongegrond"
    states = rng.random() < 0.7
    if states:
        b.para(rng.choice(COMMITTEE[verdict]))
    b.para(f"De commissie adviseert het bezwaar {outcome} te verklaren"
           + ("." if states or outcome == "ongegrond" else " en een nieuwe beoordeling te laten uitvoeren."))  # fmt: skip
    truth = ctx.truth("advies_bezwaarcommissie", b, document_date=day.isoformat(),
                      kenmerk=kenmerk, verdict=verdict if states else None, pages=1)  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title="advies bezwaarcommissie")
