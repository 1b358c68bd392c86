"""FastAPI dependencies: the app context and the authenticated caller."""

from typing import Annotated

from fastapi import Depends, Request

from api.auth import Principal, authenticate
from api.context import AppContext


def get_ctx(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


Ctx = Annotated[AppContext, Depends(get_ctx)]


def get_principal(request: Request, ctx: Ctx) -> Principal:
    return authenticate(request, ctx)


Caller = Annotated[Principal, Depends(get_principal)]
