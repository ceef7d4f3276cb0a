"""Request limits: body size (413), URL length (414), queries per /match (422), requests per key (429).

The limits are settings (``api_rate_per_minute``, ``api_max_body_bytes``, ``api_max_upload_bytes``).
"""

from __future__ import annotations

import math
import re
import threading
import time
from typing import Any, Callable

from starlette.exceptions import HTTPException

from sanctionwatch import settings

MAX_QUERIES = 100                 # per /match request: yente's YENTE_MAX_BATCH
MAX_RESULTS = 500                 # per query: yente's YENTE_MAX_MATCHES
MAX_VALUES_PER_PROPERTY = 20      # per property of a /match example entity
MAX_VALUES_PER_QUERY = 100        # over all properties of one example entity
MAX_VALUE_LENGTH = 500            # characters of one property value (as /search's q)
MAX_URL_LENGTH = 8192             # path + query string; longer -> 414, as yente's max_url_length middleware

# Evidence uploads may be larger than other bodies; every other route gets the general limit.
UPLOAD_PATH = re.compile(r"^/api/cases/[^/]+/evidence/?$")


def setting(name: str) -> int:
    return int(settings.get(name))


class RateLimiter:
    """A token bucket per key: ``per_minute`` tokens a minute, holding at most one minute's worth.

    In memory and per process: with several uvicorn workers each enforces its own bucket, so the
    effective limit is workers x per_minute (stated in docs/api.md).
    """

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[Any, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: Any) -> float:
        """Take one token; return 0 when allowed, else the seconds until a token is available."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    @staticmethod
    def retry_after(wait: float) -> str:
        return str(max(1, math.ceil(wait)))


class _TooLarge(HTTPException):
    # An HTTPException so that FastAPI's body reading passes it on unchanged (it turns other errors
    # raised while reading into "400 error parsing the body") and the error handler answers 413.
    def __init__(self, message: str) -> None:
        super().__init__(status_code=413, detail=message)


class RequestLimitMiddleware:
    """Refuses over-long URLs (414) and bodies over the limit (413), by Content-Length when it is sent
    and by counting when the body is streamed (chunked), before the route reads all of it."""

    def __init__(self, app: Any, *, max_body: int, max_upload: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_upload = max_upload

    def _limit(self, scope: dict[str, Any]) -> int:
        if UPLOAD_PATH.match(scope.get("path", "")):
            return max(self.max_upload, self.max_body)
        return self.max_body

    async def __call__(self, scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from sanctionwatch.api.errors import error_response

        path = scope.get("path", "")
        if len(scope.get("raw_path") or path.encode()) + len(scope.get("query_string") or b"") > MAX_URL_LENGTH:
            await error_response(414, f"request URL longer than {MAX_URL_LENGTH} bytes")(scope, receive, send)
            return
        # PostgreSQL text cannot hold NUL: refuse it in the URL here rather than let a query fail later.
        if b"%00" in (scope.get("raw_path") or b"") or b"%00" in (scope.get("query_string") or b"") \
                or "\x00" in path:
            await error_response(400, "the URL contains a NUL character (%00)")(scope, receive, send)
            return
        limit = self._limit(scope)
        declared = None
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await error_response(400, "Content-Length is not a number")(scope, receive, send)
                    return
        if declared is not None and declared > limit:
            await error_response(413, _too_large(path, declared, limit))(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge(_too_large(path, received, limit, streamed=True))
            return message

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge as exc:
            # Reached only when the body was read outside a route (routes answer through the handler).
            if started:
                raise
            await error_response(413, exc.detail)(scope, receive, send)


def _too_large(path: str, size: int, limit: int, streamed: bool = False) -> str:
    what = "upload" if UPLOAD_PATH.match(path) else "request body"
    got = f"more than {limit}" if streamed else str(size)
    return (f"{what} to {path} is {got} bytes; the limit is {limit} bytes "
            f"({_mib(limit)}, setting SANCTIONWATCH_API_MAX_{'UPLOAD' if what == 'upload' else 'BODY'}_BYTES)")


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):g} MiB"
