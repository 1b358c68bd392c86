"""The documents of one dossier, in the varied wording and layout of real case files."""

import datetime as dt
import random
from dataclasses import dataclass, field

from ingest.sample.builder import Builder, fmt_date
from ingest.sample.houses import House, address_line, term
from ingest.sample.model import FileTruth, SampleDoc

NEG = [
    "Conclusie: de woning voldoet niet aan de veiligheidsnorm.",
    "Op grond van de berekeningen voldoet de woning niet aan de norm (NPR 9998).",
    "Geconcludeerd wordt dat niet kan worden aangetoond dat de woning aan de veiligheidsnorm voldoet.",
    "Het eindoordeel luidt: niet op norm.",
    "Daarmee is de woning niet voldoende veilig en moet worden versterkt.",
]  # fmt: skip
POS = [
    "Conclusie: de woning voldoet aan de veiligheidsnorm.",
    "Het eindoordeel luidt: op norm.",
    "Op grond van de berekeningen voldoet de woning aan de geldende norm.",
    "De conclusie is dat de woning veilig is volgens NPR 9998 en niet hoeft te worden versterkt.",
]  # fmt: skip
DECIDE_NEG = [
    "Wij hebben besloten dat uw woning niet voldoet aan de veiligheidsnorm.",
    "Ons besluit is dat uw woning niet aan de veiligheidsnorm voldoet. Uw woning wordt versterkt.",
    "Wij stellen vast dat uw woning niet op norm is.",
]  # fmt: skip
DECIDE_POS = [
    "Wij hebben besloten dat uw woning voldoet aan de veiligheidsnorm.",
    "Ons besluit is dat uw woning aan de veiligheidsnorm voldoet. Versterking is niet nodig.",
    "Wij stellen vast dat uw woning op norm is.",
]  # fmt: skip


@dataclass
class Context:
    """What later documents of the dossier need from earlier ones."""

    dossier_id: str
    house: House
    rng: random.Random
    used_terms: set[str]
    kenmerken: dict[str, str] = field(default_factory=dict)
    dates: dict[str, dt.date] = field(default_factory=dict)

    def date(self, key: str, after: str | None, days: tuple[int, int]) -> dt.date:
        base = self.dates[after] if after else self.house.inspection_date
        day = base + dt.timedelta(days=self.rng.randrange(*days)) if after else base
        self.dates[key] = day
        return day

    def kenmerk(self, key: str, style: str) -> str:
        year = self.dates.get(key, self.house.inspection_date).year
        n = self.rng.randrange(1000, 99999)
        value = {
            "firm": f"{''.join(w[0] for w in self.house.firm.split()[:3]).upper()}-{year}-{n:05d}",
            "ncg": self.rng.choice([f"NCG-{year}-{n:06d}", f"NCG/{year}/{n}"]),
            "bc": f"BC-{year}-{n:04d}",
        }[style]
        self.kenmerken[key] = value
        return value


def _truth(ctx: Context, doc_type: str, b: Builder, **extra: object) -> FileTruth:
    a = ctx.house.address
    fields: dict[str, object] = {
        "dossier_id": ctx.dossier_id, "doc_id": "", "format": "pdf", "doc_type": doc_type,
        "components": list(b.components), "materials": list(b.materials),
        "measurements": list(b.measurements), "references": list(b.references),
        "postcode": a.postcode, "huisnummer": a.huisnummer, "toevoeging": a.toevoeging,
    }  # fmt: skip
    fields.update(extra)
    return FileTruth.model_validate(fields)


def _header(
    ctx: Context, b: Builder, title: str, day: dt.date, kenmerk_label: str, kenmerk: str
) -> None:
    house = ctx.house
    b.para(f"{house.firm}\n{title}")
    b.para(f"Adres: {address_line(house)}\nOpdrachtgever: Nationaal Coördinator Groningen")
    b.para(f"Datum rapport: {fmt_date(day, ctx.rng)}\n{kenmerk_label}: {kenmerk}")


def inspection(ctx: Context, scanned: bool) -> SampleDoc:
    """Opname: what was found at the house (always right; the assessment may not be)."""
    house, rng = ctx.house, ctx.rng
    day = ctx.date("opname", None, (0, 1))
    kenmerk = ctx.kenmerk("opname", "firm")
    b = Builder(rng)
    title = rng.choice(["Opnamerapport", "Rapport bouwkundige opname", "Inspectierapport woning"])
    _header(ctx, b, title, day, rng.choice(["Kenmerk", "Rapportnummer"]), kenmerk)
    b.para("1. Inleiding\nIn opdracht van de NCG is de woning op genoemd adres opgenomen. "
           "Dit rapport legt vast wat ter plaatse is aangetroffen.")  # fmt: skip
    b.page()
    b.para("2. Opbouw van de woning")
    b.para(f"De dragende muren zijn uitgevoerd als {b.comp('spouwmuur')} met een binnenblad van "
           f"{b.mat(house.wall)}. De wanddikte bedraagt {b.measure('wanddikte', house.wanddikte)}.")  # fmt: skip
    b.para(f"De gevelbreedte is {b.measure('gevelbreedte', house.gevelbreedte)}; de goothoogte "
           f"bedraagt {b.measure('goothoogte', house.goothoogte)} en de nokhoogte "
           f"{b.measure('nokhoogte', house.nokhoogte)}.")  # fmt: skip
    b.page()
    b.para("3. Aangetroffen bouwdelen")
    for comp in house.components[1:]:
        b.para(rng.choice([f"Er is een {b.comp(comp)} aanwezig.",
                           f"Ter plaatse is een {b.comp(comp)} aangetroffen.",
                           f"De woning heeft een {b.comp(comp)}."]))  # fmt: skip
    b.para(f"De begane grond heeft een {b.mat(house.floor, 'houten' if house.floor == 'hout' else 'betonnen')} "
           "draagconstructie.")  # fmt: skip
    scanned_pages: list[int] = []
    terms: list[str] = []
    if scanned:
        b.page()
        word = term(rng, ctx.used_terms)
        b.para(f"Bijlage handgeschreven aantekeningen\nopnemer noteert {word}\nparaaf akkoord")
        scanned_pages = [len(b.texts())]
        terms.append(word)
    truth = _truth(ctx, "opname", b, document_date=day.isoformat(), kenmerk=kenmerk,
                   firm=house.firm, pages=len(b.texts()), scanned_pages=scanned_pages, terms=terms)  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title=title, filename="")


def assessment(ctx: Context, version: int = 1) -> SampleDoc:
    """Beoordeling against NPR 9998; version 1 may contradict the inspection."""
    house, rng = ctx.house, ctx.rng
    key = "beoordeling" if version == 1 else "beoordeling2"
    day = ctx.date(key, "opname" if version == 1 else "besluit", (30, 120))
    kenmerk = ctx.kenmerken.get("beoordeling") or ctx.kenmerk("beoordeling", "firm")
    b = Builder(rng)
    title = rng.choice(
        ["Beoordelingsrapport", "Constructieve beoordeling", "Rapport beoordeling NPR 9998"]
    )
    if version > 1:
        title += f" (herziene versie {version})"
    _header(ctx, b, title, day, "Kenmerk", kenmerk)
    norm = f"NPR 9998:{house.norm_year}"
    method_text = {
        "NLTH": "een niet-lineaire tijdsdomeinanalyse (NLTH)",
        "NLPO": "een pushover-analyse (NLPO)",
    }[house.method]
    b.para(f"1. Uitgangspunten\nDe woning is beoordeeld volgens {norm} met {method_text}. "
           f"Basis is de opname met kenmerk {b.ref(ctx.kenmerken['opname'])}.")  # fmt: skip
    b.page()
    error = house.error if version == 1 else None
    wall = (
        house.wall
        if error != "material"
        else ("baksteen" if house.wall == "kalkzandsteen" else "kalkzandsteen")
    )
    width = house.gevelbreedte + (0.4 if error == "dimension" else 0.0)
    comps = house.components[1:]
    if error == "missing_component":
        comps = comps[1:]
    b.para(f"2. Geometrie en materialen\nDe {b.comp('spouwmuur')} is gemodelleerd met een binnenblad "
           f"van {b.mat(wall)}. Gevelbreedte: {b.measure('gevelbreedte', width)}. Goothoogte: "
           f"{b.measure('goothoogte', house.goothoogte)}.")  # fmt: skip
    for comp in comps:
        b.para(rng.choice([f"De {b.comp(comp)} is in het rekenmodel meegenomen.",
                           f"In het model is de {b.comp(comp)} opgenomen als aparte massa."]))  # fmt: skip
    b.page()
    b.para("3. Resultaten\nDe rekenresultaten staan in bijlage A.")
    b.para(rng.choice(NEG if house.verdict == "niet_op_norm" else POS))
    truth = _truth(ctx, "beoordeling", b, document_date=day.isoformat(), kenmerk=kenmerk,
                   firm=house.firm, norm=norm, method=house.method, verdict=house.verdict,
                   pages=len(b.texts()), version=version)  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title=title, filename="")


def calculation(ctx: Context) -> SampleDoc:
    house, rng = ctx.house, ctx.rng
    day = ctx.date("berekening", "beoordeling", (1, 20))
    kenmerk = ctx.kenmerk("berekening", "firm")
    b = Builder(rng)
    title = rng.choice(["Rekenrapport", "Berekening NPR 9998", f"{house.method}-berekening"])
    _header(ctx, b, title, day, "Kenmerk", kenmerk)
    b.para(f"Deze berekening hoort bij het rapport met kenmerk {b.ref(ctx.kenmerken['beoordeling'])}. "
           f"Het rekenmodel volgt NPR 9998:{house.norm_year}.")  # fmt: skip
    b.para(f"Tabel 1: unity checks per {b.comp('wand')}\nW1 0,82\nW2 1,07\nW3 0,64")
    truth = _truth(ctx, "berekening", b, document_date=day.isoformat(), kenmerk=kenmerk,
                   firm=house.firm, norm=f"NPR 9998:{house.norm_year}",
                   method=house.method if house.method in title else None, pages=len(b.texts()))  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title=title, filename="")


def _letter_head(ctx: Context, b: Builder, day: dt.date, kenmerk: str | None, subject: str) -> None:
    house = ctx.house
    b.para("Nationaal Coördinator Groningen\nPostbus 3006\n9701 DA Groningen")
    b.para(f"De heer/mevrouw {house.resident}\n{address_line(house).replace(', ', chr(10))}")
    lines = [f"Datum: {fmt_date(day, ctx.rng)}"]
    if kenmerk:
        lines.append(f"Ons kenmerk: {kenmerk}")
    lines.append(f"Onderwerp: {subject}")
    b.para("\n".join(lines))


def decision(ctx: Context, explicit: bool) -> SampleDoc:
    house, rng = ctx.house, ctx.rng
    day = ctx.date("besluit", "beoordeling", (20, 90))
    kenmerk = ctx.kenmerk("besluit", "ncg")
    b = Builder(rng)
    title = rng.choice(["Besluit versterking", "Besluit veiligheidsoordeel", "Besluit"])
    _letter_head(ctx, b, day, kenmerk, title)
    ref_day = fmt_date(ctx.dates["beoordeling"], rng)
    basis = (f"het beoordelingsrapport met kenmerk {b.ref(ctx.kenmerken['beoordeling'])} van {ref_day}"
             if explicit else f"de beoordeling van {ref_day}")  # fmt: skip
    b.para(f"Geachte heer/mevrouw,\n\nUw woning is beoordeeld volgens NPR 9998. Wij baseren ons "
           f"besluit op {basis}.")  # fmt: skip
    b.para(rng.choice(DECIDE_NEG if house.verdict == "niet_op_norm" else DECIDE_POS))
    b.para("Bent u het niet eens met dit besluit, dan kunt u binnen zes weken bezwaar maken.\n\n"
           "Met vriendelijke groet,\nNationaal Coördinator Groningen")  # fmt: skip
    truth = _truth(ctx, "besluit", b, document_date=day.isoformat(), kenmerk=kenmerk,
                   verdict=house.verdict, norm="NPR 9998", pages=len(b.texts()))  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title=title, filename="")


def conversation(ctx: Context) -> SampleDoc:
    house, rng = ctx.house, ctx.rng
    day = ctx.date("gesprek", "beoordeling", (5, 40))
    b = Builder(rng)
    title = rng.choice(["Gespreksverslag keukentafelgesprek", "Verslag van het gesprek"])
    b.para(f"{title}\nDatum: {fmt_date(day, rng)}\nAanwezig: {house.resident}, bewonersbegeleider")
    comp = house.components[-1]
    b.para(f"De bewoner vraagt wat er met de {b.comp(comp)} gebeurt. De begeleider legt de "
           "procedure uit en belooft een schriftelijke reactie.")  # fmt: skip
    truth = _truth(ctx, "gespreksverslag", b, document_date=day.isoformat(), postcode=None,
                   huisnummer=None, toevoeging=None)  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title=title, filename="")


def response(ctx: Context) -> SampleDoc:
    """Zienswijze from the resident: disputes, never states a verdict itself."""
    house, rng = ctx.house, ctx.rng
    day = ctx.date("zienswijze", "beoordeling", (10, 30))
    b = Builder(rng)
    b.para(f"{house.resident}\n{address_line(house)}")
    b.para(
        f"{house.address.woonplaats}, {fmt_date(day, rng)}\n\nBetreft: zienswijze op het voorgenomen besluit"
    )
    claim = "voldoet aan de veiligheidsnorm" if house.verdict == "op_norm" else "niet voldoet"
    b.para(f"Geachte heer, mevrouw,\n\nU stelt dat mijn woning {claim}. Ik ben het daar niet mee "
           f"eens, omdat de {b.comp(house.components[0])} volgens mij anders is opgebouwd.")  # fmt: skip
    b.para("Met vriendelijke groet,\n" + house.resident)
    truth = _truth(ctx, "zienswijze", b, document_date=day.isoformat())
    return SampleDoc(truth=truth, pages=b.texts(), title="zienswijze", filename="")


def objection(ctx: Context) -> SampleDoc:
    house, rng = ctx.house, ctx.rng
    day = ctx.date("bezwaar", "besluit", (10, 40))
    b = Builder(rng)
    b.para(f"mr. K. Jansen, advocaat\nnamens {house.resident}\n{address_line(house)}")
    b.para(f"Groningen, {fmt_date(day, rng)}\nUw kenmerk: {b.ref(ctx.kenmerken['besluit'])}")
    b.para("Bezwaarschrift")
    b.para(f"Namens mijn cliënt maak ik bezwaar tegen uw besluit. In het bestreden besluit staat "
           f"ten onrechte dat de woning voldoet aan de norm. De {b.comp(house.components[0])} is "
           "niet correct beoordeeld.")  # fmt: skip
    word = term(rng, ctx.used_terms)
    b.para(f"Ik verwijs naar de aantekening {word} in het dossier.")
    truth = _truth(ctx, "bezwaar", b, document_date=day.isoformat(), terms=[word])
    return SampleDoc(truth=truth, pages=b.texts(), title="bezwaarschrift", filename="")


def hearing(ctx: Context) -> SampleDoc:
    house, rng = ctx.house, ctx.rng
    day = ctx.date("hoorzitting", "bezwaar", (20, 60))
    b = Builder(rng)
    b.para(
        f"Verslag hoorzitting\nDatum: {fmt_date(day, rng)}\nKenmerk: {ctx.kenmerk('hoorzitting', 'bc')}"
    )
    b.para(f"Aanwezig: {house.resident}, mr. K. Jansen, de commissie.\nDe gemachtigde licht het "
           "bezwaar toe. De commissie stelt vragen over de opname.")  # fmt: skip
    truth = _truth(ctx, "hoorzitting", b, document_date=day.isoformat(),
                   kenmerk=ctx.kenmerken["hoorzitting"], postcode=None, huisnummer=None, toevoeging=None)  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title="hoorzitting", filename="")


def counter_expertise(ctx: Context) -> SampleDoc:
    house, rng = ctx.house, ctx.rng
    day = ctx.date("contra", "bezwaar", (5, 30))
    b = Builder(rng)
    kenmerk = f"CE-{day.year}-{rng.randrange(100, 999)}"
    b.para(f"{house.counter_firm}\nContra-expertise\nAdres: {address_line(house)}")
    b.para(f"Datum rapport: {fmt_date(day, rng)}\nKenmerk: {kenmerk}")
    b.para(f"In opdracht van de bewoner is het beoordelingsrapport {b.ref(ctx.kenmerken['beoordeling'])} "
           f"getoetst aan NPR 9998:{house.norm_year}.")  # fmt: skip
    b.para(f"De {b.comp(house.components[0])} is van {b.mat(house.wall)}.")
    b.para("Naar ons oordeel voldoet de woning niet aan de veiligheidsnorm.")
    truth = _truth(ctx, "contra_expertise", b, document_date=day.isoformat(), kenmerk=kenmerk,
                   firm=house.counter_firm, norm=f"NPR 9998:{house.norm_year}", verdict="niet_op_norm",
                   pages=len(b.texts()))  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title="contra-expertise", filename="")


def committee_advice(ctx: Context, verdict: str) -> SampleDoc:
    house, rng = ctx.house, ctx.rng
    day = ctx.date("advies", "hoorzitting", (10, 40))
    b = Builder(rng)
    kenmerk = ctx.kenmerk("advies", "bc")
    b.para(f"Advies van de bezwaarcommissie\nKenmerk: {kenmerk}\nDatum: {fmt_date(day, rng)}")
    b.para(f"Betreft het bezwaar van {house.resident}, {address_line(house)}.")
    sentence = ("De commissie is van oordeel dat de woning niet voldoet aan de veiligheidsnorm."
                if verdict == "niet_op_norm" else
                "De commissie is van oordeel dat de woning voldoet aan de veiligheidsnorm.")  # fmt: skip
    b.para(
        sentence
        + " De commissie adviseert het bezwaar "
        + ("gegrond" if verdict != house.verdict else "ongegrond")
        + " te verklaren."
    )
    truth = _truth(ctx, "advies_bezwaarcommissie", b, document_date=day.isoformat(),
                   kenmerk=kenmerk, verdict=verdict)  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title="advies", filename="")


def objection_decision(ctx: Context, verdict: str, explicit: bool) -> SampleDoc:
    house, rng = ctx.house, ctx.rng
    day = ctx.date("bob", "advies", (10, 40))
    kenmerk = ctx.kenmerk("bob", "ncg")
    b = Builder(rng)
    _letter_head(ctx, b, day, kenmerk, "Beslissing op bezwaar")
    basis = (f"het beoordelingsrapport met kenmerk {b.ref(ctx.kenmerken['beoordeling'])}"
             if explicit else "de beoordeling van uw woning")  # fmt: skip
    b.para(f"Geachte heer/mevrouw,\n\nWij hebben uw bezwaar heroverwogen, mede op basis van "
           f"{basis} en het advies met kenmerk {b.ref(ctx.kenmerken['advies'])}.")  # fmt: skip
    outcome = "gegrond" if verdict != house.verdict else "ongegrond"
    b.para(f"Wij verklaren uw bezwaar {outcome}. "
           + ("Na heroverweging stellen wij vast dat uw woning niet voldoet aan de veiligheidsnorm."
              if verdict == "niet_op_norm" else
              "Na heroverweging stellen wij vast dat uw woning voldoet aan de veiligheidsnorm."))  # fmt: skip
    truth = _truth(ctx, "beslissing_op_bezwaar", b, document_date=day.isoformat(), kenmerk=kenmerk,
                   verdict=verdict, pages=len(b.texts()))  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title="beslissing op bezwaar", filename="")


def cover_letter(ctx: Context, subject: str, dated: bool) -> SampleDoc:
    """A short letter or e-mail body: correspondentie, no verdict, no fields beyond date."""
    house, rng = ctx.house, ctx.rng
    day = ctx.date(f"brief-{subject}", "opname", (1, 300))
    b = Builder(rng)
    if dated:
        b.para(f"Datum: {fmt_date(day, rng)}")
    b.para(f"Beste {house.resident},\n\nHierbij ontvangt u {subject}. Heeft u vragen, belt u dan "
           "met uw bewonersbegeleider.\n\nMet vriendelijke groet,\nNCG")  # fmt: skip
    truth = _truth(ctx, "correspondentie", b, document_date=day.isoformat() if dated else None,
                   postcode=None, huisnummer=None, toevoeging=None)  # fmt: skip
    return SampleDoc(truth=truth, pages=b.texts(), title=subject, filename="")
