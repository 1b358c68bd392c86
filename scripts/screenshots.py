"""Regenerate the screenshots in docs/ (used by the README) from the real web interface.

    .venv/bin/python scripts/screenshots.py              # its own demo: sample corpus, serve
    .venv/bin/python scripts/screenshots.py --url http://127.0.0.1:8000   # a running demo

Without --url it runs `navolg demo --no-serve` into a temporary folder, serves it with
`navolg serve` on a free port and stops it at the end. Pages are shot in Debian's Chromium
(Playwright with executable_path) and saved as small palette PNGs.
"""

import argparse
import io
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def own_demo() -> Iterator[str]:
    """A throw-away demo: the same command as the README, then `navolg serve`."""
    with tempfile.TemporaryDirectory() as tmp:
        cli = [sys.executable, "-m", "api.cli"]
        subprocess.run([*cli, "demo", "--data", tmp, "--dossiers", "4", "--no-serve"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        port = _port()
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        serve = [*cli, "serve", "--port", str(port), "--data", f"{tmp}/store"]
        server = subprocess.Popen(serve, cwd=ROOT, **quiet)  # type: ignore[call-overload]
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(url + "/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=20)


def save(page: Page, name: str) -> None:
    """A viewport-sized palette PNG: a few tens of kB each."""
    shot = Image.open(io.BytesIO(page.screenshot()))
    shot.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
        DOCS / f"{name}.png", optimize=True
    )
    print(f"docs/{name}.png")


def sign_in(page: Page, user: str) -> None:
    page.goto("/login")
    page.fill("#user_id", user)
    page.fill("#password", f"{user}-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def shoot(url: str) -> None:
    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(
            base_url=url, viewport={"width": 1280, "height": 860}, locale="nl-NL"
        )
        sign_in(page, "behandelaar")
        page.goto("/?q=topgevel")
        save(page, "ui-search")
        dossier = _dossier_with_change(page)
        page.goto(f"/dossiers/{dossier}")
        save(page, "ui-dossier")
        # The first chain's explanations open, so the shot shows why each link was chosen.
        page.locator("[data-testid=chain]").first.locator("details").evaluate_all(
            "all => all.forEach(d => d.open = true)"
        )
        page.locator("[data-testid=chain]").first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -80)")
        save(page, "ui-trace")
        link = page.locator("[data-testid=changed-after] a").first
        link.click()
        page.wait_for_load_state()
        save(page, "ui-document")
        page.goto("/access")
        save(page, "ui-access")
        phone = browser.new_page(
            base_url=url, viewport={"width": 390, "height": 844}, locale="nl-NL"
        )
        sign_in(phone, "advocaat")
        phone.goto("/dossiers")
        phone.locator("[data-testid=dossier-list] a").first.click()
        phone.wait_for_load_state()
        save(phone, "ui-phone")
        auditor = browser.new_page(
            base_url=url, viewport={"width": 1280, "height": 860}, locale="nl-NL"
        )
        sign_in(auditor, "auditor")
        auditor.goto("/audit?actor=behandelaar")
        save(auditor, "ui-audit")
        browser.close()


def _dossier_with_change(page: Page) -> str:
    """A dossier whose assessment was corrected after its decision: the trace shows most."""
    ids = [d["dossier_id"] for d in page.request.get("/api/v1/dossiers").json()]
    for dossier_id in ids:
        trace = page.request.get(f"/api/v1/dossiers/{dossier_id}/trace").json()
        if any(chain["changed_after"] for chain in trace["verdicts"]):
            return str(dossier_id)
    return str(ids[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running navolg demo (default: start one)")
    args = parser.parse_args()
    if args.url:
        shoot(args.url)
        return
    with own_demo() as url:
        shoot(url)


if __name__ == "__main__":
    main()
