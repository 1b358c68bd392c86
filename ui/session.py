"""Sign-in and sign-out pages over the API's session functions, and the language switch."""

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from api.deps import Ctx
from api.problems import ApiError
from api.routes import session as api
from ui import i18n
from ui.web import LANG_COOKIE, UiRoute, Who, render, safe_next

router = APIRouter(route_class=UiRoute, include_in_schema=False)
YEAR = 365 * 24 * 3600


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": safe_next(next), "failed": False}, None)


@router.post("/login")
def login(
    request: Request,
    ctx: Ctx,
    user_id: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """The API's sign-in sets the session and CSRF cookies on the redirect; a failure is
    logged there too and the form comes back with a message."""
    target = safe_next(next)
    response = RedirectResponse(target, 303)
    try:
        body = api.SignIn(user_id=user_id, password=password)
        api.sign_in(body=body, request=request, response=response, ctx=ctx)
    except (ApiError, ValidationError):
        data = {"next": target, "failed": True, "user_id": user_id}
        return render(request, "login.html", data, None, status=401)
    return response


@router.post("/logout")
def logout(ctx: Ctx, caller: Who) -> Response:
    response = RedirectResponse("/login", 303)
    api.sign_out(response=response, caller=caller, ctx=ctx)
    return response


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/") -> Response:
    """A preference, not a change of any record: a cookie and back to the same page."""
    response = RedirectResponse(safe_next(next), 303)
    if code in i18n.LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=YEAR, samesite="lax", httponly=True)
    return response
