"""A lawyer asks for a dossier, a reviewer grants it, the lawyer uses it; the dossier never
granted shows up on no page; the auditor sees every one of those steps in the audit view."""

import re
import urllib.parse
from typing import Any

from playwright.sync_api import Page, expect

from tests.ui.conftest import PageMaker, Site, sign_in


def _listed(page: Page) -> list[str]:
    page.goto("/dossiers")
    return page.locator("[data-testid=dossier-list] tbody td:first-child").all_inner_texts()


def _facts(reviewer: Page, dossier_id: str) -> dict[str, Any]:
    """What would give the dossier away: its id, postcode and document names."""
    view = reviewer.request.get(f"/api/v1/dossiers/{dossier_id}").json()
    return {
        "id": dossier_id,
        "postcode": view["address"]["postcode"],
        "docs": [d["doc_id"] for d in view["documents"]],
    }


def _total(reviewer: Page, dossiers: list[str]) -> int:
    query = urllib.parse.urlencode([("q", ""), *(("dossier", d) for d in dossiers)])
    return int(reviewer.request.get(f"/api/v1/search?{query}").json()["total"])


def _audit_rows(auditor: Page, **filters: str) -> list[str]:
    auditor.goto("/audit?" + urllib.parse.urlencode(filters))
    return auditor.locator("[data-testid=audit] tbody tr").all_inner_texts()


def test_request_grant_use_and_nothing_else(new_page: PageMaker, site: Site) -> None:
    granted, asked_before, wanted = site.dossiers[:3]  # the demo grants the first, asks the second
    lawyer = sign_in(new_page(), site, "advocaat")
    reviewer = sign_in(new_page(), site, "behandelaar")
    hidden = _facts(reviewer, asked_before)
    assert _listed(lawyer) == [granted]

    # The lawyer asks for access; it is pending and the dossier stays closed.
    lawyer.goto("/access")
    lawyer.get_by_label("Dossiernummer").fill(wanted)
    lawyer.get_by_label("Reden").fill("Bezwaar namens de bewoner, machtiging bijgevoegd")
    lawyer.get_by_role("button", name="Aanvraag versturen").click()
    expect(lawyer.get_by_role("status")).to_contain_text("verstuurd")
    row = lawyer.get_by_test_id("requests").locator("tr", has_text=wanted)
    expect(row).to_contain_text("in behandeling")
    response = lawyer.goto(f"/dossiers/{wanted}")
    assert response is not None and response.status == 403

    # The reviewer grants it from the list of requests.
    reviewer.goto("/access")
    form = reviewer.get_by_role("form", name=f"Beslissen: advocaat {wanted}")
    form.get_by_label("Toelichting").fill("Machtiging gecontroleerd")
    form.get_by_role("button", name="Toekennen").click()
    expect(reviewer.get_by_role("status")).to_contain_text("Besluit vastgelegd")
    grant_row = reviewer.get_by_test_id("grants").locator("tr", has_text=wanted)
    expect(grant_row).to_contain_text("actief")

    # Now the lawyer sees it, and only what is granted.
    assert _listed(lawyer) == sorted([granted, wanted])
    lawyer.goto(f"/dossiers/{wanted}")
    expect(lawyer.get_by_role("heading", level=1)).to_be_visible()
    lawyer.goto("/?q=")
    lawyer_total = int(lawyer.get_by_test_id("total").inner_text().split()[0])
    assert lawyer_total == _total(reviewer, [granted, wanted]) > 0
    doc = _facts(reviewer, wanted)["docs"][0]
    lawyer.goto(f"/documents/{wanted}/{urllib.parse.quote(doc)}")
    with lawyer.expect_download():
        lawyer.get_by_test_id("download").click()

    _never_shown(lawyer, reviewer, hidden, [granted, wanted])
    _audit_shows_it(new_page, site, wanted, doc, hidden["id"])


def _never_shown(lawyer: Page, reviewer: Page, hidden: dict[str, Any], granted: list[str]) -> None:
    """Every page a lawyer can open, HTML and JSON twin: nothing of the ungranted dossier —
    not in results, totals or facet counts, the dossier list, nor behind a typed-in URL of
    its dossier, trace, document, text, history, diff, export or original. Only /access
    names its id, as the lawyer's own request."""
    pages = ["/", "/?q=", "/?q=&view=dossiers", "/?q=woning", "/?q=&all_versions=true",
             "/dossiers", f"/dossiers/{granted[0]}"]  # fmt: skip
    for path in pages:
        for twin in ("", "&format=json" if "?" in path else "?format=json"):
            lawyer.goto(path + twin)
            text = lawyer.content()
            assert hidden["id"] not in text, path + twin
            assert hidden["postcode"] not in text, path + twin
            assert not any(f">{d}<" in text or f'"{d}"' in text for d in hidden["docs"])
    # Facet counts are those of the granted dossiers alone, as a reviewer counts them.
    mine = lawyer.request.get("/?q=&format=json").json()["results"]["facets"]
    assert mine == _facets(reviewer, granted) and mine["doc_type"]
    for asked in (f"?dossier={hidden['id']}", f"?q={hidden['postcode']}"):  # typed in: nothing
        lawyer.goto("/" + asked)
        assert lawyer.get_by_test_id("total").inner_text().startswith("0 "), asked
        facets = lawyer.request.get("/" + asked + "&format=json").json()["results"]["facets"]
        assert not any(facets.values()), asked
    lawyer.goto("/access")
    assert hidden["postcode"] not in lawyer.content()
    dossier, quoted = hidden["id"], urllib.parse.quote(hidden["docs"][0])
    for path in (f"/dossiers/{dossier}", f"/dossiers/{dossier}?as_of=2030-01-01",
                 f"/dossiers/{dossier}?format=json", f"/documents/{dossier}/{quoted}",
                 f"/documents/{dossier}/{quoted}?compare=1&format=json"):  # fmt: skip
        response = lawyer.goto(path)
        assert response is not None and response.status == 403, path
        assert hidden["postcode"] not in lawyer.content()
        said = lawyer.locator("body").inner_text()
        # A made-up dossier gets the very same answer: a 403 does not tell what exists.
        made_up = path.replace(dossier, "GRN-0000-99999").replace(quoted, "niet-bestaand.pdf")
        response = lawyer.goto(made_up)
        assert response is not None and response.status == 403, made_up
        same = said.replace(dossier, "GRN-0000-99999").replace(
            hidden["docs"][0], "niet-bestaand.pdf"
        )
        assert lawyer.locator("body").inner_text() == same, made_up
    for api in (f"dossiers/{dossier}", f"dossiers/{dossier}/trace",
                f"dossiers/{dossier}/trace/prov", f"documents/{dossier}/{quoted}",
                f"texts/{dossier}/{quoted}", f"history/{dossier}/{quoted}",
                f"diff/{dossier}/{quoted}?v1=1&v2=1", f"originals/{dossier}/{quoted}",
                f"exports/{dossier}"):  # fmt: skip
        refused = lawyer.request.get(f"/api/v1/{api}")
        assert refused.status == 403, api
        assert hidden["postcode"] not in refused.text()
    listed = lawyer.request.get("/api/v1/dossiers").json()
    assert sorted(d["dossier_id"] for d in listed) == sorted(granted)


def _facets(reviewer: Page, dossiers: list[str]) -> dict[str, Any]:
    query = urllib.parse.urlencode([("q", ""), *(("dossier", d) for d in dossiers)])
    return dict(reviewer.request.get(f"/api/v1/search?{query}").json()["facets"])


def _audit_shows_it(new_page: PageMaker, site: Site, wanted: str, doc: str, hidden: str) -> None:
    auditor = sign_in(new_page(), site, "auditor")
    target = f"dossier:{wanted}"
    requested = _audit_rows(auditor, actor="advocaat", action="access.requested", target=target)
    assert len(requested) == 1 and "Bezwaar namens de bewoner" in requested[0]
    granted = _audit_rows(auditor, action="access.granted", target=target)
    assert len(granted) == 1 and "behandelaar" in granted[0]
    denied = _audit_rows(auditor, actor="advocaat", action="access.denied")
    assert any(f"/dossiers/{wanted}" in row for row in denied)  # before the grant
    for tried in (f"/dossiers/{hidden}", f"/api/v1/dossiers/{hidden}/trace",
                  f"/api/v1/originals/{hidden}/"):  # fmt: skip
        assert any(tried in row for row in denied), tried
    searched = _audit_rows(auditor, actor="advocaat", action="search.performed")
    assert any(hidden in row for row in searched)  # the typed-in ?dossier= is on record
    viewed = _audit_rows(auditor, actor="advocaat", action="dossier.viewed", target=target)
    assert viewed
    downloads = _audit_rows(auditor, actor="advocaat", action="document.downloaded")
    assert any(f"document:{wanted}/{doc}" in row for row in downloads)
    # The auditor's own look at the log is in the log too.
    auditor.goto("/audit?actor=auditor&action=audit.viewed")
    expect(auditor.get_by_test_id("audit")).to_contain_text("audit.viewed")
    assert re.search(r"/audit", auditor.url)
