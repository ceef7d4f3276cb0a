"""The routers the app serves, in the order they are mounted."""

from __future__ import annotations

from importlib import import_module
from typing import Any

# yente-compatible surface first (/match, /search, /entities, /catalog, /algorithms), then our own
# routes under /api, then the web UI under /ui.
ROUTER_MODULES = (
    "sanctionwatch.api.routes.health",
    "sanctionwatch.api.routes.yente",
    "sanctionwatch.api.routes.lists",
    "sanctionwatch.api.routes.maritime",
    "sanctionwatch.api.routes.cases",
    "sanctionwatch.api.routes.reports",
    "sanctionwatch.api.routes.decisions",
    "sanctionwatch.web",
)


def all_routers() -> list[Any]:
    return [import_module(name).router for name in ROUTER_MODULES]
