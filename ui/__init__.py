"""The web interface: server-rendered pages over the same functions as the JSON API."""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ui import access, dossiers, search, session
from ui.web import HERE


def install(app: FastAPI) -> None:
    """Add the pages and their static files to the app (one call from create_app)."""
    for module in (session, search, dossiers, access):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
