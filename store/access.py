"""Users, API tokens, grants and access requests: records in the store, every change an event.

Like everything in the store these are create-only: a user's change is a new numbered record,
a revocation or a decision is a new object beside the thing it ends, so the history of who
could see what, and why, is never lost (DESIGN.md, "Access").
Secrets are never stored: tokens as SHA-256 of their random secret, passwords as hashes made
by the caller (api/ chooses the password hasher).
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from datetime import datetime
from typing import Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from store.errors import InvalidId, NotFound, StoreError
from store.keys import check_dossier_id, number_of, numbered
from store.models import utc
from store.records import MAX_RACE_ATTEMPTS, Store

Role = Literal["admin", "reviewer", "auditor", "ombudsman", "lawyer", "counter_expert"]
ALL_DOSSIER_ROLES: frozenset[str] = frozenset({"admin", "reviewer", "auditor", "ombudsman"})
ACCESS = "access/"
RECORD_CACHE = 10_000  # tokens and users remembered (see AccessRecords.__init__)
T = TypeVar("T", bound=BaseModel)
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-@")


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class User(_Record):
    user_id: str
    name: str
    role: Role
    password_hash: str | None = None
    disabled: bool = False
    version: int = 1
    recorded_at: AwareDatetime
    recorded_by: str

    _utc = field_validator("recorded_at")(utc)

    @property
    def sees_all_dossiers(self) -> bool:
        return self.role in ALL_DOSSIER_ROLES


class Token(_Record):
    token_id: str
    user_id: str
    secret_sha256: str
    label: str = ""
    created_at: AwareDatetime
    created_by: str
    expires_at: AwareDatetime | None = None


class Ending(_Record):
    """A revocation (of a token or grant) or a decision (on a request): written once."""

    at: AwareDatetime
    by: str
    reason: str = ""
    outcome: Literal["revoked", "granted", "refused"] = "revoked"
    grant_id: str | None = None


class Grant(_Record):
    grant_id: str
    user_id: str
    dossier_id: str
    reason: str
    starts: AwareDatetime
    ends: AwareDatetime
    granted_by: str
    granted_at: AwareDatetime
    request_id: str | None = None
    revoked: Ending | None = None

    def active(self, now: datetime) -> bool:
        return self.revoked is None and self.starts <= now < self.ends


class AccessRequest(_Record):
    request_id: str
    user_id: str
    dossier_id: str
    reason: str
    requested_at: AwareDatetime
    decision: Ending | None = None


class IssuedToken(BaseModel):
    """The only moment the secret exists outside the caller's hands."""

    token: Token
    secret: str = Field(description="shown once: 'nvg_<token id>_<secret>'")


def check_user_id(user_id: str) -> str:
    if not user_id or len(user_id) > 64 or not set(user_id) <= _ID_CHARS:
        raise InvalidId(
            f"user id {user_id!r} must be 1-64 lowercase letters, digits, '.', '_', '-' or '@'"
        )
    return user_id


def _new_id() -> str:
    return secrets.token_hex(8)


class AccessRecords:
    """Reads and writes access records in a Store; every change is an audit event."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.backend = store.backend
        # Every request checks its token and user. Records are create-only, so a record once
        # read never changes: tokens are kept by key, users by their latest numbered record,
        # which is still the latest while the next number does not exist (numbers are taken
        # in order). Revocations and new user records are still seen on the next request,
        # also when another process wrote them.
        self._tokens: dict[str, Token] = {}
        self._users: dict[str, User] = {}

    # --- users -----------------------------------------------------------------------------

    def put_user(
        self,
        user_id: str,
        actor: str,
        *,
        name: str | None = None,
        role: Role | None = None,
        password_hash: str | None = None,
        disabled: bool | None = None,
    ) -> User:
        """Create a user or record a change to one (a new numbered record)."""
        prefix = f"{ACCESS}users/{check_user_id(user_id)}/"
        current = self.find_user(user_id)
        if current is None and role is None:
            raise StoreError(f"a new user needs a role ({user_id})")
        number = current.version if current else 0
        for _attempt in range(MAX_RACE_ATTEMPTS):
            number += 1
            user = User(
                user_id=user_id,
                name=name if name is not None else (current.name if current else user_id),
                role=role or (current.role if current else "reviewer"),
                password_hash=password_hash or (current.password_hash if current else None),
                disabled=disabled if disabled is not None else bool(current and current.disabled),
                version=number,
                recorded_at=self.store.clock(),
                recorded_by=actor,
            )
            if self.backend.create(numbered(prefix, number), user.model_dump_json().encode()):
                action = "user.created" if number == 1 else "user.changed"
                details = {"role": user.role, "disabled": user.disabled, "version": number}
                self.store.audit.append(actor, action, f"user:{user_id}", details)
                return user
        raise StoreError(f"could not record user {user_id}: too much contention")

    def find_user(self, user_id: str) -> User | None:
        prefix = f"{ACCESS}users/{check_user_id(user_id)}/"
        known = self._users.get(user_id)
        if known is not None and not self.backend.exists(numbered(prefix, known.version + 1)):
            return known
        keys = list(self.backend.list(prefix))
        if not keys:
            return None
        latest = max(keys, key=number_of)
        user = User.model_validate_json(self.backend.read(latest))
        if user.version == number_of(latest):
            self._remember(self._users, user_id, user)
        return user

    def get_user(self, user_id: str) -> User:
        user = self.find_user(user_id)
        if user is None:
            raise NotFound(f"no user {user_id!r}")
        return user

    def users(self) -> Iterator[User]:
        for user_id in self.backend.list_dirs(f"{ACCESS}users/"):
            user = self.find_user(user_id)
            if user is not None:
                yield user

    # --- tokens ----------------------------------------------------------------------------

    def issue_token(
        self, user_id: str, actor: str, label: str = "", expires_at: datetime | None = None
    ) -> IssuedToken:
        self.get_user(user_id)
        token_id, secret = _new_id(), secrets.token_urlsafe(32)
        token = Token(
            token_id=token_id,
            user_id=user_id,
            secret_sha256=hashlib.sha256(secret.encode()).hexdigest(),
            label=label,
            created_at=self.store.clock(),
            created_by=actor,
            expires_at=expires_at,
        )
        self._create(f"{ACCESS}tokens/{token_id}.json", token)
        details = {"token_id": token_id, "label": label, "expires_at": _iso(expires_at)}
        self.store.audit.append(actor, "token.created", f"user:{user_id}", details)
        return IssuedToken(token=token, secret=f"nvg_{token_id}_{secret}")

    def revoke_token(self, token_id: str, actor: str, reason: str = "") -> None:
        token = self._read(f"{ACCESS}tokens/{_safe(token_id)}.json", Token)
        ending = Ending(at=self.store.clock(), by=actor, reason=reason)
        if not self.backend.create(
            f"{ACCESS}tokens/{token_id}.revoked.json", ending.model_dump_json().encode()
        ):
            return  # already revoked: the first revocation stands
        details = {"token_id": token_id, "reason": reason}
        self.store.audit.append(actor, "token.revoked", f"user:{token.user_id}", details)

    def check_token(self, presented: str, now: datetime) -> User | None:
        """The user a token belongs to, if it is valid now; None otherwise."""
        parts = presented.split("_", 2)
        if len(parts) != 3 or parts[0] != "nvg" or not parts[1] or set(parts[1]) - _ID_CHARS:
            return None
        token_id, secret = parts[1], parts[2]
        token = self._tokens.get(token_id)
        if token is None:
            try:
                token = self._read(f"{ACCESS}tokens/{token_id}.json", Token)
            except NotFound:
                return None
            self._remember(self._tokens, token_id, token)
        digest = hashlib.sha256(secret.encode()).hexdigest()
        if not hmac.compare_digest(digest, token.secret_sha256):
            return None
        if token.expires_at is not None and now >= token.expires_at:
            return None
        if self.backend.exists(f"{ACCESS}tokens/{token_id}.revoked.json"):
            return None
        user = self.find_user(token.user_id)
        return user if user is not None and not user.disabled else None

    def get_token(self, token_id: str) -> Token:
        """One token record by id (raises NotFound), without reading every token."""
        return self._read(f"{ACCESS}tokens/{_safe(token_id)}.json", Token)

    def tokens(self, user_id: str | None = None) -> list[Token]:
        keys = [
            k
            for k in self.backend.list(f"{ACCESS}tokens/")
            if k.endswith(".json") and not k.endswith(".revoked.json")
        ]
        found = [Token.model_validate_json(d) for _k, d in self.backend.read_many(keys) if d]
        return [t for t in found if user_id is None or t.user_id == user_id]

    # --- grants ----------------------------------------------------------------------------

    def add_grant(
        self,
        user_id: str,
        dossier_id: str,
        reason: str,
        starts: datetime,
        ends: datetime,
        actor: str,
        request_id: str | None = None,
    ) -> Grant:
        self.get_user(user_id)
        check_dossier_id(dossier_id)
        if not reason.strip():
            raise StoreError("a grant needs a reason")
        if ends <= starts:
            raise StoreError("a grant must end after it starts")
        grant = Grant(
            grant_id=_new_id(),
            user_id=user_id,
            dossier_id=dossier_id,
            reason=reason,
            starts=starts,
            ends=ends,
            granted_by=actor,
            granted_at=self.store.clock(),
            request_id=request_id,
        )
        self._create(f"{ACCESS}grants/{grant.grant_id}.json", grant)
        details = {
            "grant_id": grant.grant_id,
            "user": user_id,
            "reason": reason,
            "starts": _iso(starts),
            "ends": _iso(ends),
        }
        self.store.audit.append(actor, "grant.added", f"dossier:{dossier_id}", details)
        return grant

    def revoke_grant(self, grant_id: str, actor: str, reason: str) -> Grant:
        grant = self.get_grant(grant_id)
        ending = Ending(at=self.store.clock(), by=actor, reason=reason)
        if self.backend.create(
            f"{ACCESS}grants/{grant_id}.revoked.json", ending.model_dump_json().encode()
        ):
            details = {"grant_id": grant_id, "user": grant.user_id, "reason": reason}
            self.store.audit.append(actor, "grant.revoked", f"dossier:{grant.dossier_id}", details)
        return self.get_grant(grant_id)

    def get_grant(self, grant_id: str) -> Grant:
        grant = self._read(f"{ACCESS}grants/{_safe(grant_id)}.json", Grant)
        revoked = self._maybe(f"{ACCESS}grants/{grant_id}.revoked.json", Ending)
        return grant.model_copy(update={"revoked": revoked})

    def grants(self, user_id: str | None = None, dossier_id: str | None = None) -> list[Grant]:
        keys = list(self.backend.list(f"{ACCESS}grants/"))
        revoked = {
            k.rsplit("/", 1)[-1].removesuffix(".revoked.json")
            for k in keys
            if k.endswith(".revoked.json")
        }
        records = [k for k in keys if not k.endswith(".revoked.json")]
        result = []
        for _key, data in self.backend.read_many(records):
            if data is None:
                continue
            grant = Grant.model_validate_json(data)
            if (user_id and grant.user_id != user_id) or (
                dossier_id and grant.dossier_id != dossier_id
            ):
                continue
            if grant.grant_id in revoked:
                grant = self.get_grant(grant.grant_id)
            result.append(grant)
        return sorted(result, key=lambda g: g.granted_at)

    def allowed_dossiers(self, user: User, now: datetime) -> frozenset[str] | None:
        """None means every dossier (by role); otherwise the dossiers of active grants."""
        if user.disabled:
            return frozenset()
        if user.sees_all_dossiers:
            return None
        return frozenset(g.dossier_id for g in self.grants(user_id=user.user_id) if g.active(now))

    # --- access requests -------------------------------------------------------------------

    def request_access(self, user_id: str, dossier_id: str, reason: str) -> AccessRequest:
        self.get_user(user_id)
        check_dossier_id(dossier_id)
        if not reason.strip():
            raise StoreError("an access request needs a reason")
        request = AccessRequest(
            request_id=_new_id(),
            user_id=user_id,
            dossier_id=dossier_id,
            reason=reason,
            requested_at=self.store.clock(),
        )
        self._create(f"{ACCESS}requests/{request.request_id}.json", request)
        details = {"request_id": request.request_id, "reason": reason}
        self.store.audit.append(user_id, "access.requested", f"dossier:{dossier_id}", details)
        return request

    def decide(
        self,
        request_id: str,
        actor: str,
        grant: bool,
        reason: str,
        ends: datetime | None = None,
    ) -> AccessRequest:
        """Grant (with an end date) or refuse (with a reason); the first decision stands."""
        request = self.get_request(request_id)
        if request.decision is not None:
            raise StoreError(f"request {request_id} was already {request.decision.outcome}")
        now = self.store.clock()
        grant_id = None
        if grant:
            if ends is None:
                raise StoreError("granting access needs an end date")
            made = self.add_grant(
                request.user_id, request.dossier_id, reason or request.reason, now, ends, actor,
                request_id=request_id,
            )  # fmt: skip
            grant_id = made.grant_id
        elif not reason.strip():
            raise StoreError("refusing access needs a reason")
        decision = Ending(
            at=now, by=actor, reason=reason, outcome="granted" if grant else "refused",
            grant_id=grant_id,
        )  # fmt: skip
        if not self.backend.create(
            f"{ACCESS}requests/{request_id}.decision.json", decision.model_dump_json().encode()
        ):
            raise StoreError(f"request {request_id} was decided by someone else just now")
        details = {"request_id": request_id, "user": request.user_id, "reason": reason}
        self.store.audit.append(
            actor, f"access.{decision.outcome}", f"dossier:{request.dossier_id}", details
        )
        return self.get_request(request_id)

    def get_request(self, request_id: str) -> AccessRequest:
        request = self._read(f"{ACCESS}requests/{_safe(request_id)}.json", AccessRequest)
        decision = self._maybe(f"{ACCESS}requests/{request_id}.decision.json", Ending)
        return request.model_copy(update={"decision": decision})

    def requests(self, user_id: str | None = None) -> list[AccessRequest]:
        keys = [
            k for k in self.backend.list(f"{ACCESS}requests/") if not k.endswith(".decision.json")
        ]
        found = []
        for key, _data in self.backend.read_many(keys):
            request_id = key.rsplit("/", 1)[-1].removesuffix(".json")
            request = self.get_request(request_id)
            if user_id is None or request.user_id == user_id:
                found.append(request)
        return sorted(found, key=lambda r: r.requested_at)

    # --- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _remember(cache: dict[str, T], key: str, record: T) -> None:
        if len(cache) >= RECORD_CACHE:
            cache.clear()
        cache[key] = record

    def _create(self, key: str, record: BaseModel) -> None:
        if not self.backend.create(key, record.model_dump_json().encode()):
            raise StoreError(f"{key} exists already (id collision)")

    def _read(self, key: str, model: type[T]) -> T:
        try:
            return model.model_validate_json(self.backend.read(key))
        except NotFound:
            raise NotFound(f"no {key.split('/')[1].rstrip('s')} {key.rsplit('/', 1)[-1]}") from None

    def _maybe(self, key: str, model: type[T]) -> T | None:
        try:
            return model.model_validate_json(self.backend.read(key))
        except NotFound:
            return None


def _safe(record_id: str) -> str:
    if not record_id or len(record_id) > 64 or set(record_id) - _ID_CHARS:
        raise InvalidId(f"not a valid id: {record_id!r}")
    return record_id


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None
