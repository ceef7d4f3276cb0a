"""The HTTP API: a yente-compatible screening surface and sanctionwatch's own routes, behind API keys.

``create_app()`` builds the FastAPI application; ``sanctionwatch serve`` runs it under uvicorn.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> Any:
    # Imported on call: ``import sanctionwatch.api`` stays cheap for the CLI, which only needs the
    # key functions.
    from sanctionwatch.api.app import create_app as _create_app

    return _create_app(*args, **kwargs)
