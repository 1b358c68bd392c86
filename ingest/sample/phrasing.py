"""The many ways Dutch case files write a date, a length and a verdict.

Verdict sentences state the verdict of the document's own author about the house. QUOTES
mention a verdict that someone else reached (a resident quoting the decision, a lawyer
disputing it): the truth records no verdict for those documents.
"""

import datetime as dt
import random
from collections.abc import Callable

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]  # fmt: skip
SHORT = ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.",
         "nov.", "dec."]  # fmt: skip
DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


DATE_STYLES: list[Callable[[dt.date], str]] = [
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{DAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d.day} {SHORT[d.month - 1]} {d.year}",
    lambda d: f"{d.day}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
]


def fmt_date(day: dt.date, rng: random.Random) -> str:
    """'12 maart 2021', '12-03-2021', '2021-03-12', 'vrijdag 12 maart 2021', '12 mrt. 2021', ..."""
    return rng.choice(DATE_STYLES)(day)


def fmt_length(metres: float, rng: random.Random) -> str:
    """6.4 -> '6,40 m', '640 cm', '6,4 meter', '6400 mm', '6.400 mm', '6,40m'."""
    style = rng.randrange(6)
    comma = f"{metres:.2f}".replace(".", ",")
    if style == 0:
        return comma + " m"
    if style == 1:
        return f"{round(metres * 100)} cm"
    if style == 2:
        return f"{metres:g}".replace(".", ",") + " meter"
    if style == 3:
        return f"{round(metres * 1000)} mm"
    if style == 4:
        return f"{round(metres * 1000):,} mm".replace(",", ".")
    return comma + "m"


def fmt_thickness(metres: float, rng: random.Random) -> str:
    """Wall and floor thickness: mostly millimetres or centimetres, as drawings give them."""
    style = rng.randrange(3)
    if style == 0:
        return f"{round(metres * 1000)} mm"
    if style == 1:
        return f"{metres * 100:g}".replace(".", ",") + " cm"
    return f"{metres:g}".replace(".", ",") + " m"


# Conclusions of an assessment or counter-expert report ({h}: how the house is named).
REPORT = {
    "op_norm": [
        "Conclusie: {h} voldoet aan de veiligheidsnorm.",
        "Het eindoordeel luidt: op norm.",
        "Op grond van de berekeningen voldoet {h} aan de geldende norm.",
        "De conclusie is dat {h} veilig is volgens NPR 9998; versterken is niet nodig.",
        "Uit de analyse blijkt dat {h} aan de veiligheidsnorm van 10^-5 per jaar voldoet.",
        "Veiligheidsoordeel: {h} is op norm.",
        "Wij concluderen dat {h} voldoet aan de eisen van NPR 9998.",
        "{H} voldoet. Er zijn geen versterkingsmaatregelen nodig.",
    ],
    "niet_op_norm": [
        "Conclusie: {h} voldoet niet aan de veiligheidsnorm.",
        "Op grond van de berekeningen voldoet {h} niet aan de norm (NPR 9998).",
        "Geconcludeerd wordt dat niet kan worden aangetoond dat {h} aan de veiligheidsnorm voldoet.",
        "Het eindoordeel luidt: niet op norm.",
        "Daarmee is {h} niet veilig volgens NPR 9998 en moet worden versterkt.",
        "Veiligheidsoordeel: {h} is niet op norm.",
        "{H} voldoet niet aan de eisen van NPR 9998; versterking is noodzakelijk.",
        "Er kan niet worden aangetoond dat {h} voldoet aan de Meijdam-norm.",
    ],
}
DECISION = {
    "op_norm": [
        "Wij hebben besloten dat uw woning voldoet aan de veiligheidsnorm.",
        "Ons besluit is dat uw woning aan de veiligheidsnorm voldoet. Versterking is niet nodig.",
        "Wij stellen vast dat uw woning op norm is.",
        "Uw woning is veilig. Uw woning voldoet aan de norm en hoeft niet te worden versterkt.",
        "Het veiligheidsoordeel over uw woning is: voldoet aan de veiligheidsnorm.",
    ],
    "niet_op_norm": [
        "Wij hebben besloten dat uw woning niet voldoet aan de veiligheidsnorm.",
        "Ons besluit is dat uw woning niet aan de veiligheidsnorm voldoet. Uw woning wordt versterkt.",
        "Wij stellen vast dat uw woning niet op norm is.",
        "Uw woning voldoet niet aan de norm. Daarom moet uw woning worden versterkt.",
        "Het veiligheidsoordeel over uw woning is: voldoet niet aan de veiligheidsnorm.",
    ],
}
COMMITTEE = {
    "op_norm": [
        "De commissie is van oordeel dat de woning voldoet aan de veiligheidsnorm.",
        "Naar het oordeel van de commissie is de woning terecht op norm bevonden.",
        "De commissie concludeert dat de woning op norm is.",
    ],
    "niet_op_norm": [
        "De commissie is van oordeel dat de woning niet voldoet aan de veiligheidsnorm.",
        "Naar het oordeel van de commissie is de woning niet op norm.",
        "De commissie concludeert dat niet is aangetoond dat de woning aan de norm voldoet.",
    ],
}
OBJECTION_DECISION = {
    "op_norm": [
        "Na heroverweging stellen wij vast dat uw woning voldoet aan de veiligheidsnorm.",
        "Wij blijven bij ons oordeel: uw woning is op norm.",
        "Uw woning voldoet aan de veiligheidsnorm; versterking is niet nodig.",
    ],
    "niet_op_norm": [
        "Na heroverweging stellen wij vast dat uw woning niet voldoet aan de veiligheidsnorm.",
        "Wij stellen alsnog vast dat uw woning niet op norm is en versterkt moet worden.",
        "Uw woning voldoet niet aan de veiligheidsnorm en wordt versterkt.",
    ],
}
# Someone else's verdict, quoted or disputed: the document states none of its own.
QUOTE = {
    "op_norm": [
        "In het besluit staat dat mijn woning voldoet aan de veiligheidsnorm. Daar ben ik het niet mee eens.",
        "U schrijft dat de woning op norm is. Ik begrijp niet hoe u tot dat oordeel komt.",
        "Volgens het rapport zou de woning voldoen aan de norm. Dat betwist ik.",
    ],
    "niet_op_norm": [
        "In het besluit staat dat mijn woning niet voldoet aan de veiligheidsnorm. Ik wil weten wat dat betekent voor de planning.",
        "U schrijft dat de woning niet op norm is, maar de voorgestelde maatregelen gaan mij niet ver genoeg.",
        "Volgens het rapport voldoet de woning niet aan de norm. Ik vraag u de versterking zorgvuldig uit te werken.",
    ],
}
QUOTE_LAWYER = {
    "op_norm": [
        "Verweerder stelt ten onrechte dat de woning van cliënt voldoet aan de veiligheidsnorm.",
        "Het bestreden besluit gaat ervan uit dat de woning op norm is; die conclusie is onvoldoende onderbouwd.",
    ],
    "niet_op_norm": [
        "Het bestreden besluit stelt dat de woning niet op norm is, maar de voorgestelde versterking is onvoldoende onderbouwd.",
        "Verweerder concludeert dat de woning niet voldoet aan de norm; cliënt kan zich echter niet vinden in de gekozen maatregelen.",
    ],
}
NO_VERDICT = [
    "Dit rapport bevat geen oordeel over de veiligheid van de woning; dat volgt uit de beoordeling volgens NPR 9998.",
    "De opname legt alleen vast wat ter plaatse is aangetroffen. Een veiligheidsoordeel maakt hiervan geen deel uit.",
    "Of de woning aan de norm voldoet, wordt in een aparte beoordeling vastgesteld.",
]

# Neutral sentences that make reports read like reports (no component, material or verdict words).
INTRO = [
    "De opname is uitgevoerd volgens het landelijke protocol voor opname en beoordeling. Tijdens het bezoek zijn de bereikbare ruimten visueel geïnspecteerd; er is geen destructief onderzoek verricht.",
    "Waar onderdelen niet zichtbaar of bereikbaar waren, is uitgegaan van de bouwtekeningen uit het archief van de gemeente.",
    "De bevindingen zijn ter plaatse besproken met de bewoner, die aanvullende informatie heeft gegeven over eerdere verbouwingen.",
    "Het bouwjaar van de woning is volgens de Basisregistratie Adressen en Gebouwen {year}.",
    "De weersomstandigheden tijdens het bezoek waren droog; alle vertrekken waren toegankelijk.",
]
METHOD = [
    "De seismische belasting is bepaald met de webtool van het KNMI voor de locatie van het gebouw, bij een herhalingstijd van 2475 jaar.",
    "Het rekenmodel is opgebouwd in DIANA FEA. Voor de materiaaleigenschappen is uitgegaan van de waarden uit bijlage G van de norm.",
    "De belasting is in beide hoofdrichtingen aangebracht; er zijn zeven grondbewegingssignalen gebruikt.",
    "De invloed van eerdere schade op de sterkte is in deze beoordeling niet meegenomen.",
    "Voor de fundatiestijfheid is een lineair verende ondergrond aangenomen.",
]
RESULT = [
    "De grootste versnellingen treden op in de dwarsrichting.",
    "Het bezwijkmechanisme buiten het vlak is voor alle elementen gecontroleerd.",
    "De resultaten per grondbewegingssignaal zijn opgenomen in bijlage A.",
]
