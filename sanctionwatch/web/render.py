"""Templates: Jinja2 from this package, autoescaped, with a few filters for dates, scores and grades."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).resolve().parent / "templates"

_env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                   trim_blocks=True, lstrip_blocks=True)


def when(value: Any, with_time: bool = True) -> str:
    """ISO text or a datetime as ``2026-01-05 06:00 UTC`` (or the date alone); empty for None."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.strftime("%Y-%m-%d %H:%M UTC") if with_time else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def day(value: Any) -> str:
    return when(value, with_time=False)


def percent(value: Any) -> str:
    try:
        return f"{float(value) * 100:.0f}"
    except (TypeError, ValueError):
        return ""


def to_json(value: Any) -> str:
    # For <script type="application/json">: Jinja's tojson escapes <, >, & and ' so the data cannot
    # close the element; default=str covers datetimes.
    from markupsafe import Markup

    text = json.dumps(value, default=str, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                  .replace("'", "\\u0027"))


_env.filters.update({"when": when, "day": day, "percent": percent, "json_data": to_json})


def render(request: Request, name: str, context: dict[str, Any], status: int = 200,
           headers: dict[str, str] | None = None) -> HTMLResponse:
    principal = getattr(request.state, "principal", None)
    html = _env.get_template(name).render({"request": request, "principal": principal, **context})
    # "same-origin" instead of the API's "no-referrer": under no-referrer a browser sends "Origin: null"
    # with the UI's own form posts and fetches, and the API refuses cookie-authenticated writes without
    # this server's origin. Other sites still receive no referrer.
    return HTMLResponse(html, status_code=status, headers={"Referrer-Policy": "same-origin", **(headers or {})})
