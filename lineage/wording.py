"""The trace's explanations in words, in Dutch and English, from one catalogue.

Lineage records each explanation as a message code with its values (`Said`), and its English
wording in the `reason` / `summary` / `notes` strings that the CLI, the API and exports have
always carried. The web pages word the same `Said` in the reader's language, so a Dutch page
never shows an English sentence and both languages say exactly the same thing.
"""

from lineage.models import FieldChange, Said

LANGUAGES = ("nl", "en")

# code -> (Dutch, English); {who} is the document that cites (see _who), {type} a document type.
MESSAGES: dict[str, tuple[str, str]] = {
    "evidence.kenmerk": ("{who} noemt kenmerk {kenmerk}", "{who} cites kenmerk {kenmerk}"),
    "evidence.kenmerk_dated": (
        "{who} noemt kenmerk {kenmerk} van {date}",
        "{who} cites kenmerk {kenmerk} of {date}",
    ),
    "evidence.date": ("{who} noemt het rapport van {date}", "{who} cites the report of {date}"),
    "evidence.inferred": (
        "{who} noemt geen kenmerk of datum van een {type}; afgeleid: de laatste {type} die op "
        "{day} gold, gedateerd {dated}",
        "{who} cites no kenmerk or date of any {type}; inferred: the latest {type} in force on "
        "{day}, dated {dated}",
    ),
    "evidence.inferred_of_many": (
        "{who} noemt geen kenmerk of datum van een {type}; afgeleid: de laatste {type} die op "
        "{day} gold (van de {count} documenten van die soort), gedateerd {dated}",
        "{who} cites no kenmerk or date of any {type}; inferred: the latest {type} in force on "
        "{day} (of {count} {type} documents), dated {dated}",
    ),
    "absent.none": ("het dossier bevat geen {type}", "the dossier holds no {type}"),
    "absent.later": (
        "op {day} gold nog geen {type}: {doc} is gedateerd {since}",
        "no {type} was in force on {day}: {doc} is dated {since}",
    ),
    "absent.undated": (
        "op {day} gold nog geen {type}: {doc} heeft geen datum en geldt dus pas vanaf {since}",
        "no {type} was in force on {day}: {doc} is undated, so in force only from {since}",
    ),
    "attached.cited_by": (
        "{decision} noemt het kenmerk ervan, {kenmerk}",
        "{decision} cites its kenmerk {kenmerk}",
    ),
    "attached.same_subject": (
        "dit document en {decision} noemen allebei het besluit {kenmerk}",
        "it and {decision} both cite the besluit {kenmerk}",
    ),
    "attached.first_after": (
        "afgeleid: de eerste beslissing op bezwaar op of na {day}",
        "inferred: the first beslissing op bezwaar on or after {day}",
    ),
    "attached.undecided_cites": (
        "hierop is nog niet beslist; het noemt {kenmerk}",
        "no decision on it yet; it cites {kenmerk}",
    ),
    "attached.undecided_inferred": (
        "hierop is nog niet beslist; afgeleid: de laatste beslissing vóór {day}",
        "no decision on it yet; inferred: the latest decision before {day}",
    ),
    "field.new": ("{name} nieuw vermeld: {new}", "{name} newly stated: {new}"),
    "field.gone": ("{name} niet meer vermeld (was {old})", "{name} no longer stated (was {old})"),
    "field.changed": ("{name} {old} → {new}", "{name} {old} → {new}"),
    "item.added": ("{name} {item} toegevoegd", "{name} {item} added"),
    "item.dropped": ("{name} {item} vervallen", "{name} {item} dropped"),
}

# Dutch: (article, noun) per document type, for "het besluit X noemt …".
TYPES_NL: dict[str, tuple[str, str]] = {
    "opname": ("de", "opname"),
    "beoordeling": ("de", "beoordeling"),
    "berekening": ("de", "berekening"),
    "versterkingsadvies": ("het", "versterkingsadvies"),
    "besluit": ("het", "besluit"),
    "zienswijze": ("de", "zienswijze"),
    "gespreksverslag": ("het", "gespreksverslag"),
    "bezwaar": ("het", "bezwaar"),
    "hoorzitting": ("de", "hoorzitting"),
    "advies_bezwaarcommissie": ("het", "advies van de bezwaarcommissie"),
    "beslissing_op_bezwaar": ("de", "beslissing op bezwaar"),
    "contra_expertise": ("de", "contra-expertise"),
    "correspondentie": ("de", "correspondentie"),
    "foto": ("de", "foto"),
    "overig": ("het", "document"),
}
# Field names and stored codes a field change names, in Dutch (English keeps the codes, as the
# CLI has always printed them).
NAMES_NL: dict[str, str] = {
    "doc_type": "documentsoort",
    "document_date": "documentdatum",
    "postcode": "postcode",
    "huisnummer": "huisnummer",
    "toevoeging": "toevoeging",
    "kenmerk": "kenmerk",
    "verdict": "oordeel",
    "firm": "ingenieursbureau",
    "norm": "norm",
    "method": "methode",
    "components:": "bouwdeel",
    "materials:": "materiaal",
    "reference to": "verwijzing naar",
}
VALUES_NL: dict[str, str] = {"op_norm": "op norm", "niet_op_norm": "niet op norm"}
CITERS = {"evidence.kenmerk", "evidence.kenmerk_dated", "evidence.date", "evidence.inferred",
          "evidence.inferred_of_many"}  # fmt: skip
TYPED = CITERS | {"absent.none", "absent.later", "absent.undated"}


def said(code: str, **values: object) -> Said:
    """A message and its values (as text: they are shown, never computed with)."""
    if code not in MESSAGES:
        raise KeyError(f"no wording for {code!r}")
    return Said(code=code, values={k: "" if v is None else str(v) for k, v in values.items()})


def word(message: Said, lang: str = "en") -> str:
    """The message in `lang` ('nl' or 'en'; anything else is Dutch, the default)."""
    english = lang == "en"
    values = dict(message.values)
    if message.code in CITERS:
        values["who"] = _who(values, english)
    if message.code in TYPED and not english:
        values["type"] = _type_nl(values.get("type", ""))
    template = MESSAGES[message.code][1 if english else 0]
    return template.format(**values)


def _who(values: dict[str, str], english: bool) -> str:
    """'the besluit 03/besluit.pdf', 'the beoordeling X v2', or just 'the besluit'."""
    kind, doc = values.get("who_type", ""), values.get("who_doc", "")
    version = values.get("who_version", "")
    if english:
        named = f"the {kind}"
    else:
        article, noun = TYPES_NL.get(kind, ("het", kind.replace("_", " ") or "document"))
        named = f"{article} {noun}"
    if doc:
        named += f" {doc}"
    if doc and version:
        named += f" v{version}"
    return named


def _type_nl(kind: str) -> str:
    return TYPES_NL.get(kind, ("het", kind.replace("_", " ")))[1]


def field_said(field: str, name: str | None, old: str | None, new: str | None) -> Said:
    """The message of one field change: a scalar or measurement that moved, appeared or went;
    a component, material or reference added or dropped."""
    label = {"components": "components:", "materials": "materials:", "references": "reference to"}
    if field in label:
        item = name or new or old or ""
        code = "item.added" if old is None else "item.dropped"
        return said(code, name=label[field], item=item)
    shown = name if field == "measurements" and name else field
    if old is None:
        return said("field.new", name=shown, new=new)
    if new is None:
        return said("field.gone", name=shown, old=old)
    return said("field.changed", name=shown, old=old, new=new)


def word_field(change: FieldChange, lang: str = "en") -> str:
    """A field change in words; Dutch names the field and verdicts in Dutch."""
    message = field_said(change.field, change.name, change.old, change.new)
    if lang == "en":
        return word(message, "en")
    values = dict(message.values)
    values["name"] = NAMES_NL.get(values["name"], values["name"])
    for key in ("old", "new"):
        if key in values and change.field in ("verdict", "doc_type"):
            values[key] = VALUES_NL.get(values[key], _type_nl(values[key]))
    return word(Said(code=message.code, values=values), "nl")
