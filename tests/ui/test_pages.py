"""End-to-end in Chromium: sign-in per role, search with filters and facets, dossier with its
timeline and trace, document versions, diff and download, errors and the language switch."""

import hashlib
import re
import urllib.parse
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from api.demo import DEMO_ACCOUNTS
from lineage.models import FieldChange, Said
from lineage.wording import word, word_field
from tests.ui.conftest import PageMaker, Site, sign_in
from ui.i18n import LABELS, sentence

SEES_AUDIT = {"admin", "auditor"}


def test_sign_in_each_role_shows_who_and_role(new_page: PageMaker, site: Site) -> None:
    for user, role, name in DEMO_ACCOUNTS:
        page = sign_in(new_page(), site, user)
        who = page.get_by_test_id("whoami")
        expect(who).to_contain_text(name)
        expect(who).to_contain_text(LABELS[role][0])
        audit_link = page.get_by_role("link", name="Auditlog")
        expect(audit_link).to_have_count(1 if role in SEES_AUDIT else 0)
        page.get_by_role("button", name="Uitloggen").click()
        page.wait_for_url(re.compile(r"/login$"))
        page.goto("/dossiers")  # signed out: back to the sign-in form, and back here after
        page.wait_for_url(re.compile(r"/login\?next=%2Fdossiers$"))


def test_wrong_password_is_refused_and_says_so(new_page: PageMaker, site: Site) -> None:
    page = new_page()
    page.goto("/login")
    page.get_by_label("Gebruikersnaam").fill("behandelaar")
    page.get_by_label("Wachtwoord").fill("not the password")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    assert page.context.cookies() == [] or all(
        c["name"] != "navolg_session" for c in page.context.cookies()
    )


def _total(page: Page) -> int:
    return int(page.get_by_test_id("total").inner_text().split()[0])


def test_search_with_facets_filters_snippets_paging(new_page: PageMaker, site: Site) -> None:
    page = sign_in(new_page(), site, "behandelaar")
    page.get_by_label("Zoekterm").fill("topgevel")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_url(re.compile(r"\?q=topgevel"))
    everything = _total(page)
    assert everything > 0
    expect(page.locator("[data-testid=hits] mark").first).to_be_visible()
    expect(page.locator("[data-testid=hits] .page").first).to_contain_text("p.")
    # The facet count for assessments is the total once that facet is chosen.
    facet = page.get_by_role("group", name="Documentsoort").get_by_label(
        re.compile(r"^Beoordeling \(\d+\)$")
    )
    expected = int(re.search(r"\((\d+)\)", facet.locator("..").inner_text())[1])  # type: ignore[index]
    facet.check()
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url(re.compile(r"type=beoordeling"))
    assert _total(page) == expected <= everything
    metas = page.locator("[data-testid=hits] .meta").all_inner_texts()
    assert metas and all("Beoordeling" in m for m in metas)
    # Per dossier: one row per dossier, the same URL otherwise.
    page.get_by_role("link", name="Per dossier").click()
    page.wait_for_url(re.compile(r"view=dossiers"))
    rows = page.locator("[data-testid=dossier-rows] > li")
    assert 0 < rows.count() <= len(site.dossiers)
    # The cohort CSV: one line per dossier of the same query.
    with page.expect_download() as download:
        page.get_by_role("link", name="Cohort downloaden (CSV)").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("dossier_id,") and len(lines) - 1 == rows.count()


def test_search_paging_and_date_filter(new_page: PageMaker, site: Site) -> None:
    page = sign_in(new_page(), site, "auditor")
    page.goto("/?q=")
    total = _total(page)
    assert total > 10  # every current document of the corpus
    first = page.locator("[data-testid=hits] h3").all_inner_texts()
    page.get_by_role("link", name="Volgende pagina").click()
    expect(page.get_by_text("pagina 2")).to_be_visible()
    second = page.locator("[data-testid=hits] h3").all_inner_texts()
    assert second and not set(first) & set(second)
    page.goto("/?q=")
    page.get_by_label("Documentdatum vanaf").fill("2021-01-01")
    page.get_by_label("Documentdatum tot en met").fill("2021-12-31")
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url(re.compile(r"date_from=2021-01-01"))
    dates = page.locator("[data-testid=hits] time").all_inner_texts()
    assert dates and all(d.startswith("2021") for d in dates)
    assert "as_of" not in page.url  # empty fields stay out of the shareable URL


def _facet(page: Page, group: str, name: str | re.Pattern[str]) -> tuple[Locator, int]:
    """A facet's checkbox and the count beside it."""
    box = page.get_by_role("group", name=group).get_by_label(name)
    return box, int(re.findall(r"\((\d+)\)", box.locator("..").inner_text())[-1])


def test_verdict_component_facets_as_of_and_all_versions(new_page: PageMaker, site: Site) -> None:
    """Two facets at once narrow to documents that have both; as-of and older versions
    change what is counted, as the API counts it with the same query string."""
    page = sign_in(new_page(), site, "behandelaar")
    page.goto("/?q=")
    current = _total(page)
    verdict, _ = _facet(page, "Oordeel", re.compile(r"^Voldoet niet aan de veiligheidsnorm"))
    verdict.check()
    component, _ = _facet(page, "Bouwdeel", re.compile(r"^topgevel \("))
    component.check()
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url(re.compile(r"verdict=niet_op_norm.*component=topgevel"))
    both = _total(page)
    query = page.url.split("?", 1)[1]
    api = page.request.get(f"/api/v1/search?{query}").json()
    assert both == api["total"] and 0 < both < current
    assert all(h["verdict"] == "niet_op_norm" for h in api["hits"])
    page.goto("/?q=")
    page.get_by_label("Ook oudere versies").check()
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url(re.compile(r"all_versions=true"))
    assert _total(page) > current  # the corrected reports' first versions count too
    page.goto("/?q=")
    page.get_by_label("Dossier zoals het was op").fill("2019-12-31")
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url(re.compile(r"as_of=2019-12-31"))
    then = _total(page)
    assert then < current
    assert then == page.request.get("/api/v1/search?q=&as_of=2019-12-31").json()["total"]


def test_dossier_page_timeline_trace_and_documents(new_page: PageMaker, site: Site) -> None:
    page = sign_in(new_page(), site, "ombudsman")
    page.get_by_role("link", name="Dossiers", exact=True).click()
    page.locator("[data-testid=dossier-list] a").first.click()
    dossier_id = page.url.rsplit("/", 1)[-1]
    twin = page.request.get(f"/dossiers/{dossier_id}?format=json").json()
    trace = twin["trace"]
    expect(page.get_by_test_id("verdict")).to_be_visible()
    marks = page.locator("[data-testid=timeline] svg a")
    assert marks.count() == len(trace["timeline"]) > 0
    assert page.locator("[data-testid=chain]").count() == len(trace["verdicts"])
    assert page.locator("[data-testid=documents] tbody tr").count() == len(
        twin["dossier"]["documents"]
    )
    # A timeline mark is a link to that version's page.
    href = marks.first.get_attribute("href") or ""
    page.goto(href)
    expect(page.get_by_role("heading", level=1)).to_have_text(trace["timeline"][0]["doc_id"])


def _versioned_document(page: Page, site: Site) -> tuple[str, str, int]:
    """A document with more than one version in the ingested corpus (asked through the API)."""
    for dossier_id in site.dossiers:
        view = page.request.get(f"/api/v1/dossiers/{dossier_id}").json()
        for doc in view["documents"]:
            if doc["versions"] > 1:
                return dossier_id, doc["doc_id"], doc["versions"]
    raise AssertionError("the sample corpus has corrected reports with two versions")


def test_document_text_versions_diff_and_download(new_page: PageMaker, site: Site) -> None:
    page = sign_in(new_page(), site, "behandelaar")
    dossier_id, doc_id, latest = _versioned_document(page, site)
    path = f"/documents/{dossier_id}/{urllib.parse.quote(doc_id)}"
    page.goto(f"{path}?q=woning")
    expect(page.get_by_role("heading", level=1)).to_have_text(doc_id)
    expect(page.locator(".pagetext mark").first).to_be_visible()
    expect(page.get_by_role("heading", name="Pagina 1")).to_be_visible()
    why = page.locator("[data-testid=fields] .why").first
    expect(why).to_contain_text("p.")
    # Switch to version 1 with the selector.
    page.get_by_label("Versie tonen").select_option("1")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url(re.compile(r"version=1"))
    expect(page.locator("p.meta")).to_contain_text("versie 1")
    # Diff from version 1 to the latest one: text and fields.
    page.goto(f"{path}?version={latest}")
    page.get_by_label("Vergelijk met versie").select_option("1")
    page.get_by_role("button", name="Vergelijk").click()
    diff = page.get_by_test_id("diff")
    expect(diff).to_contain_text(f"Verschil tussen versie 1 en {latest}")
    assert diff.locator("del, ins").count() > 0
    # Download the original: the bytes are the recorded ones.
    record = page.request.get(f"/api/v1/documents/{dossier_id}/{doc_id}?version={latest}").json()
    with page.expect_download() as download:
        page.get_by_test_id("download").click()
    data = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == record["sha256"]
    assert len(data) == record["size"]


def test_error_pages_say_what_to_do(new_page: PageMaker, site: Site) -> None:
    page = sign_in(new_page(), site, "behandelaar")
    response = page.goto("/dossiers/GRN-0000-99999")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("Niet gevonden")
    response = page.goto("/audit")  # a reviewer may not read the audit log
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("geen toegang")
    response = page.goto("/?date_from=31-12-2021")
    assert response is not None and response.status == 422
    expect(page.locator("main")).to_contain_text("2024-05-31")


def test_language_switch_keeps_the_page(new_page: PageMaker, site: Site) -> None:
    page = sign_in(new_page(), site, "auditor")
    page.goto("/dossiers")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("link", name="Switch to English").click()
    page.wait_for_url(re.compile(r"/dossiers$"))
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("Case files")
    page.get_by_role("link", name="Search").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search case files")
    page.get_by_role("link", name="Schakel naar Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoeken in dossiers")


def test_keyboard_skip_link_and_visible_focus(new_page: PageMaker, site: Site) -> None:
    page = sign_in(new_page(), site, "behandelaar")
    page.goto("/dossiers")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    outline = skip.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_phone_width_has_no_sideways_scrolling(new_page: PageMaker, site: Site) -> None:
    page = sign_in(new_page(width=390, height=844), site, "behandelaar")
    for path in ("/?q=gevel", "/dossiers", f"/dossiers/{site.dossiers[0]}", "/access"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)


def test_trace_explanations_in_dutch_then_english(new_page: PageMaker, site: Site) -> None:
    """The why of each link in a verdict chain, and each later change, is worded in the page
    language from the message lineage recorded; English under the switch is the API's text."""
    page = sign_in(new_page(), site, "behandelaar")
    dossier = next(
        d for d in site.dossiers if any(c["changed_after"] for c in _trace(page, d)["verdicts"])
    )  # the sample corpus corrects reports after a decision
    trace = _trace(page, dossier)
    evidence = [e for c in trace["verdicts"] for e in (c["inspection"], c["assessment"]) if e]
    changes = [f for c in trace["verdicts"] for ch in c["changed_after"] for f in ch["fields"]]
    assert evidence and changes
    page.goto(f"/dossiers/{dossier}")
    chains = page.get_by_test_id("chain")
    dutch = chains.locator("details p").all_text_contents()
    assert dutch[0] == sentence(word(Said(**evidence[0]["why"]), "nl"))
    assert dutch[0] != sentence(evidence[0]["reason"])
    assert {sentence(word_field(FieldChange(**f), "nl")) for f in changes} <= set(
        chains.locator("ul.changes li").all_text_contents()
    )
    assert page.locator("main [lang=en]").count() == 0  # nothing on the page left in English
    page.get_by_role("link", name="Switch to English").click()
    page.wait_for_url(re.compile(rf"/dossiers/{dossier}$"))
    english = page.get_by_test_id("chain").locator("details p").all_text_contents()
    assert english[0] == sentence(evidence[0]["reason"])
    assert {sentence(f["summary"]) for f in changes} <= set(
        page.get_by_test_id("chain").locator("ul.changes li").all_text_contents()
    )


def _trace(page: Page, dossier_id: str) -> dict[str, Any]:
    return dict(page.request.get(f"/api/v1/dossiers/{dossier_id}/trace").json())
