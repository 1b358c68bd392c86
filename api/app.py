"""The FastAPI app: `create_app(settings, store, index)`; routes are thin, logic lives below."""

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

import ui
from api import problems
from api.context import AppContext
from api.limits import LimitBody
from api.metrics import CountRequests
from api.routes import access, dossiers, export, search, session, system, trace, upload
from api.settings import Settings
from search.backend import SearchIndex
from store.access import AccessRecords
from store.records import Store

VERSION = "0.1.0"


def create_app(settings: Settings, store: Store, index: SearchIndex) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            ctx.parse_pools.close()  # the upload parsers kept warm between uploads
            ctx.threads.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        lifespan=lifespan,
        title="navolg",
        version=VERSION,
        description="Audit-trail document store with search for case files (dossiers). "
        "Every read is logged before it is answered; errors are RFC 9457 problem details.",
    )
    secret = settings.secret_key.encode() if settings.secret_key else None
    ctx = AppContext(settings=settings, store=store, index=index, access=AccessRecords(store))
    if secret:
        ctx.secret = secret
    app.state.ctx = ctx
    app.state.requests = Counter()
    problems.install(app)
    for module in (system, session, search, dossiers, trace, export, access, upload):
        app.include_router(module.router)
    ui.install(app)  # the web pages, over the same functions as the routes above

    app.add_middleware(LimitBody, max_bytes=settings.max_upload_mb << 20)
    app.add_middleware(CountRequests, counts=app.state.requests)

    return app
