"""``create_app()``: the FastAPI application serving the yente-compatible routes, our own ``/api`` routes
and the web UI, behind API keys, request limits and security headers."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import RedirectResponse

import sanctionwatch
from sanctionwatch.api import errors, limits
from sanctionwatch.store import Store, open_store

# No external origin anywhere: the UI's scripts, styles, fonts and map data are served by this app.
# Map libraries draw tiles and markers from blob:/data: URLs and run workers from blob: URLs.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class SecurityHeadersMiddleware:
    """Adds the security headers to every response; answers that carry list, case or screening data are
    not stored by caches (``Cache-Control: no-store``) unless the route set its own caching."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(store: Store | None = None, *, routers: Sequence[APIRouter] | None = None) -> FastAPI:
    """The application over ``store`` (default: ``open_store()``) with ``routers`` (default: the registry
    ``sanctionwatch.api.routes.all_routers()``)."""
    store = store or open_store()
    # Swagger UI and ReDoc pages load their scripts from a CDN, which an offline deployment cannot
    # reach and the CSP forbids: they are off. The OpenAPI document itself is served at /openapi.json.
    app = FastAPI(title="sanctionwatch", version=sanctionwatch.__version__,
                  description="Sanctions screening (yente-compatible /match, /search, /entities), list "
                              "releases and changes, maritime events, cases and reports. Every route but "
                              "/healthz and /readyz needs an API key: `Authorization: Bearer <key>`.",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  responses=errors.ERROR_RESPONSES)
    app.state.store = store
    app.state.limiter = limits.RateLimiter(limits.setting("api_rate_per_minute"))
    app.state.key_last_noted = {}
    errors.install(app)
    # Added last = outermost: limits run before any route reads a body; headers go on every answer,
    # the 413/414 refusals included.
    app.add_middleware(limits.RequestLimitMiddleware, max_body=limits.setting("api_max_body_bytes"),
                       max_upload=limits.setting("api_max_upload_bytes"))
    app.add_middleware(SecurityHeadersMiddleware)

    if routers is None:
        from sanctionwatch.api.routes import all_routers

        routers = all_routers()
    for router in routers:
        app.include_router(router)

    @app.get("/", include_in_schema=False)
    def _root() -> RedirectResponse:
        return RedirectResponse("/ui/", status_code=307)

    app.openapi = _openapi_with_error_shape(app)  # type: ignore[method-assign]
    return app


def _openapi_with_error_shape(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """FastAPI documents 422 answers as its own ``HTTPValidationError``; ours carry the one error shape."""

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        ref = {"$ref": "#/components/schemas/ErrorBody"}
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                answer = operation.get("responses", {}).get("422")
                if answer is not None:
                    answer["content"] = {"application/json": {"schema": ref}}
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    return build
