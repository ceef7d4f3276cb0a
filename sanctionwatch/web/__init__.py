"""The web UI: server-rendered pages under ``/ui`` over the same core functions as the API, with a
little plain JavaScript for the maps and decisions. Everything it loads is served by this app (the
CSP allows no other origin): its own CSS and scripts, and Leaflet from the ``xstatic-leaflet``
package, under ``/ui/static/``.

``router`` carries the pages and the static files; the app includes it like any API router.
"""

from __future__ import annotations

from sanctionwatch.web.pages import router

__all__ = ["router"]
