"""Access requests, grants and the audit log. Each form posts to a thin route that calls the
API's own function (role checks, records and events included), then goes back to the page."""

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from api.deps import Ctx
from api.routes import access as api
from ui.web import UiRoute, Who, render

router = APIRouter(route_class=UiRoute, include_in_schema=False)
Text = Annotated[str, Form(min_length=1, max_length=2000)]
Id = Annotated[str, Form(min_length=1, max_length=128)]


def _end_of(day: dt.date) -> dt.datetime:
    """A grant 'until' a date lasts through that whole day (UTC)."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC)


@router.get("/access")
def access_page(request: Request, ctx: Ctx, caller: Who, done: str | None = None) -> Response:
    role = caller.user.role
    data: dict[str, Any] = {
        "done": done if done in ("sent", "decided", "granted", "revoked") else None,
        "can_request": role in api.REQUESTERS,
        "can_grant": role in api.GRANTORS,
        "requests": None,
        "grants": api.grants(request=request, ctx=ctx, caller=caller),
        "now": ctx.now(),
        "default_end": (ctx.now() + dt.timedelta(days=90)).date(),
    }
    if role in api.REQUESTERS | api.GRANTORS:
        data["requests"] = sorted(
            api.access_requests(request=request, ctx=ctx, caller=caller),
            key=lambda r: (r.decision is not None, r.requested_at),
        )
    return render(request, "access.html", data, caller)


@router.post("/access/requests")
def request_access(
    request: Request, ctx: Ctx, caller: Who, dossier_id: Id, reason: Text
) -> Response:
    body = api.NewRequest(dossier_id=dossier_id.strip(), reason=reason)
    api.request_access(body=body, request=request, ctx=ctx, caller=caller)
    return RedirectResponse("/access?done=sent", 303)


@router.post("/access/requests/{request_id}/decision")
def decide(
    request_id: str,
    request: Request,
    ctx: Ctx,
    caller: Who,
    outcome: Annotated[str, Form(pattern="^(grant|refuse)$")],
    reason: Annotated[str, Form(max_length=2000)] = "",
    until: Annotated[dt.date | None, Form()] = None,
) -> Response:
    body = api.Decision(
        grant=outcome == "grant", reason=reason, ends=_end_of(until) if until else None
    )
    api.decide(request_id=request_id, body=body, request=request, ctx=ctx, caller=caller)
    return RedirectResponse("/access?done=decided", 303)


@router.post("/access/grants")
def add_grant(
    request: Request,
    ctx: Ctx,
    caller: Who,
    user_id: Id,
    dossier_id: Id,
    reason: Text,
    until: Annotated[dt.date, Form()],
) -> Response:
    body = api.NewGrant(user_id=user_id, dossier_id=dossier_id, reason=reason, ends=_end_of(until))
    api.add_grant(body=body, request=request, ctx=ctx, caller=caller)
    return RedirectResponse("/access?done=granted", 303)


@router.post("/access/grants/{grant_id}/revoke")
def revoke_grant(grant_id: str, request: Request, ctx: Ctx, caller: Who, reason: Text) -> Response:
    body = api.Revoke(reason=reason)
    api.revoke_grant(grant_id=grant_id, body=body, request=request, ctx=ctx, caller=caller)
    return RedirectResponse("/access?done=revoked", 303)


@router.get("/audit")
def audit_page(
    request: Request,
    ctx: Ctx,
    caller: Who,
    actor: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=100)] = None,
    target: Annotated[str | None, Query(max_length=500)] = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    after: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Newest filters first in the form; events oldest first, as the chain runs."""
    chosen: dict[str, Any] = {"actor": actor, "action": action, "target": target,
                              "since": since, "until": until}  # fmt: skip
    page = api.audit_log(
        request=request, ctx=ctx, caller=caller, actor=actor, action=action, target=target,
        since=dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC) if since else None,
        until=_end_of(until) if until else None, after=after, limit=100,
    )  # fmt: skip
    data = {"filters": chosen, "events": page.events, "next_after": page.next_after}
    return render(request, "audit.html", data, caller)
