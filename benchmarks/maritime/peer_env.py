"""Create the detection peer's own virtual environment, benchmarks/.mp-venv, with MovingPandas from PyPI.

MovingPandas (with GeoPandas, Shapely, pyproj, pandas, and pyarrow to read Parquet) lives in a
SEPARATE virtual environment so that nothing it pulls in (its own numpy and pandas, matplotlib,
geopy) can change the project's .venv, and so that our code and theirs never share a process.
Idempotent: when the venv exists and holds the pinned versions it does nothing; otherwise it
(re)creates it and reports how long that took.

    .venv/bin/python benchmarks/maritime/peer_env.py [--force]

detect.py calls ensure() itself, so the benchmark stays one command.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE.parent / ".mp-venv"

# movingpandas 0.23.0 (PyPI) resolves these on Python 3.11 (pyproj 3.8 needs a newer Python):
# pinned so that a rerun measures the same peer. numpy and pandas are pinned too since the peer's
# speed is mostly theirs; pyarrow is pandas' Parquet reader, which MovingPandas does not pull in.
# Change them together.
PINS = {
    "movingpandas": "0.23.0",
    "geopandas": "1.2.0",
    "shapely": "2.2.0",
    "pyproj": "3.7.2",
    "pandas": "3.1.1",
    "numpy": "2.4.6",
    "pyarrow": "26.0.1",
}
# ensure() leaves how long the install took here, so that a later run can still say it.
RECORD = VENV / "sanctionwatch-install.json"


def python() -> Path:
    return VENV / "bin" / "python"


def installed() -> dict[str, str] | None:
    """Versions installed in the peer venv, or None when it is missing or broken."""
    if not python().exists():
        return None
    code = (
        "import json; from importlib.metadata import version\n"
        f"print(json.dumps({{d: version(d) for d in {list(PINS)!r}}}))"
    )
    try:
        out = subprocess.run([str(python()), "-c", code], capture_output=True, text=True, check=True)
        return json.loads(out.stdout)
    except (subprocess.CalledProcessError, json.JSONDecodeError, OSError):
        return None


def install_record() -> dict | None:
    """What the last install measured ({"seconds", "versions", "when"}), if the venv keeps it."""
    try:
        return json.loads(RECORD.read_text())
    except (OSError, json.JSONDecodeError):
        return None


def _base_python() -> str:
    """An interpreter to make the venv with: the one the project's venv was made from, so the
    project's .venv is never the one pip runs in."""
    base = getattr(sys, "_base_executable", None) or sys.executable
    return base if os.path.exists(base) else sys.executable


def ensure(force: bool = False, quiet: bool = False) -> Path:
    """Make sure the peer venv exists with the pinned versions; return its python."""
    have = None if force else installed()
    if have == PINS:
        return python()
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    if VENV.exists():
        say(f"peer venv {VENV}: " + ("--force, recreating" if force else f"has {have}, wants {PINS}: recreating"))
        shutil.rmtree(VENV)
    say(f"creating peer venv {VENV} (movingpandas {PINS['movingpandas']} from PyPI) ...")
    started = time.perf_counter()
    subprocess.run([_base_python(), "-m", "venv", str(VENV)], check=True)
    pip = [str(python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + [f"{name}=={ver}" for name, ver in PINS.items()], check=True)
    seconds = time.perf_counter() - started
    have = installed()
    if have != PINS:
        raise SystemExit(f"peer venv installed {have}, expected {PINS}")
    RECORD.write_text(json.dumps({"seconds": round(seconds, 1), "versions": have,
                                  "when": time.strftime("%Y-%m-%dT%H:%M:%S%z")}) + "\n")
    say(f"peer venv ready in {seconds:.1f} s (venv + pip install): {have}")
    return python()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="recreate even when it looks right")
    args = parser.parse_args()
    print(ensure(force=args.force))
    print(json.dumps(install_record()))


if __name__ == "__main__":
    main()
