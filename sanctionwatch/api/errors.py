"""One JSON error shape for every refusal: ``{"ok": false, "error": "<one line>", "status": <code>}``.

The error tree of ``sanctionwatch.errors`` maps to HTTP statuses here, so routes simply raise what the
core raises. ``ERROR_RESPONSES`` documents the shape in the OpenAPI document (schemathesis checks
every answer against it).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sanctionwatch.errors import (ConfigError, DownloadError, IntegrityError, LoadRefused, LockTimeout, NotFound,
                                  SanctionwatchError, SourceError, StoreError)

log = logging.getLogger(__name__)


class ErrorBody(BaseModel):
    ok: bool = False
    error: str
    status: int


_DESCRIPTIONS = {
    400: "Bad request: a parameter is wrong (the message names it).",
    401: "No key, or a malformed, unknown, expired or revoked key.",
    403: "The key's role or case scope does not allow this.",
    404: "Not found.",
    409: "Refused: the request conflicts with the current state.",
    413: "Request body over the size limit.",
    414: "Request URL over the length limit.",
    422: "The request is well-formed but invalid (the message names the field).",
    429: "Rate limit of the key exceeded; see Retry-After.",
    503: "The store is busy or unreachable; try again.",
}

# Added to every route through FastAPI(responses=...): the statuses any route can answer with.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text} for code, text in _DESCRIPTIONS.items()
}


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status, headers=headers)


def status_for(exc: SanctionwatchError) -> int:
    # Most specific first: LockTimeout and IntegrityError are StoreErrors, DownloadError a SourceError.
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, LoadRefused):
        return 409
    if isinstance(exc, LockTimeout):
        return 503
    if isinstance(exc, IntegrityError):
        return 500          # stored bytes no longer match their hash: the server's problem, not the client's
    if isinstance(exc, StoreError):
        return 503
    if isinstance(exc, DownloadError):
        return 502
    if isinstance(exc, SourceError):
        return 422          # an uploaded list file that cannot be used
    if isinstance(exc, ConfigError):
        return 400
    return 400


def _validation_message(exc: RequestValidationError) -> str:
    # One line naming the place of each problem: "body.queries.q1.schema: Field required".
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__")
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
    more = len(exc.errors()) - 3
    if more > 0:
        parts.append(f"and {more} more")
    return "invalid request: " + "; ".join(parts)


def install(app: FastAPI) -> None:
    @app.exception_handler(SanctionwatchError)
    async def _domain(request: Request, exc: SanctionwatchError) -> JSONResponse:
        status = status_for(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        headers = {"Retry-After": "5"} if status == 503 else None
        return error_response(status, str(exc), headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no route {request.method} {request.url.path}"
        elif exc.status_code == 405 and detail == "Method Not Allowed":
            detail = f"method {request.method} is not allowed on {request.url.path}"
        return error_response(exc.status_code, detail, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, _validation_message(exc))

    @app.exception_handler(DataError)
    async def _bad_value(request: Request, exc: DataError) -> JSONResponse:
        # The database refused a value the request carried (PostgreSQL: a NUL character in text, an
        # integer beyond 32 bits): the client's input, not a server fault. Only the driver's first line
        # is shown, never the SQL.
        reason = str(exc.orig).splitlines()[0] if exc.orig is not None else "invalid value"
        return error_response(400, f"{request.method} {request.url.path}: a value in the request cannot be "
                                   f"stored or compared ({reason})")

    @app.exception_handler(OperationalError)
    async def _store_down(request: Request, exc: OperationalError) -> JSONResponse:
        log.error("%s %s: store error: %s", request.method, request.url.path, exc)
        return error_response(503, "the store is busy or unreachable; try again", {"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # The message stays generic: a traceback can carry paths, SQL and list data.
        log.exception("%s %s failed", request.method, request.url.path)
        return error_response(500, f"internal error while handling {request.method} {request.url.path}; "
                                   f"see the server log")
