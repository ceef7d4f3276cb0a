"""API keys: created once and shown once, stored only as a SHA-256 hash, scoped, expiring, revocable.

A key reads ``sw_`` + 43 characters of ``secrets.token_urlsafe(32)`` (256 random bits). Its first
characters (``prefix``) are stored in clear so that a row can be found without a hash index scan and so
that people can tell keys apart in listings; the rest never leaves ``create_key``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import insert, select, update

from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.schema import api_keys, cases

ROLES = ("read", "screen", "analyst", "admin")   # each includes the ones before it
KEY_PREFIX = "sw_"
PREFIX_LENGTH = 8
KEY_PATTERN = re.compile(r"^sw_[A-Za-z0-9_-]{43}$")
MAX_EXPIRES_DAYS = 3650
DEFAULT_EXPIRES_DAYS = 90        # Aleph's API_KEY_EXPIRATION_DAYS


def hash_key(key_text: str) -> str:
    return hashlib.sha256(key_text.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(value: datetime | None) -> datetime | None:
    # SQLite gives back naive datetimes for timezone=True columns; every time stored here is UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def state_of(row: dict[str, Any], now: datetime | None = None) -> str:
    now = now or _now()
    if row.get("revoked_at") is not None:
        return "revoked"
    expires = _aware(row["expires_at"])
    if expires is not None and expires <= now:
        return "expired"
    return "active"


def _public(row: Any, now: datetime | None = None) -> dict[str, Any]:
    data = dict(row._mapping if hasattr(row, "_mapping") else row)
    data.pop("key_hash", None)
    for col in ("created_at", "expires_at", "revoked_at", "last_used_at"):
        data[col] = _aware(data.get(col))
    data["state"] = state_of(data, now)
    return data


def _check_cases(store: Store, case_ids: list[int]) -> list[int]:
    wanted = sorted({int(c) for c in case_ids})
    with store.read() as conn:
        found = set(conn.execute(select(cases.c.id).where(cases.c.id.in_(wanted))).scalars())
    missing = [c for c in wanted if c not in found]
    if missing:
        raise NotFound(f"no case {', '.join(map(str, missing))}: a key can only be limited to existing cases "
                       f"(sanctionwatch cases list)")
    return wanted


def create_key(name: str, role: str, *, expires_days: int = DEFAULT_EXPIRES_DAYS, case_ids: list[int] | None = None,
               store: Store | None = None, created_by: str | None = None) -> tuple[str, dict[str, Any]]:
    """Create a key; return ``(key_text, row)``. The key text exists only in this return value."""
    store = store or open_store()
    name = (name or "").strip()
    if not name or len(name) > 100 or any(ord(ch) < 32 for ch in name):
        raise ConfigError(f"key name {name!r}: give 1 to 100 printable characters")
    if role not in ROLES:
        raise ConfigError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if not 1 <= int(expires_days) <= MAX_EXPIRES_DAYS:
        raise ConfigError(f"--expires-days {expires_days}: give 1 to {MAX_EXPIRES_DAYS} days (keys always expire)")
    scoped = None if case_ids is None else _check_cases(store, list(case_ids))
    if scoped == []:
        raise ConfigError("an empty case list would give a key that sees no case; leave it out for all cases")
    if created_by is None:
        from sanctionwatch.screening.audit import default_actor

        created_by = default_actor()
    key_text = KEY_PREFIX + secrets.token_urlsafe(32)
    now = _now()
    values = {"name": name, "role": role, "key_hash": hash_key(key_text), "prefix": key_text[:PREFIX_LENGTH],
              "case_ids": scoped, "created_at": now, "created_by": created_by,
              "expires_at": now + timedelta(days=int(expires_days)), "revoked_at": None, "last_used_at": None}
    with store.engine.begin() as conn:
        key_id = conn.execute(insert(api_keys).values(**values).returning(api_keys.c.id)).scalar_one()
    return key_text, _public({"id": key_id, **values}, now)


def list_keys(store: Store | None = None) -> list[dict[str, Any]]:
    """Every key with its state (active, expired, revoked); never the key or its hash."""
    store = store or open_store()
    now = _now()
    with store.read() as conn:
        rows = conn.execute(select(api_keys).order_by(api_keys.c.id)).all()
    return [_public(r, now) for r in rows]


def revoke_key(key_id: int, *, store: Store | None = None) -> dict[str, Any]:
    """Revoke a key at once (the next request with it gets 401). Revoking twice keeps the first time."""
    store = store or open_store()
    with store.write() as conn:
        row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).first()
        if row is None:
            raise NotFound(f"no API key with id {key_id} (sanctionwatch keys list)")
        if row.revoked_at is None:
            conn.execute(update(api_keys).where(api_keys.c.id == key_id).values(revoked_at=_now()))
        row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).one()
    return _public(row)


def active_key_count(store: Store) -> int:
    return sum(1 for k in list_keys(store) if k["state"] == "active")


def find_key(store: Store, key_text: str) -> tuple[dict[str, Any] | None, str]:
    """The key row for a presented key and its state, or ``(None, reason)``.

    The row is found by its clear prefix, then the full hash is compared in constant time, so the
    time taken does not tell how much of a guessed hash matched.
    """
    if not KEY_PATTERN.match(key_text):
        return None, "malformed"
    presented = hash_key(key_text)
    with store.read() as conn:
        rows = conn.execute(select(api_keys).where(api_keys.c.prefix == key_text[:PREFIX_LENGTH])).all()
    match = None
    for row in rows:
        if hmac.compare_digest(row.key_hash, presented):
            match = row
    if match is None:
        return None, "unknown"
    data = _public(match)
    return data, data["state"]


def touch(store: Store, key_id: int, when: datetime) -> None:
    with store.engine.begin() as conn:
        conn.execute(update(api_keys).where(api_keys.c.id == key_id).values(last_used_at=when))
