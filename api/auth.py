"""Who is asking: API tokens (programs) or a signed session cookie after password sign-in
(people). Cookie requests that change something must carry the CSRF token (double submit).
Every refusal is an audit event. Designed so an OIDC provider can be added as a third way in:
it only has to produce a User."""

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request, Response

from api.context import AppContext
from api.problems import ApiError
from store.access import User

SESSION_COOKIE = "navolg_session"
CSRF_COOKIE = "navolg_csrf"
CSRF_HEADER = "x-csrf-token"
_hasher = PasswordHasher()
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(user: User, password: str) -> bool:
    if not user.password_hash:
        return False
    try:
        return bool(_hasher.verify(user.password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class Principal:
    user: User
    via: str  # "token" or "session"

    @property
    def user_id(self) -> str:
        return self.user.user_id


def _sign(secret: bytes, payload: str) -> str:
    return hmac.new(secret, payload.encode(), hashlib.sha256).hexdigest()


def make_session(ctx: AppContext, user_id: str) -> str:
    expires = int(time.time()) + ctx.settings.session_hours * 3600
    payload = base64.urlsafe_b64encode(f"{user_id}|{expires}".encode()).decode()
    return f"{payload}.{_sign(ctx.secret, payload)}"


def _session_user(ctx: AppContext, cookie: str) -> str | None:
    payload, _, signature = cookie.partition(".")
    if not hmac.compare_digest(_sign(ctx.secret, payload), signature):
        return None
    try:
        user_id, expires = base64.urlsafe_b64decode(payload.encode()).decode().split("|")
    except (ValueError, UnicodeDecodeError):
        return None
    return user_id if int(expires) > time.time() else None


def set_session(response: Response, ctx: AppContext, user_id: str) -> str:
    csrf = base64.urlsafe_b64encode(
        hashlib.sha256(ctx.secret + user_id.encode() + str(time.time()).encode()).digest()
    ).decode()[:32]
    secure = ctx.settings.secure_cookies
    response.set_cookie(
        SESSION_COOKIE,
        make_session(ctx, user_id),
        httponly=True,
        secure=secure,
        samesite="lax",
        max_age=ctx.settings.session_hours * 3600,
    )
    response.set_cookie(CSRF_COOKIE, csrf, httponly=False, secure=secure, samesite="strict")
    return csrf


def authenticate(request: Request, ctx: AppContext) -> Principal:
    """The caller, or 401 (logged as a denied attempt)."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = ctx.access.check_token(header[7:].strip(), ctx.now())
        if user is None:
            deny(ctx, "anonymous", request, 401, "invalid, expired or revoked token")
        return Principal(user, "token")  # type: ignore[arg-type]
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        user_id = _session_user(ctx, cookie)
        user = ctx.access.find_user(user_id) if user_id else None
        if user is None or user.disabled:
            deny(ctx, user_id or "anonymous", request, 401, "session expired or user disabled")
        if request.method not in SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            if not sent or not hmac.compare_digest(sent, request.cookies.get(CSRF_COOKIE, "")):
                deny(ctx, user_id or "anonymous", request, 403, "missing or wrong CSRF token")
        return Principal(user, "session")  # type: ignore[arg-type]
    deny(ctx, "anonymous", request, 401, "sign in or send an API token")
    raise AssertionError("unreachable")


def deny(ctx: AppContext, actor: str, request: Request, status: int, reason: str) -> None:
    """A refusal is an event too; then the problem response."""
    ctx.store.audit.append(
        actor,
        "access.denied",
        f"path:{request.url.path}",
        {"status": status, "reason": reason, "method": request.method},
    )
    headers = {"WWW-Authenticate": 'Bearer realm="navolg"'} if status == 401 else None
    title = "Authentication required" if status == 401 else "Not allowed"
    raise ApiError(status, title, reason, headers)


def require_role(ctx: AppContext, principal: Principal, request: Request, roles: set[str]) -> None:
    if principal.user.role not in roles:
        deny(ctx, principal.user_id, request, 403, f"this needs one of the roles {sorted(roles)}")


def require_dossier(
    ctx: AppContext, principal: Principal, request: Request, dossier_id: str
) -> None:
    """Lawyers and counter-experts only with an active grant; checked on every request."""
    allowed = ctx.access.allowed_dossiers(principal.user, ctx.now())
    if allowed is not None and dossier_id not in allowed:
        deny(ctx, principal.user_id, request, 403, f"no active grant for dossier {dossier_id}")


def audited(
    ctx: AppContext, principal: Principal, action: str, target: str, details: dict[str, object]
) -> None:
    """Log a read before it is answered; if the log cannot be written, the read fails."""
    try:
        ctx.store.audit.append(principal.user_id, action, target, details)
    except Exception as exc:  # fail closed: no event, no answer
        raise ApiError(
            503,
            "Cannot record this read",
            f"the audit log is unavailable ({type(exc).__name__})",
            {"Retry-After": "30"},
        ) from exc
