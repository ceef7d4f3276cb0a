"""Per-name cost of the name reading forms (name_forms) over every Latin name of the real UN list of
2026-02-27, token caches warm (the index build case). Target < 20 µs a name. No peer: prints figures.

    .venv/bin/python benchmarks/screening/name_forms.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from sanctionwatch import settings
    from sanctionwatch.screening.names import forms as forms_module
    from sanctionwatch.screening.names import name_forms
    from tests.screening.names.test_real_list import UN_2026, _records

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    records = _records(settings.shared_data() / UN_2026)
    names = [(n, lt == "DPRK") for p, a, lt in records.values() for n in [p, *a] if n.isascii()]
    for name, hint in names:
        name_forms(name, korean_hint=hint)
    runs = []
    for _ in range(args.repeat):
        forms_module._name_forms.cache_clear()
        start = time.perf_counter()
        for name, hint in names:
            name_forms(name, korean_hint=hint)
        runs.append((time.perf_counter() - start) / len(names))
    runs.sort()
    one, five, fifteen = os.getloadavg()
    print(f"{len(names)} names: best {runs[0] * 1e6:.1f} µs, median {runs[len(runs) // 2] * 1e6:.1f} µs per name "
          f"(target < 20 µs); load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
