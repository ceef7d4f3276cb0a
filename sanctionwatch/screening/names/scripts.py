"""Which script a name is written in, and splitting names that mix scripts.

The UN list puts Chinese characters inside Latin aliases ("Jin Tiesan (金铁三)", KPi.035, and
KPe.055/059/073, lists-data.md §2.3.6), so a name can hold several scripts; each run is read on
its own.
"""

from __future__ import annotations

from typing import Callable

SCRIPTS = ("latin", "hangul", "han", "cyrillic", "arabic", "other")


def char_script(ch: str) -> str | None:
    """The script of one character, or None for spaces, digits and punctuation."""
    o = ord(ch)
    if o < 0x80:
        return "latin" if ch.isalpha() else None
    if not ch.isalpha():
        # Hangul and Han are letters to Python too; marks such as the MR breve's combining form
        # belong to the letter before them.
        if 0x0300 <= o <= 0x036F:
            return "latin"
        return None
    if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F or 0xA960 <= o <= 0xA97F \
            or 0xD7B0 <= o <= 0xD7FF:
        return "hangul"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3134F:
        return "han"
    if 0x0400 <= o <= 0x052F or 0x1C80 <= o <= 0x1C8F or 0x2DE0 <= o <= 0x2DFF or 0xA640 <= o <= 0xA69F:
        return "cyrillic"
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0x08A0 <= o <= 0x08FF or 0xFB50 <= o <= 0xFDFF \
            or 0xFE70 <= o <= 0xFEFF:
        return "arabic"
    if o <= 0x024F or 0x1E00 <= o <= 0x1EFF or 0x2C60 <= o <= 0x2C7F or 0xA720 <= o <= 0xA7FF:
        return "latin"
    return "other"


def detect_script(text: str) -> str:
    """The script of most letters in ``text``: one of :data:`SCRIPTS`.

    Text without letters (digits, punctuation, nothing) counts as "latin" when it is ascii.
    Ties go to the script listed first in :data:`SCRIPTS`.
    """
    if text.isascii():
        return "latin"
    counts: dict[str, int] = {}
    for ch in text:
        script = char_script(ch)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "other"
    return max(SCRIPTS, key=lambda s: (counts.get(s, 0), -SCRIPTS.index(s)))


def script_runs(text: str) -> list[tuple[str, str]]:
    """``(script, text)`` per script present, in order of first appearance.

    Characters of other scripts are replaced by spaces in each script's text, so that digits and
    punctuation stay with every run. Hangul mixed with Han (Korean mixed script, 金정은) stays one
    "hangul" run, since the Han characters are read as Korean there.
    """
    seen: list[str] = []
    for ch in text:
        script = char_script(ch)
        if script is not None and script not in seen:
            seen.append(script)
    if len(seen) <= 1:
        return [(seen[0] if seen else detect_script(text), text)]
    if "hangul" in seen and "han" in seen:
        korean = {"hangul", "han"}
        seen = [s for s in seen if s != "han"]
    else:
        korean = set()
    runs = []
    for script in seen:
        keep = korean if script == "hangul" and korean else {script}
        runs.append((script, "".join(ch if char_script(ch) in keep or char_script(ch) is None else " "
                                     for ch in text)))
    return runs


def runs(text: str, keep: Callable[[str], bool]) -> list[str]:
    """The maximal runs of characters for which ``keep`` holds ("金正恩 (Kim)" -> ["金正恩"])."""
    words, current = [], []
    for ch in text:
        if keep(ch):
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words
