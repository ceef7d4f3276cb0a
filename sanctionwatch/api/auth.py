"""Who is asking: API keys (``Authorization: Bearer <key>`` or ``ApiKey <key>``, or the web UI's ``sw_key``
cookie), roles, case scope.

Authentication is always on: there is no anonymous access except ``/healthz`` and ``/readyz``, and no
default key. Every protected route declares ``Depends(require(role))``; the dependency answers 401 for a
missing, malformed, unknown, expired or revoked key, 429 when the key is over its rate limit, and 403
when the key's role is below the route's.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyCookie, HTTPBearer

from sanctionwatch.api.keys import KEY_PREFIX, ROLES, find_key, touch
from sanctionwatch.api.limits import RateLimiter
from sanctionwatch.errors import StoreError

log = logging.getLogger(__name__)

COOKIE_NAME = "sw_key"
LAST_USED_EVERY = 60.0     # seconds: last_used_at is written at most this often per key and process

# Declared for the OpenAPI document (clients and schemathesis learn the schemes from it); the
# header and cookie are read by ``_authenticate`` itself to give a precise message for each failure.
_bearer = HTTPBearer(auto_error=False, description="An API key from `sanctionwatch keys create`.")
_cookie = APIKeyCookie(name=COOKIE_NAME, auto_error=False, description="The web UI's login cookie.")

__all__ = ["ROLES", "COOKIE_NAME", "Principal", "require", "can_see_case", "role_at_least"]


@dataclass
class Principal:
    key_id: int
    name: str
    role: str
    case_ids: list[int] | None      # None = all cases
    via: str = "header"             # header | cookie

    @property
    def actor(self) -> str:
        """How screenings, decisions and case entries made with this key name it in the audit trails."""
        return f"key:{self.key_id}:{self.name}"

    def has_role(self, role: str) -> bool:
        return role_at_least(self.role, role)


def role_at_least(have: str, need: str) -> bool:
    return ROLES.index(have) >= ROLES.index(need)


def can_see_case(principal: Principal, case_id: int) -> bool:
    return principal.case_ids is None or int(case_id) in principal.case_ids


def _refuse(message: str, error: str = "invalid_token") -> HTTPException:
    challenge = 'Bearer realm="sanctionwatch"' + (f', error="{error}"' if error else "")
    return HTTPException(status_code=401, detail=message, headers={"WWW-Authenticate": challenge})


def _presented(request: Request) -> tuple[str, str]:
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, token = header.strip().partition(" ")
        # "ApiKey" is how clients of the hosted OpenSanctions API send theirs: yente clients work unchanged.
        if scheme.lower() not in ("bearer", "apikey") or not token.strip():
            raise _refuse("malformed Authorization header: send 'Authorization: Bearer <key>'")
        return token.strip(), "header"
    cookie = request.cookies.get(COOKIE_NAME)
    if cookie:
        return cookie, "cookie"
    raise _refuse("no API key: send 'Authorization: Bearer <key>' (an admin creates keys with "
                  "`sanctionwatch keys create`)", error="")


def _check_origin(request: Request) -> None:
    # Cookie-authenticated writes: the cookie is SameSite=Strict, and a browser's Origin header must
    # also name this server, so a page elsewhere cannot make the browser act with the user's key.
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        if origin == "null":
            raise HTTPException(403, "cross-site request refused (Origin: null) on a cookie-authenticated write")
        return
    host = request.headers.get("host", "")
    if origin.split("://", 1)[-1].rstrip("/") != host:
        raise HTTPException(403, f"cross-site request refused: Origin {origin} is not this server ({host})")


def _authenticate(request: Request) -> Principal:
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    key_text, via = _presented(request)
    if not key_text.startswith(KEY_PREFIX):
        raise _refuse(f"malformed API key: sanctionwatch keys start with '{KEY_PREFIX}'")
    store = request.app.state.store
    row, state = find_key(store, key_text)
    shown = key_text[:8] + "…"
    if row is None:
        if state == "malformed":
            raise _refuse(f"malformed API key {shown}: expected '{KEY_PREFIX}' and 43 URL-safe characters")
        raise _refuse(f"unknown API key {shown}")
    if state == "revoked":
        raise _refuse(f"API key {row['id']} ({row['name']}) was revoked on {row['revoked_at']:%Y-%m-%d %H:%M} UTC")
    if state == "expired":
        raise _refuse(f"API key {row['id']} ({row['name']}) expired on {row['expires_at']:%Y-%m-%d %H:%M} UTC; "
                      f"ask an admin for a new key")
    principal = Principal(row["id"], row["name"], row["role"], row["case_ids"], via)
    if via == "cookie":
        _check_origin(request)
    _note_use(request, principal.key_id)
    request.state.principal = principal
    return principal


def _note_use(request: Request, key_id: int) -> None:
    seen = request.app.state.key_last_noted
    now = time.monotonic()
    if now - seen.get(key_id, -LAST_USED_EVERY) < LAST_USED_EVERY:
        return
    seen[key_id] = now
    try:
        touch(request.app.state.store, key_id, datetime.now(timezone.utc))
    except (StoreError, Exception) as exc:  # noqa: BLE001 -- a busy store must not refuse a valid key
        log.warning("could not record the use of API key %s: %s", key_id, str(exc).splitlines()[0])


def _rate_limit(request: Request, principal: Principal) -> None:
    if getattr(request.state, "rate_counted", False):
        return
    request.state.rate_counted = True
    limiter: RateLimiter = request.app.state.limiter
    wait = limiter.take(principal.key_id)
    if wait > 0:
        retry = RateLimiter.retry_after(wait)
        raise HTTPException(429, f"API key {principal.key_id} ({principal.name}) is over its limit of "
                                 f"{limiter.per_minute} requests per minute; retry in {retry} s",
                            headers={"Retry-After": retry})


def require(role: str) -> Callable[..., Principal]:
    """FastAPI dependency: ``principal: Principal = Depends(require("screen"))``."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles are {ROLES}")

    def dependency(request: Request, _b: object = Depends(_bearer), _c: object = Depends(_cookie)) -> Principal:
        principal = _authenticate(request)
        _rate_limit(request, principal)
        if not principal.has_role(role):
            raise HTTPException(403, f"API key {principal.key_id} ({principal.name}) has role '{principal.role}'; "
                                     f"{request.method} {request.url.path} needs '{role}' or above")
        return principal

    dependency.__name__ = f"require_{role}"
    return dependency
