"""Dates written in English, Korean and Russian press, as ISO strings of the precision given
("2024-03-29", "2023-09", "2006")."""

from __future__ import annotations

import re

_MONTHS = {m: i for i, m in enumerate("january february march april may june july august september october "
                                      "november december".split(), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_RU_MONTHS = {stem: i for i, stem in enumerate("январ феврал март апрел ма июн июл август сентябр октябр "
                                               "ноябр декабр".split(), 1)}
_EN_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december|" \
            r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_RU_MONTH = r"(январ[ья]|феврал[ья]|март[а]?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|август[а]?|сентябр[ья]|" \
            r"октябр[ья]|ноябр[ья]|декабр[ья])"
_PATTERNS = [
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"), "ymd"),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), "dmy"),
    (re.compile(r"\b(\d{1,2})\s+" + _EN_MONTH + r",?\s+(\d{4})\b", re.I), "d_mon_y"),
    (re.compile(r"\b" + _EN_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I), "mon_d_y"),
    (re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일"), "ymd"),
    (re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월"), "ym"),
    (re.compile(r"\b(\d{1,2})\s+" + _RU_MONTH + r"\s+(\d{4})", re.I), "d_ru_y"),
    (re.compile(r"\b" + _EN_MONTH + r"\s+(\d{4})\b", re.I), "mon_y"),
    (re.compile(r"(?<![\d.,-])((?:19|20)\d{2})(?:\s*년)?(?![\d.,]\d)"), "y"),
]


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    if not 1800 <= y <= 2100 or (m is not None and not 1 <= m <= 12) or (d is not None and not 1 <= d <= 31):
        return None
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")


def _value(kind: str, g: tuple[str, ...]) -> str | None:
    if kind == "ymd":
        return _iso(int(g[0]), int(g[1]), int(g[2]))
    if kind == "ym":
        return _iso(int(g[0]), int(g[1]))
    if kind == "dmy":
        return _iso(int(g[2]), int(g[1]), int(g[0]))
    if kind == "d_mon_y":
        return _iso(int(g[2]), _MONTHS[g[1].lower().rstrip(".")], int(g[0]))
    if kind == "mon_d_y":
        return _iso(int(g[2]), _MONTHS[g[0].lower().rstrip(".")], int(g[1]))
    if kind == "mon_y":
        return _iso(int(g[1]), _MONTHS[g[0].lower().rstrip(".")])
    if kind == "d_ru_y":
        month = next(i for stem, i in _RU_MONTHS.items() if g[1].lower().startswith(stem))
        return _iso(int(g[2]), month, int(g[0]))
    return _iso(int(g[0]))


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO value) of each date, the most precise reading of each stretch of text."""
    taken: list[tuple[int, int]] = []
    out = []
    for pattern, kind in _PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            value = _value(kind, m.groups())
            if value:
                taken.append((m.start(), m.end()))
                out.append((m.start(), m.end(), value))
    return sorted(out)
