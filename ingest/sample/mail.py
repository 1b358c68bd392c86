"""E-mails with attachments, a forwarded e-mail inside an e-mail, and zip bundles."""

from typing import TYPE_CHECKING

from ingest.sample import expert, letters, procedure
from ingest.sample.builder import Builder
from ingest.sample.context import Context
from ingest.sample.model import SampleDoc
from ingest.sample.placing import attach, plant

if TYPE_CHECKING:
    from ingest.sample.dossier import Dossier


def photo(ctx: Context, name: str) -> SampleDoc:
    """A photo of the house: an image without text."""
    truth = ctx.truth(
        "foto", Builder(ctx.rng), format="jpg", postcode=None, huisnummer=None, toevoeging=None
    )
    return SampleDoc(truth=truth, pages=[""], title=name, filename=name)


def _body(ctx: Context, kind: str) -> SampleDoc:
    """An e-mail text in the sender's own voice: the lawyer's cover note or an internal forward."""
    house, rng = ctx.house, ctx.rng
    b = Builder(rng)
    if kind == "lawyer":
        b.para(rng.choice(["Geachte heer/mevrouw,", "Geachte bezwaarcommissie,", "Goedemiddag,"]))
        b.para(f"Namens mijn cliënt, {house.resident}, stuur ik u in de bijlage het bezwaarschrift tegen uw besluit "
               f"met kenmerk {b.ref(ctx.kenmerken['besluit'])}. Wilt u de ontvangst bevestigen?")  # fmt: skip
        b.para(f"Met vriendelijke groet,\n\n{house.lawyer}\nadvocaat")
    else:
        b.para(
            rng.choice(
                [
                    "Ter info doorgestuurd.",
                    "Graag registreren en in behandeling nemen.",
                    "Zie onderstaand bericht.",
                ]
            )
        )
        b.para(f"Groet,\n{house.officer}\nSecretariaat NCG")
    truth = ctx.truth("correspondentie", b, postcode=None, huisnummer=None, toevoeging=None)
    return SampleDoc(truth=truth, pages=b.texts(), title="e-mail")


def _mail(body: SampleDoc, sender: str, to: str, subject: str, day: str | None) -> SampleDoc:
    truth = body.truth.model_copy(update={"document_date": day, "format": "eml"})
    return body.model_copy(update={"truth": truth, "email_from": sender, "email_to": to,
                                   "email_subject": subject, "email_date": day})  # fmt: skip


def _with_children(mail: SampleDoc, children: list[tuple[SampleDoc, str, str]]) -> SampleDoc:
    mail.attachments = [attach(doc, mail, name, fmt) for doc, name, fmt in children]
    return mail


def _zip(ctx: Context, entries: list[tuple[SampleDoc, str, str]], name: str) -> SampleDoc:
    truth = ctx.truth("overig", Builder(ctx.rng), format="zip", postcode=None, huisnummer=None,
                      toevoeging=None, pages=1)  # fmt: skip
    bundle = SampleDoc(truth=truth, pages=[""], title=name, filename=name)
    bundle.truth.doc_id = name
    return _with_children(bundle, entries)


def objection_mail(d: "Dossier") -> list[str]:
    """The objection as it arrived; returns the doc ids of the objection and counter-expertise."""
    ctx, rng = d.ctx, d.rng
    variant = ("nested" if ctx.index % 8 == 0 else "zip" if ctx.index % 8 == 4
               else rng.choice(["mail", "mail", "body", "letter", "letter"]))  # fmt: skip
    house = ctx.house
    sender = f"{house.lawyer} <advocatuur@{house.lawyer.split()[-1].lower()}-advocaten.example>"
    bezwaar = procedure.objection(ctx, planted=variant != "letter")
    contra = expert.counter_expertise(ctx) if variant == "zip" or rng.random() < 0.3 else None
    day = (contra or bezwaar).truth.document_date
    if variant == "letter":
        scan = rng.random() < 0.4
        fmt = "pdf-scan" if scan else rng.choice(["pdf", "docx"])
        doc = d.add(
            plant(bezwaar, ctx) if scan else bezwaar,
            "scan" if scan and rng.random() < 0.5 else "bezwaar",
            fmt,
        )
        if scan:
            doc.truth.scanned_pages = list(range(1, doc.truth.pages + 1))
        ids = [doc.truth.doc_id]
        if contra:
            ids.append(d.add(contra, "contra", "pdf", later=True).truth.doc_id)
        return ids
    if variant == "body":
        mail = _mail(
            bezwaar,
            sender,
            "bezwaar@ncg.example",
            "Bezwaar tegen besluit",
            bezwaar.truth.document_date,
        )
        placed = d.add(
            _with_children(mail, [(photo(ctx, "IMG_2231.jpg"), "IMG_2231.jpg", "jpg")]),
            "mail",
            "eml",
        )
        ids = [placed.truth.doc_id]
        if contra:
            ids.append(d.add(contra, "contra", "pdf", later=True).truth.doc_id)
        return ids
    cover = letters.cover_letter(
        ctx, "het bezwaarschrift namens mijn cliënt", dated=False, key="mail-bezwaar"
    )
    mail = _mail(
        cover,
        sender,
        "bezwaar@ncg.example",
        rng.choice(["Bezwaar tegen besluit", "bezwaarschrift", "Bezwaar " + house.resident]),
        day,
    )
    children: list[tuple[SampleDoc, str, str]] = [
        (bezwaar, rng.choice(["bezwaarschrift.pdf", "Bezwaar.pdf", "bezwaar getekend.pdf"]), "pdf")
    ]
    if contra and variant == "zip":
        bundle = _zip(
            ctx,
            [
                (contra, "contra-expertise.pdf", "pdf"),
                (photo(ctx, "IMG_0231.jpg"), "foto's/IMG_0231.jpg", "jpg"),
            ],
            "bijlagen.zip",
        )
        children.append((bundle, "bijlagen.zip", "zip"))
    elif contra:
        children.append((contra, "second opinion.pdf", "pdf"))
    _with_children(mail, children)
    if variant == "nested":
        outer = letters.cover_letter(
            ctx, "ter informatie het doorgestuurde bezwaar", dated=False, key="mail-fw"
        )
        fw = _mail(
            outer,
            "secretariaat@ncg.example",
            "bezwaarcommissie@ncg.example",
            "FW: Bezwaar tegen besluit",
            day,
        )
        mail = _with_children(fw, [(mail, "Bezwaar tegen besluit.eml", "eml")])
    placed = d.add(mail, "mail", "eml")
    return [
        c.truth.doc_id
        for c in _walk_children(placed)
        if c.truth.doc_type in ("bezwaar", "contra_expertise")
    ]


def _walk_children(doc: SampleDoc) -> list[SampleDoc]:
    out = []
    for child in doc.attachments:
        out.append(child)
        out.extend(_walk_children(child))
    return out


def update_mail(d: "Dossier") -> None:
    """A message from the resident's case worker with a photo and sometimes a letter attached."""
    ctx, rng = d.ctx, d.rng
    body = letters.cover_letter(
        ctx, rng.choice(["de foto's van de opname", "het verslag"]), dated=False, key="mail-update"
    )
    day = ctx.dates["mail-update"].isoformat()
    mail = _mail(body, "bewonersbegeleider@ncg.example", f"{ctx.house.resident.split()[-1].lower()}@example.nl",
                 rng.choice(["Verslag en foto", "RE: uw vraag", "Foto's opname"]), day)  # fmt: skip
    mail.email_html = rng.random() < 0.5
    children: list[tuple[SampleDoc, str, str]] = [
        (photo(ctx, "IMG_1044.jpg"), "IMG_1044.jpg", "jpg")
    ]
    if rng.random() < 0.5:
        letter = plant(
            letters.cover_letter(ctx, "de planning", dated=True, key="mail-bijlage"), ctx
        )
        children.append((letter, "brief planning.docx", "docx"))
    _with_children(mail, children)
    d.add(mail, "mail", "eml", later=rng.random() < 0.3)


def bundle(d: "Dossier") -> None:
    """A zip the resident handed in: a reaction in Windows text and a photo in a folder."""
    ctx = d.ctx
    reply = procedure.response(ctx)
    entries = [
        (reply, "reactie bewoner.txt", "txt:cp1252"),
        (photo(ctx, "IMG_0002.jpg"), "fotos/IMG_0002.jpg", "jpg"),
    ]
    d.add(_zip(ctx, entries, "stukken bewoner.zip"), "bundle", "zip")
