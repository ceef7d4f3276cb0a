"""The app the browser tests serve: ``create_app()`` with the lead's router registry, plus any of the
routers the UI calls that the registry does not list yet (a no-op once it lists them all).

Run as ``uvicorn tests.web.serve_app:app --factory``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

NEEDED = ("sanctionwatch.api.routes.health", "sanctionwatch.api.routes.lists", "sanctionwatch.api.routes.maritime",
          "sanctionwatch.api.routes.cases", "sanctionwatch.api.routes.reports", "sanctionwatch.api.routes.decisions",
          "sanctionwatch.web")


def app() -> Any:
    from sanctionwatch.api.app import create_app
    from sanctionwatch.api.routes import all_routers

    routers = list(all_routers())
    for name in NEEDED:
        router = import_module(name).router
        if all(router is not r for r in routers):
            routers.append(router)
    return create_app(routers=routers)
