"""Words on the pages in Dutch (the default: the users and documents are Dutch) and English.

One table, so a missing translation shows up in a test rather than as a mixed page.
"""

from collections.abc import Callable
from typing import Any

from lineage.models import Chain, FieldChange, Said
from lineage.wording import word, word_field

DEFAULT = "nl"
LANGUAGES = ("nl", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    "app.tagline": ("navolgbare dossiers", "traceable case files"),
    "skip": ("Naar de inhoud", "Skip to content"),
    "nav.search": ("Zoeken", "Search"),
    "nav.dossiers": ("Dossiers", "Case files"),
    "nav.access": ("Toegang", "Access"),
    "nav.audit": ("Auditlog", "Audit log"),
    "nav.main": ("Hoofdmenu", "Main menu"),
    "signed_in_as": ("Ingelogd als", "Signed in as"),
    "sign_in": ("Inloggen", "Sign in"),
    "sign_out": ("Uitloggen", "Sign out"),
    "lang.switch": ("English", "Nederlands"),
    "lang.switch_label": ("Switch to English", "Schakel naar Nederlands"),
    "json_twin": ("Deze pagina als JSON", "This page as JSON"),
    "footer.logged": (
        "Elke inzage wordt vastgelegd in het auditlog.",
        "Every view is recorded in the audit log.",
    ),
    "login.title": ("Inloggen bij navolg", "Sign in to navolg"),
    "login.user": ("Gebruikersnaam", "User name"),
    "login.password": ("Wachtwoord", "Password"),
    "login.failed": (
        "Gebruikersnaam of wachtwoord klopt niet. Probeer het opnieuw.",
        "Wrong user name or password. Please try again.",
    ),
    "login.intro": (
        "Log in met het account dat u van de beheerder hebt gekregen.",
        "Sign in with the account your administrator gave you.",
    ),
    "search.title": ("Zoeken in dossiers", "Search case files"),
    "search.query": ("Zoekterm", "Search terms"),
    "search.help": (
        'Alle woorden moeten voorkomen. "Aanhalingstekens" voor een exacte zin, -woord om uit '
        "te sluiten, OF met OR, bereken* voor een begin van een woord.",
        'All words must match. "Quotes" for an exact phrase, -word to exclude, either with OR, '
        "bereken* for a word's beginning.",
    ),
    "search.button": ("Zoeken", "Search"),
    "search.filters": ("Filters", "Filters"),
    "search.apply": ("Filters toepassen", "Apply filters"),
    "search.clear": ("Alles wissen", "Clear all"),
    "search.date_from": ("Documentdatum vanaf", "Document date from"),
    "search.date_to": ("Documentdatum tot en met", "Document date up to"),
    "search.as_of": ("Dossier zoals het was op", "Case file as it stood on"),
    "search.all_versions": ("Ook oudere versies", "Include older versions"),
    "search.sort": ("Volgorde", "Order"),
    "search.sort.relevance": ("Beste treffer eerst", "Best match first"),
    "search.sort.date": ("Nieuwste eerst", "Newest first"),
    "search.view": ("Weergave", "View"),
    "search.view.documents": ("Per document", "By document"),
    "search.view.dossiers": ("Per dossier", "By case file"),
    "search.csv": ("Cohort downloaden (CSV)", "Download cohort (CSV)"),
    "search.total": ("{n} documenten gevonden", "{n} documents found"),
    "search.total_dossiers": ("{n} dossiers gevonden", "{n} case files found"),
    "search.none": (
        "Niets gevonden. Probeer minder woorden of minder filters.",
        "Nothing found. Try fewer words or fewer filters.",
    ),
    "search.results": ("Resultaten", "Results"),
    "search.next": ("Volgende pagina", "Next page"),
    "search.first": ("Eerste pagina", "First page"),
    "search.page": ("pagina {n}", "page {n}"),
    "search.older_version": ("oudere versie", "older version"),
    "search.matches": ("{n} treffers", "{n} matches"),
    "facet.doc_type": ("Documentsoort", "Document type"),
    "facet.verdict": ("Oordeel", "Verdict"),
    "facet.components": ("Bouwdeel", "Building component"),
    "facet.firm": ("Ingenieursbureau", "Engineering firm"),
    "facet.year": ("Jaar", "Year"),
    "p": ("p.", "p."),
    "page": ("Pagina", "Page"),
    "version": ("versie", "version"),
    "versions": ("Versies", "Versions"),
    "dossiers.title": ("Dossiers", "Case files"),
    "dossiers.none": (
        "U hebt nog geen toegang tot een dossier. Vraag toegang aan via de pagina Toegang.",
        "You do not have access to any case file yet. Request access on the Access page.",
    ),
    "dossiers.lawyer_note": (
        "U ziet alleen de dossiers waarvoor u nu toegang hebt.",
        "You only see the case files you have access to now.",
    ),
    "address": ("Adres", "Address"),
    "dossier": ("Dossier", "Case file"),
    "dossier.verdict": ("Huidig veiligheidsoordeel", "Current safety verdict"),
    "dossier.verdict_from": ("volgens", "according to"),
    "dossier.no_verdict": ("Nog geen oordeel vastgelegd", "No verdict recorded yet"),
    "dossier.documents": ("Documenten", "Documents"),
    "dossier.search_in": ("Zoeken in dit dossier", "Search this case file"),
    "dossier.audit": ("Auditlog van dit dossier", "Audit log of this case file"),
    "col.document": ("Document", "Document"),
    "col.type": ("Soort", "Type"),
    "col.date": ("Datum", "Date"),
    "col.versions": ("Versies", "Versions"),
    "col.part_of": ("Bijlage van", "Attached to"),
    "doc.text": ("Tekst", "Text"),
    "doc.fields": ("Gegevens uit het document", "Facts read from the document"),
    "doc.field": ("Gegeven", "Fact"),
    "doc.value": ("Waarde", "Value"),
    "doc.why": ("Waarom (citaat)", "Why (quote)"),
    "doc.no_fields": ("Geen gegevens herkend.", "No facts recognised."),
    "doc.no_text": (
        "Van deze versie is geen tekst gelezen ({status}). Het origineel is bewaard.",
        "No text was read from this version ({status}). The original is kept.",
    ),
    "doc.version_select": ("Versie tonen", "Show version"),
    "doc.show": ("Tonen", "Show"),
    "doc.download": ("Origineel downloaden", "Download original"),
    "doc.record": ("Over deze versie", "About this version"),
    "doc.ingested": ("Opgenomen", "Ingested"),
    "doc.by": ("door", "by"),
    "doc.filename": ("Bestandsnaam", "File name"),
    "doc.media_type": ("Bestandssoort", "File type"),
    "doc.size": ("Grootte", "Size"),
    "doc.sha256": ("SHA-256", "SHA-256"),
    "doc.parse": ("Gelezen", "Read"),
    "doc.parent": ("Bijlage van", "Attached to"),
    "doc.children": ("Bijlagen", "Attachments"),
    "doc.highlight": ("Gemarkeerd: {q}", "Highlighted: {q}"),
    "doc.latest": ("nieuwste", "latest"),
    "doc.measurements": ("Maten", "Measurements"),
    "doc.references": ("Verwijzingen", "References"),
    "trace.timeline": (
        "Tijdlijn van alle documenten en versies",
        "Timeline of every document and version",
    ),
    "trace.timeline_help": (
        "Ruit: besluit (groen: voldoet, rood: voldoet niet). Rondje: document. Ring: latere "
        "versie. Elk teken is een link naar die versie.",
        "Diamond: decision (green: meets, red: does not meet). Dot: document. Ring: later "
        "version. Each mark links to that version.",
    ),
    "trace.undated": ("zonder datum", "undated"),
    "trace.as_of": ("Dossier zoals het was op", "Case file as it stood on"),
    "trace.as_of_note": (
        "U ziet het dossier zoals het was op {day}.",
        "You see the case file as it stood on {day}.",
    ),
    "trace.show": ("Tonen", "Show"),
    "trace.today": ("Vandaag", "Today"),
    "trace.chains": ("Hoe elk oordeel tot stand kwam", "How each verdict was reached"),
    "trace.chains_none": (
        "Geen besluit met een oordeel gevonden.",
        "No decision with a verdict found.",
    ),
    "trace.chain_of": ("Oordeel in {doc}", "Verdict in {doc}"),
    "trace.inspection": ("Opname", "Inspection"),
    "trace.assessment": ("Beoordeling", "Assessment"),
    "trace.decision": ("Besluit", "Decision"),
    "trace.missing": ("niet gevonden", "not found"),
    "trace.inferred": ("afgeleid", "inferred"),
    "trace.cited": ("genoemd in de tekst", "cited in the text"),
    "trace.objections": ("Bezwaar en reacties", "Objections and responses"),
    "trace.changed_after": ("Later gewijzigd", "Changed afterwards"),
    "trace.changed_note": (
        "Versie {new} van {doc} ({day}) kwam na het besluit; het besluit steunde op versie {used}.",
        "Version {new} of {doc} ({day}) came after the decision, which rested on version {used}.",
    ),
    "trace.loud": ("let op: oordeel of maten gewijzigd", "note: verdict or measurements changed"),
    "trace.compare": ("Vergelijk", "Compare"),
    "trace.notes": ("Opmerkingen", "Notes"),
    "trace.discrepancies": (
        "Tegenstrijdigheden tussen opname en beoordeling",
        "Discrepancies between inspection and assessment",
    ),
    "trace.discrepancies_none": ("Geen tegenstrijdigheden gevonden.", "No discrepancies found."),
    "trace.what": ("Wat", "What"),
    "trace.resolved": ("Opgelost in", "Resolved in"),
    "trace.open": ("open", "open"),
    "trace.why": ("Waarom deze versie", "Why this version"),
    "trace.why_attached": ("Waarom bij dit besluit", "Why with this decision"),
    "lane.research": ("Onderzoek", "Research"),
    "lane.decisions": ("Besluiten", "Decisions"),
    "lane.objection": ("Reactie, bezwaar", "Response, objection"),
    "lane.other": ("Overig", "Other"),
    "diff.title": (
        "Verschil tussen versie {old} en {new}",
        "Difference between version {old} and {new}",
    ),
    "diff.choose": ("Vergelijk met versie", "Compare with version"),
    "diff.fields": ("Gewijzigde gegevens", "Changed facts"),
    "diff.no_fields": ("Geen gegevens gewijzigd.", "No facts changed."),
    "diff.text": ("Gewijzigde tekst", "Changed text"),
    "diff.no_text": (
        "Van een van beide versies is geen tekst gelezen.",
        "No text was read from one of the versions.",
    ),
    "diff.unchanged": (
        "{n} alinea's ongewijzigd; {f} regels kop- en voettekst weggelaten.",
        "{n} paragraphs unchanged; {f} header and footer lines left out.",
    ),
    "diff.old": ("Was", "Was"),
    "diff.new": ("Wordt", "Now"),
    "diff.close": ("Verschil sluiten", "Close the difference"),
    "access.title": ("Toegang tot dossiers", "Access to case files"),
    "access.request": ("Toegang aanvragen", "Request access"),
    "access.request_intro": (
        "Vraag toegang aan tot het dossier van uw cliënt. Een behandelaar beslist en u ziet "
        "het besluit hieronder.",
        "Ask for access to your client's case file. A reviewer decides; you see the decision "
        "below.",
    ),
    "access.dossier_id": ("Dossiernummer", "Case file number"),
    "access.reason": ("Reden", "Reason"),
    "access.send": ("Aanvraag versturen", "Send request"),
    "access.sent": ("Uw aanvraag is verstuurd.", "Your request has been sent."),
    "access.my_requests": ("Mijn aanvragen", "My requests"),
    "access.requests": ("Aanvragen", "Requests"),
    "access.open_requests": ("Open aanvragen", "Open requests"),
    "access.no_requests": ("Geen aanvragen.", "No requests."),
    "access.grants": ("Toegang verleend", "Grants"),
    "access.my_grants": ("Mijn toegang", "My access"),
    "access.no_grants": ("Geen toegang verleend.", "No grants."),
    "access.user": ("Gebruiker", "User"),
    "access.requested_at": ("Aangevraagd", "Requested"),
    "access.state": ("Status", "Status"),
    "access.pending": ("in behandeling", "pending"),
    "access.granted": ("toegekend", "granted"),
    "access.refused": ("geweigerd", "refused"),
    "access.active": ("actief", "active"),
    "access.ended": ("verlopen", "ended"),
    "access.revoked": ("ingetrokken", "revoked"),
    "access.until": ("Tot en met", "Until"),
    "access.by": ("Door", "By"),
    "access.grant": ("Toekennen", "Grant"),
    "access.refuse": ("Weigeren", "Refuse"),
    "access.decide": ("Beslissen", "Decide"),
    "access.decision_reason": ("Toelichting", "Explanation"),
    "access.revoke": ("Intrekken", "Revoke"),
    "access.revoke_reason": ("Reden van intrekken", "Reason for revoking"),
    "access.new_grant": ("Toegang verlenen", "Grant access"),
    "access.decided": ("Besluit vastgelegd.", "Decision recorded."),
    "audit.title": ("Auditlog", "Audit log"),
    "audit.intro": (
        "Elke opname, inzage, zoekopdracht, download en toegangsbeslissing, in volgorde. "
        "Elke regel is met een hash aan de vorige geketend.",
        "Every ingest, view, search, download and access decision, in order. Each line is "
        "chained to the previous one by a hash.",
    ),
    "audit.actor": ("Wie", "Who"),
    "audit.action": ("Handeling", "Action"),
    "audit.target": ("Waarop (begin)", "Target (prefix)"),
    "audit.target_hint": (
        "bijv. dossier:GRN-2022-00001 of document:GRN-2022-00001/",
        "e.g. dossier:GRN-2022-00001 or document:GRN-2022-00001/",
    ),
    "audit.since": ("Vanaf", "From"),
    "audit.until": ("Tot", "Until"),
    "audit.filter": ("Filteren", "Filter"),
    "audit.seq": ("Nr.", "No."),
    "audit.time": ("Tijd (UTC)", "Time (UTC)"),
    "audit.details": ("Details", "Details"),
    "audit.none": ("Geen gebeurtenissen gevonden.", "No events found."),
    "audit.more": ("Meer gebeurtenissen", "More events"),
    "error.title": ("Er ging iets mis", "Something went wrong"),
    "error.detail": ("Technische melding", "Technical message"),
    "error.back": ("Terug naar zoeken", "Back to search"),
    "error.400": ("Dit adres klopt niet", "This address is not valid"),
    "error.400.todo": ("Controleer het adres of zoek het dossier op.", "Check the address."),
    "error.401": ("U bent niet ingelogd", "You are not signed in"),
    "error.401.todo": ("Log in en probeer het opnieuw.", "Sign in and try again."),
    "error.403": ("U hebt hier geen toegang toe", "You do not have access to this"),
    "error.403.todo": (
        "Hebt u een dossier nodig? Vraag toegang aan via de pagina Toegang. Deze poging is "
        "vastgelegd.",
        "Do you need a case file? Request access on the Access page. This attempt was recorded.",
    ),
    "error.404": ("Niet gevonden", "Not found"),
    "error.404.todo": (
        "Controleer het adres, of zoek het document op via Zoeken.",
        "Check the address, or find the document through Search.",
    ),
    "error.409": ("Dit kan nu niet", "This cannot be done now"),
    "error.409.todo": (
        "Iemand anders heeft dit misschien net gedaan. Laad de pagina opnieuw.",
        "Someone else may have just done this. Reload the page.",
    ),
    "error.422": ("Niet alle gegevens kloppen", "Some of the input is not valid"),
    "error.422.todo": (
        "Controleer de velden (bijvoorbeeld een datum als 2024-05-31) en probeer opnieuw.",
        "Check the fields (for example a date as 2024-05-31) and try again.",
    ),
    "error.503": ("Even niet beschikbaar", "Temporarily unavailable"),
    "error.503.todo": (
        "Een onderdeel van navolg is even niet bereikbaar. Niets is verloren; probeer het over "
        "een halve minuut opnieuw.",
        "Part of navolg cannot be reached. Nothing is lost; try again in half a minute.",
    ),
    "error.500": ("Fout in navolg", "Error in navolg"),
    "error.500.todo": (
        "De fout is vastgelegd. Probeer het opnieuw of meld het bij de beheerder.",
        "The error is logged. Try again or tell your administrator.",
    ),
}

LABELS: dict[str, tuple[str, str]] = {
    "opname": ("Opname", "Inspection"),
    "beoordeling": ("Beoordeling", "Assessment"),
    "berekening": ("Berekening", "Calculation"),
    "versterkingsadvies": ("Versterkingsadvies", "Reinforcement advice"),
    "besluit": ("Besluit", "Decision"),
    "zienswijze": ("Zienswijze", "Resident's response"),
    "gespreksverslag": ("Gespreksverslag", "Conversation record"),
    "bezwaar": ("Bezwaar", "Objection"),
    "hoorzitting": ("Hoorzitting", "Hearing"),
    "advies_bezwaarcommissie": ("Advies bezwaarcommissie", "Objection committee's advice"),
    "beslissing_op_bezwaar": ("Beslissing op bezwaar", "Decision on objection"),
    "contra_expertise": ("Contra-expertise", "Counter-expert report"),
    "correspondentie": ("Correspondentie", "Correspondence"),
    "foto": ("Foto", "Photo"),
    "overig": ("Overig", "Other"),
    "op_norm": ("Voldoet aan de veiligheidsnorm", "Meets the safety norm"),
    "niet_op_norm": ("Voldoet niet aan de veiligheidsnorm", "Does not meet the safety norm"),
    "admin": ("beheerder", "administrator"),
    "reviewer": ("bezwaarbehandelaar", "objection reviewer"),
    "auditor": ("auditor", "auditor"),
    "ombudsman": ("ombudsman", "ombudsman"),
    "lawyer": ("advocaat", "lawyer"),
    "counter_expert": ("contra-expert", "counter-expert"),
    "doc_type": ("Documentsoort", "Document type"),
    "document_date": ("Documentdatum", "Document date"),
    "postcode": ("Postcode", "Postcode"),
    "huisnummer": ("Huisnummer", "House number"),
    "toevoeging": ("Toevoeging", "Addition"),
    "kenmerk": ("Kenmerk", "Reference number"),
    "verdict": ("Oordeel", "Verdict"),
    "firm": ("Ingenieursbureau", "Engineering firm"),
    "norm": ("Norm", "Norm"),
    "method": ("Methode", "Method"),
    "components": ("Bouwdelen", "Building components"),
    "materials": ("Materialen", "Materials"),
    "measurements": ("Maten", "Measurements"),
    "references": ("Verwijzingen", "References"),
    "parsed": ("gelezen", "read"),
    "empty": ("leeg", "empty"),
    "needs_ocr": ("tekstherkenning nodig", "needs OCR"),
    "failed": ("niet gelezen", "not read"),
    "not_parsed": ("niet gelezen", "not read"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[LANGUAGES.index(lang)] if lang in LANGUAGES else pair[0]


def translator(lang: str) -> Callable[..., str]:
    """t('key', n=3): the message in the page language, with named values filled in."""

    def t(key: str, **values: object) -> str:
        text = _pick(MESSAGES[key], lang)
        return text.format(**values) if values else text

    return t


def labeller(lang: str) -> Callable[[str | None], str]:
    """A readable name for a stored code (document type, verdict, role, field); unknown codes
    are shown as they are, with underscores as spaces."""

    def label(code: str | None) -> str:
        if code is None:
            return "—"
        pair = LABELS.get(code)
        return _pick(pair, lang) if pair else code.replace("_", " ")

    return label


def explainer(lang: str) -> Callable[[Any], str]:
    """The trace's explanations in the page language: a piece of evidence or an attached
    document (its why), a field change, or a message. Falls back on the stored English text
    for a trace recorded before explanations carried their message."""

    def explain(item: Any) -> str:
        if isinstance(item, Said):
            return sentence(word(item, lang))
        if isinstance(item, FieldChange):
            return sentence(word_field(item, lang))
        why = getattr(item, "why", None)
        return sentence(word(why, lang) if why is not None else str(getattr(item, "reason", "")))

    return explain


def sentence(text: str) -> str:
    """Shown on its own, an explanation starts with a capital (only its first letter: ids and
    codes inside it keep their case)."""
    return text[:1].upper() + text[1:]


def chain_notes(chain: Chain, lang: str) -> list[str]:
    """Why a chain lacks a link, in the page language (older traces: the English notes)."""
    if chain.notes_said:
        return [sentence(word(n, lang)) for n in chain.notes_said]
    return [sentence(n) for n in chain.notes]
