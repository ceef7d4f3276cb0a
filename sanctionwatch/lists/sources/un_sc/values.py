"""Small readers for the UN list's element texts: nulls, dates of birth, names in two scripts."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

# "na" is a placeholder (FOURTH_NAME of TAi.153, a NATIONALITY/VALUE of a Sudan listing: fuzzy
# country cleaning would read it as Namibia); "null" fills alias dates of birth in the 2024 file.
# Only the exact lower-case forms: "NA" is a Korean family name.
_NULLS = frozenset({"na", "n/a", "null", "-0-"})


def raw_text(elem: Element | None) -> str | None:
    """The text exactly as written, or None when it is empty or a null marker."""
    if elem is None or elem.text is None:
        return None
    stripped = elem.text.strip()
    if not stripped or stripped in _NULLS:
        return None
    return elem.text


def collapse(text: str) -> str:
    """Whitespace runs (embedded newlines and indentation, e.g. "Kim\\n      Yong-Chol") to one space."""
    return " ".join(text.split())


def clean_text(elem: Element | None) -> str | None:
    raw = raw_text(elem)
    return collapse(raw) if raw is not None else None


# A romanised alias followed by the name in its own script: KPi.035 "Jin Tiesan (金铁三)",
# TAi.034 "Haji Gulab Gul (حاجی گلاب گل ولد حاجی حضرت گل )".
_OTHER_SCRIPT = re.compile(r"[\u0400-\u04ff\u0600-\u06ff\u0750-\u077f\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_PARENTHESISED = re.compile(r"^(?P<outer>[^()（）]+?)\s*[(（](?P<inner>[^()（）]+)[)）][\s,.;]*$")


def split_scripts(name: str) -> list[str]:
    """``"Jin Tiesan (金铁三)"`` -> both names. A name all in one script keeps its parentheses
    (KPe.059 華信船務(香港)有限公司)."""
    match = _PARENTHESISED.match(name)
    if match and _OTHER_SCRIPT.search(match.group("inner")) and not _OTHER_SCRIPT.search(match.group("outer")):
        return [match.group("outer").strip(), match.group("inner").strip()]
    return [name]


# Alias notes that carry the name in another script: "original script: Абу Банат" (QDi.363),
# "in Arabic script: شركة الكوثر" (QDe.157), "... In Arabic: سيف العدل" (QDi.001).
_SCRIPT_NOTE = re.compile(r"(?:original script|in arabic(?: script)?)\s*:\s*([^:;]+?)\s*$", re.I)


def script_name_in_note(note: str) -> str | None:
    match = _SCRIPT_NOTE.search(note)
    if match and _OTHER_SCRIPT.search(match.group(1)):
        return match.group(1)
    return None


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{4})$")


def month_year(text: str) -> str | None:
    """``"Nov. 1973"`` / ``"August 1961"`` -> ``"1973-11"``: some dates of birth are only given
    as a NOTE with a month and year (QDi and TAi records)."""
    match = _MONTH_YEAR.match(text.strip())
    if match is None:
        return None
    word = match.group(1).lower()
    for number, month in enumerate(_MONTHS, start=1):
        if month.startswith(word):
            return f"{match.group(2)}-{number:02d}"
    return None


_YEAR_SPAN = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
MAX_RANGE_YEARS = 15


def year_span(text: str) -> tuple[int, int] | None:
    """``"1958 - 1964"`` (alias-encoded dates of birth, 2024 file) -> (1958, 1964)."""
    match = _YEAR_SPAN.match(text.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def years_between(start: int, end: int) -> tuple[list[str], bool]:
    """Each year of a BETWEEN range; only the two ends when the range is implausibly long.
    The flag says whether the range was cut."""
    low, high = min(start, end), max(start, end)
    if high - low > MAX_RANGE_YEARS:
        return [str(low), str(high)], True
    return [str(year) for year in range(low, high + 1)], False
