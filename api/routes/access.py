"""Users, API tokens, grants, access requests and the audit log, with who may do what."""

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from api.auth import audited, hash_password, require_role
from api.deps import Caller, Ctx
from api.params import DossierId, Moment, RecordIdPath, UserId
from api.problems import AUTHED, ApiError, responses
from store.access import AccessRequest, Grant, Role, Token
from store.audit import AuditFilter
from store.errors import NotFound
from store.models import AuditEvent

router = APIRouter(prefix="/api/v1", tags=["access"], responses=responses(*AUTHED))
WRITE = responses(400, 404, 409)  # a bad or unknown id, or a conflict with the records
ADMIN = {"admin"}
GRANTORS = {"admin", "reviewer"}
AUDITORS = {"admin", "auditor"}
REQUESTERS = {"lawyer", "counter_expert"}


class UserOut(BaseModel):
    user_id: str
    name: str
    role: Role
    disabled: bool


class NewUser(BaseModel):
    user_id: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9._@-]+$")
    name: str = Field(min_length=1, max_length=200)
    role: Role
    password: str | None = Field(default=None, min_length=10, max_length=1024)


class NewToken(BaseModel):
    label: str = Field(default="", max_length=200)
    expires_at: Moment | None = None


class IssuedTokenOut(BaseModel):
    token: Token
    secret: str = Field(description="shown once; store it now")


class NewGrant(BaseModel):
    user_id: UserId
    dossier_id: DossierId
    reason: str = Field(min_length=1, max_length=2000)
    ends: Moment


class Revoke(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class NewRequest(BaseModel):
    dossier_id: DossierId
    reason: str = Field(min_length=1, max_length=2000)


class Decision(BaseModel):
    grant: bool
    reason: str = Field(default="", max_length=2000)
    ends: Moment | None = None


def _user_out(u: object) -> UserOut:
    return UserOut.model_validate(u, from_attributes=True)


@router.get("/users", response_model=list[UserOut])
def users(request: Request, ctx: Ctx, caller: Caller) -> list[UserOut]:
    require_role(ctx, caller, request, ADMIN)
    return [_user_out(u) for u in ctx.access.users()]


@router.post("/users", response_model=UserOut, status_code=201, responses=responses(400, 409))
def add_user(body: NewUser, request: Request, ctx: Ctx, caller: Caller) -> UserOut:
    require_role(ctx, caller, request, ADMIN)
    if ctx.access.find_user(body.user_id):
        raise ApiError(409, "User exists", f"user {body.user_id} already exists")
    password_hash = hash_password(body.password) if body.password else None
    return _user_out(
        ctx.access.put_user(
            body.user_id,
            caller.user_id,
            name=body.name,
            role=body.role,
            password_hash=password_hash,
        )
    )


@router.post("/users/{user_id}/disable", response_model=UserOut, responses=WRITE)
def disable_user(user_id: RecordIdPath, request: Request, ctx: Ctx, caller: Caller) -> UserOut:
    require_role(ctx, caller, request, ADMIN)
    ctx.access.get_user(user_id)
    return _user_out(ctx.access.put_user(user_id, caller.user_id, disabled=True))


@router.post("/tokens", response_model=IssuedTokenOut, status_code=201, responses=responses(400))
def create_token(body: NewToken, ctx: Ctx, caller: Caller) -> IssuedTokenOut:
    """A token for yourself (shown once, stored only as a hash)."""
    issued = ctx.access.issue_token(caller.user_id, caller.user_id, body.label, body.expires_at)
    return IssuedTokenOut(token=issued.token, secret=issued.secret)


@router.delete("/tokens/{token_id}", status_code=204, responses=responses(404))
def revoke_token(token_id: RecordIdPath, request: Request, ctx: Ctx, caller: Caller) -> None:
    try:
        token = ctx.access.get_token(token_id)  # one read, not every token
    except NotFound:
        raise ApiError(404, "Not found", f"no token {token_id}") from None
    if token.user_id != caller.user_id:
        require_role(ctx, caller, request, ADMIN)
    ctx.access.revoke_token(token_id, caller.user_id, "revoked through the API")


@router.get("/grants", response_model=list[Grant])
def grants(request: Request, ctx: Ctx, caller: Caller, dossier: str | None = None) -> list[Grant]:
    if caller.user.role in REQUESTERS:
        return ctx.access.grants(user_id=caller.user_id)
    require_role(ctx, caller, request, GRANTORS | AUDITORS | {"ombudsman"})
    return ctx.access.grants(dossier_id=dossier)


@router.post("/grants", response_model=Grant, status_code=201, responses=WRITE)
def add_grant(body: NewGrant, request: Request, ctx: Ctx, caller: Caller) -> Grant:
    require_role(ctx, caller, request, GRANTORS)
    return ctx.access.add_grant(
        body.user_id, body.dossier_id, body.reason, ctx.now(), body.ends, caller.user_id
    )


@router.post("/grants/{grant_id}/revoke", response_model=Grant, responses=WRITE)
def revoke_grant(
    grant_id: RecordIdPath, body: Revoke, request: Request, ctx: Ctx, caller: Caller
) -> Grant:
    require_role(ctx, caller, request, GRANTORS)
    return ctx.access.revoke_grant(grant_id, caller.user_id, body.reason)


@router.get("/access-requests", response_model=list[AccessRequest])
def access_requests(request: Request, ctx: Ctx, caller: Caller) -> list[AccessRequest]:
    if caller.user.role in REQUESTERS:
        return ctx.access.requests(caller.user_id)
    require_role(ctx, caller, request, GRANTORS)
    return ctx.access.requests()


@router.post("/access-requests", response_model=AccessRequest, status_code=201, responses=WRITE)
def request_access(body: NewRequest, request: Request, ctx: Ctx, caller: Caller) -> AccessRequest:
    require_role(ctx, caller, request, REQUESTERS)
    return ctx.access.request_access(caller.user_id, body.dossier_id, body.reason)


@router.post(
    "/access-requests/{request_id}/decision", response_model=AccessRequest, responses=WRITE
)
def decide(
    request_id: RecordIdPath, body: Decision, request: Request, ctx: Ctx, caller: Caller
) -> AccessRequest:
    require_role(ctx, caller, request, GRANTORS)
    return ctx.access.decide(request_id, caller.user_id, body.grant, body.reason, body.ends)


class AuditPage(BaseModel):
    events: list[AuditEvent]
    next_after: int | None


@router.get("/audit", response_model=AuditPage)
def audit_log(
    request: Request,
    ctx: Ctx,
    caller: Caller,
    actor: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=100)] = None,
    target: Annotated[str | None, Query(max_length=500)] = None,
    since: Moment | None = None,
    until: Moment | None = None,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditPage:
    """The audit log, filtered and paged (auditors and admins)."""
    require_role(ctx, caller, request, AUDITORS)
    audited(
        ctx, caller, "audit.viewed", "audit", {"actor": actor, "action": action, "target": target}
    )
    flt = AuditFilter(
        actor=actor,
        action=action,
        target_prefix=target,
        since=_utc(since),
        until=_utc(until),
        after_seq=after,
        limit=limit + 1,
    )
    events = list(ctx.store.audit.events(flt))
    more = len(events) > limit
    events = events[:limit]
    return AuditPage(events=events, next_after=events[-1].seq if more else None)


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A time without a zone is read as UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment and moment.tzinfo is None else moment
