"""The app `navolg open` serves: the usual API over the opened export, plus the bag itself.

The web pages come with the app (sign in as the session's local user); the export's own
index.html (with its originals, texts and records) is served at /export/ as well.
"""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.app import create_app
from api.settings import Settings
from export.opened import OpenedExport


def opened_app(opened: OpenedExport) -> FastAPI:
    settings = Settings(store=str(opened.bag.parent / "store"))
    app = create_app(settings, opened.store, opened.index)
    app.mount("/export", StaticFiles(directory=opened.bag / "data", html=True), name="export")
    return app
