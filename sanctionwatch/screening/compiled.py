"""The screening modules that installation compiles to C with Cython (``setup.py``), and whether they
are.

Every query runs through these modules: the token alignment, the matchers, the name readings, the
candidate index. Compiled, they run the same Python code without the interpreter's dispatch on each
step (measured: 1.1x to 1.3x the queries per second, ``benchmarks/screening/run.py``). The ``.py``
files stay the source of truth: a compiled module must give the same scores and explanations to the
last bit (``tests/screening/test_compiled.py`` runs both), and the package runs on the sources alone
when no compiler is at hand or ``SANCTIONWATCH_PURE_PYTHON=1`` is set at install time.

This module imports nothing of the package, so that ``setup.py`` can read :data:`MODULES` before the
package's dependencies are installed.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

MODULES = (
    "sanctionwatch.screening.matchers.align",
    "sanctionwatch.screening.matchers.name_v1",
    "sanctionwatch.screening.matchers.name_v2",
    "sanctionwatch.screening.matchers.name_v3",
    "sanctionwatch.screening.features",
    "sanctionwatch.screening.query",
    "sanctionwatch.screening.index",
    "sanctionwatch.screening.screener",
    "sanctionwatch.screening.names.forms",
    "sanctionwatch.screening.names.segment",
    "sanctionwatch.screening.names.korean_keys",
    "sanctionwatch.screening.names.phonetic",
)

_ROOT = Path(__file__).resolve().parent.parent.parent  # the directory that holds the package
# Written by setup.py when it compiles: module -> sha256 of the source it was compiled from.
MANIFEST = Path(__file__).resolve().parent / "compiled_sources.json"


def pure_python_requested() -> bool:
    """``SANCTIONWATCH_PURE_PYTHON`` set (and not 0): install the sources without compiling them."""
    return os.environ.get("SANCTIONWATCH_PURE_PYTHON", "").strip() not in ("", "0")


def source_digest(module: str) -> str:
    return hashlib.sha256(source_path(module).read_bytes()).hexdigest()


def source_path(module: str) -> Path:
    return _ROOT.joinpath(*module.split(".")).with_suffix(".py")


def compiled_path(module: str) -> Path | None:
    source = source_path(module)
    for suffix in EXTENSION_SUFFIXES:
        candidate = source.with_name(source.stem + suffix)
        if candidate.exists():
            return candidate
    return None


def status() -> dict[str, str]:
    """Per module: ``compiled``, ``source`` (no compiled module: the ``.py`` runs), or ``stale`` (the
    ``.py`` is not the one it was compiled from, yet Python still loads the compiled one: reinstall,
    e.g. ``make install`` or ``pip install -e .``). Sources are compared by content, not by time:
    checkouts, stashes and wheels set file times of their own."""
    try:
        made_from = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        made_from = {}
    out = {}
    for module in MODULES:
        if compiled_path(module) is None:
            out[module] = "source"
        elif made_from.get(module) != source_digest(module):
            out[module] = "stale"
        else:
            out[module] = "compiled"
    return out
