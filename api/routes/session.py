"""Password sign-in for people: a signed session cookie plus a CSRF token for forms."""

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from api.auth import CSRF_COOKIE, SESSION_COOKIE, check_password, deny, set_session
from api.deps import Caller, Ctx
from api.problems import AUTHED, responses

router = APIRouter(prefix="/api/v1", tags=["session"])


class SignIn(BaseModel):
    user_id: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class SessionInfo(BaseModel):
    user_id: str
    name: str
    role: str
    csrf_token: str | None = None


@router.post("/session", response_model=SessionInfo, responses=responses(400, 401, 422, 503))
def sign_in(body: SignIn, request: Request, response: Response, ctx: Ctx) -> SessionInfo:
    try:
        user = ctx.access.find_user(body.user_id)
    except Exception:  # an id that cannot exist is a failed sign-in like any other
        user = None
    if user is None or user.disabled or not check_password(user, body.password):
        deny(ctx, body.user_id[:64], request, 401, "wrong user or password")
    assert user is not None
    csrf = set_session(response, ctx, user.user_id)
    ctx.store.audit.append(user.user_id, "session.started", f"user:{user.user_id}", {})
    return SessionInfo(user_id=user.user_id, name=user.name, role=user.role, csrf_token=csrf)


@router.get("/session", response_model=SessionInfo, responses=responses(*AUTHED))
def who_am_i(caller: Caller) -> SessionInfo:
    u = caller.user
    return SessionInfo(user_id=u.user_id, name=u.name, role=u.role)


@router.delete("/session", status_code=204, responses=responses(*AUTHED))
def sign_out(response: Response, caller: Caller, ctx: Ctx) -> None:
    ctx.store.audit.append(caller.user_id, "session.ended", f"user:{caller.user_id}", {})
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
