"""What every page shares: the route class (HTML error pages, form CSRF), rendering with a JSON
twin, the language, and URL helpers.

Pages call the same functions as the JSON API (api/routes/*), so authorisation and the audit
log have one path. Errors are rendered from the problem details the API's own handlers build.
"""

import json
import urllib.parse
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from starlette.types import Message

from api.auth import CSRF_COOKIE, CSRF_HEADER, Principal
from api.deps import Caller
from ui import i18n

HERE = Path(__file__).parent
LANG_COOKIE = "navolg_lang"
templates = Jinja2Templates(directory=HERE / "templates")
Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def _remember(request: Request, caller: Caller) -> Principal:
    """The API's authentication, kept on the request so an error page can show the header."""
    request.state.caller = caller
    return caller


Who = Annotated[Principal, Depends(_remember)]


def lang_of(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE, i18n.DEFAULT)
    return chosen if chosen in i18n.LANGUAGES else i18n.DEFAULT


def doc_url(dossier_id: str, doc_id: str, **params: Any) -> str:
    """A document page; ids may hold spaces and slashes."""
    path = f"/documents/{_q(dossier_id)}/{urllib.parse.quote(doc_id, safe='/')}"
    return path + _query(params)


def dossier_url(dossier_id: str, **params: Any) -> str:
    return f"/dossiers/{_q(dossier_id)}" + _query(params)


def original_url(dossier_id: str, doc_id: str, version: int) -> str:
    """The API's download route: the same audited read as for programs."""
    quoted = urllib.parse.quote(doc_id, safe="/")
    return f"/api/v1/originals/{_q(dossier_id)}/{quoted}?version={version}"


def with_params(request: Request, **changes: Any) -> str:
    """The current URL with some parameters replaced (None removes one)."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for key, value in changes.items():
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        items.extend((key, str(v)) for v in values)
    return request.url.path + ("?" + urllib.parse.urlencode(items) if items else "")


def safe_next(target: str | None) -> str:
    """Only local paths: a sign-in link must not send people elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _q(part: str) -> str:
    return urllib.parse.quote(part, safe="")


def _query(params: dict[str, Any]) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return "?" + urllib.parse.urlencode(kept) if kept else ""


def render(
    request: Request,
    template: str,
    data: dict[str, Any],
    caller: Principal | None,
    status: int = 200,
) -> Response:
    """The page, or its JSON twin (`?format=json`) from the same data."""
    if request.query_params.get("format") == "json":
        return JSONResponse(jsonable_encoder(data), status_code=status)
    lang = lang_of(request)
    context = {
        **data,
        "page": data,
        "caller": caller,
        "lang": lang,
        "t": i18n.translator(lang),
        "label": i18n.labeller(lang),
        "explain": i18n.explainer(lang),
        "chain_notes": lambda chain: i18n.chain_notes(chain, lang),
        "csrf": request.cookies.get(CSRF_COOKIE, ""),
        "json_url": with_params(request, format="json"),
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "with_params": lambda **kw: with_params(request, **kw),
        "doc_url": doc_url,
        "dossier_url": dossier_url,
        "original_url": original_url,
    }
    return templates.TemplateResponse(request, template, context, status_code=status)


def _without_empty(request: Request) -> str | None:
    """A form's empty field means 'not given' (a date box left empty is not a bad date): the
    same URL without them, so the address bar holds a clean query to share; None if clean."""
    items = urllib.parse.parse_qsl(request.url.query, keep_blank_values=True)
    kept = [(k, v) for k, v in items if v != ""]
    if len(kept) == len(items):
        return None
    return request.url.path + ("?" + urllib.parse.urlencode(kept) if kept else "")


async def _prepare(request: Request) -> Request:
    """As an HTML form cannot send a header, its hidden csrf_token field becomes the header
    that api.auth checks against the cookie (the same double-submit check as for scripts)."""
    if request.method != "POST":
        return request
    body = await request.body()
    fields = urllib.parse.parse_qs(body.decode("latin-1"))
    token = fields.get("csrf_token", [""])[0]
    headers = list(request.scope["headers"])
    if token:
        name = CSRF_HEADER.encode()
        headers = [(k, v) for k, v in headers if k != name] + [(name, token.encode())]

    async def replay() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    return Request({**request.scope, "headers": headers}, replay)


async def _problem(request: Request, exc: Exception) -> tuple[int, dict[str, Any], dict[str, str]]:
    """Status and problem details exactly as the API's handlers (api/problems.py) make them."""
    handlers = request.app.exception_handlers
    handler = next((handlers[t] for t in type(exc).__mro__ if t in handlers), None)
    if handler is None:
        raise exc
    response = await handler(request, exc)
    body = json.loads(bytes(response.body))
    keep = {k: v for k, v in response.headers.items() if k.lower() == "retry-after"}
    return response.status_code, body, keep


async def error_page(request: Request, exc: Exception) -> Response:
    status, problem, headers = await _problem(request, exc)
    caller = getattr(request.state, "caller", None)
    if status == 401 and request.method == "GET" and request.url.path != "/login":
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/login?" + urllib.parse.urlencode({"next": here}), 303)
    known = status if status in (400, 401, 403, 404, 409, 422, 503) else 500
    data = {"problem": problem, "key": f"error.{known}"}
    response = render(request, "error.html", data, caller, status)
    response.headers.update(headers)
    return response


class UiRoute(APIRoute):
    """Pages answer errors with an HTML page (or the problem as JSON for the JSON twin)."""

    def get_route_handler(self) -> Handler:
        inner = super().get_route_handler()

        async def handler(request: Request) -> Response:
            clean = _without_empty(request) if request.method == "GET" else None
            if clean is not None:
                return RedirectResponse(clean, 303)
            request = await _prepare(request)
            try:
                return await inner(request)
            except Exception as exc:  # every error becomes the one error page
                return await error_page(request, exc)

        return handler
