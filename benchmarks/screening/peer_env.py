"""Create the peer's own virtual environment, benchmarks/.peer-venv, with nomenklatura from PyPI.

The peer (OpenSanctions' nomenklatura logic-v2, yente's default algorithm) lives in a SEPARATE
virtual environment so that nothing it pulls in (scikit-learn, duckdb, its own pins) can change
the project's .venv, and so that our code and theirs never share a process. Idempotent: when the
venv exists and holds the pinned versions it does nothing; otherwise it (re)creates it.

    .venv/bin/python benchmarks/screening/peer_env.py [--force]

run.py calls ensure() itself, so the benchmark stays one command.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE.parent / ".peer-venv"

# nomenklatura 4.17.4 (PyPI) resolves followthemoney 4.11.2 and rigour 2.6.1: pinned so that a
# rerun measures the same peer. Change these three together.
PINS = {
    "nomenklatura": "4.17.4",
    "followthemoney": "4.11.2",
    "rigour": "2.6.1",
}


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


def _base_python() -> str:
    """An interpreter to make the venv with: the one the project's venv was made from."""
    base = getattr(sys, "_base_executable", None) or sys.executable
    return base if os.path.exists(base) else sys.executable


def ensure(force: bool = False, quiet: bool = False) -> Path:
    """Make sure the peer venv exists with the pinned versions; return its python."""
    have = None if force else installed()
    if have == PINS:
        return python()
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, file=sys.stderr))
    if VENV.exists():
        say(f"peer venv {VENV} has {have}, wants {PINS}: recreating")
        shutil.rmtree(VENV)
    say(f"creating peer venv {VENV} (nomenklatura {PINS['nomenklatura']} from PyPI) ...")
    subprocess.run([_base_python(), "-m", "venv", str(VENV)], check=True)
    pip = [str(python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + [f"{name}=={ver}" for name, ver in PINS.items()], check=True)
    have = installed()
    if have != PINS:
        raise SystemExit(f"peer venv installed {have}, expected {PINS}")
    say(f"peer venv ready: {have}")
    return python()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="recreate even when it looks right")
    args = parser.parse_args()
    print(ensure(force=args.force))


if __name__ == "__main__":
    main()
