"""axe-core in the browser on the main pages (both languages, desktop and phone width): no
serious or critical violations of WCAG 2.1 A/AA."""

import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.ui.conftest import ROOT, PageMaker, Site, sign_in

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def _axe_file() -> Path:
    found = sorted((ROOT / ".cache" / "axe-core").glob("axe-*.min.js"))
    if not found:
        pytest.fail("axe-core is missing: scripts/setup.sh fetches it with npm pack")
    return found[-1]


def _violations(page: Page, path: str) -> list[str]:
    page.goto(path)
    page.add_script_tag(path=str(_axe_file()))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    assert result["passes"], path  # axe really ran and checked something
    return [
        f"{path}: {v['id']} ({v['impact']}) {v['help']} — {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def _main_pages(page: Page, site: Site) -> list[str]:
    view = page.request.get(f"/api/v1/dossiers/{site.dossiers[0]}").json()
    doc = (
        next(d for d in view["documents"] if d["versions"] > 1)
        if any(d["versions"] > 1 for d in view["documents"])
        else view["documents"][0]
    )
    doc_path = f"/documents/{site.dossiers[0]}/{urllib.parse.quote(doc['doc_id'])}"
    return [
        "/?q=topgevel",
        "/?q=topgevel&view=dossiers",
        "/dossiers",
        f"/dossiers/{site.dossiers[0]}",
        f"{doc_path}?q=woning",
        f"{doc_path}?compare=1" if doc["versions"] > 1 else doc_path,
        "/access",
        "/dossiers/GRN-0000-99999",  # the error page
    ]


def test_no_serious_violations(new_page: PageMaker, site: Site) -> None:
    found: list[str] = []
    anonymous = new_page()
    found += _violations(anonymous, "/login")
    reviewer = sign_in(new_page(), site, "behandelaar")
    pages = _main_pages(reviewer, site)
    for path in pages:
        found += _violations(reviewer, path)
    auditor = sign_in(new_page(), site, "auditor")
    found += _violations(auditor, "/audit")
    auditor.goto(f"/lang/en?next={urllib.parse.quote('/')}")
    found += _violations(auditor, "/?q=topgevel")
    found += _violations(auditor, f"/dossiers/{site.dossiers[0]}")
    phone = sign_in(new_page(width=390, height=844), site, "advocaat")
    granted = site.dossiers[0]  # the demo's grant to the lawyer
    for path in ("/access", "/?q=", "/dossiers", f"/dossiers/{granted}"):
        found += _violations(phone, path)
    reviewer_phone = sign_in(new_page(width=390, height=844), site, "behandelaar")
    for path in pages[4:6]:  # the document page and its diff
        found += _violations(reviewer_phone, path)
    assert not found, "\n".join(found)
