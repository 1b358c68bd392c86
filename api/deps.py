"""FastAPI dependencies: the app context and the authenticated caller."""

from typing import Annotated

from fastapi import Depends, Request

from api.auth import Principal, authenticate
from api.context import AppContext


async def get_ctx(request: Request) -> AppContext:
    """Async because it does no I/O: a sync dependency costs a thread-pool hop per request."""
    ctx: AppContext = request.app.state.ctx
    return ctx


Ctx = Annotated[AppContext, Depends(get_ctx)]


def get_principal(request: Request, ctx: Ctx) -> Principal:
    return authenticate(request, ctx)


Caller = Annotated[Principal, Depends(get_principal)]
