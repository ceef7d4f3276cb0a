"""Media linking benchmark: precision and recall of links on the judged corpus
(tests/fixtures/media), with documents per second and the load average. Figures printed, never asserted.

    python benchmarks/media/run.py [--un PATH] [--vessels PATH] [--ofac PATH] [--repeat N]

Loads the real UN lists (consolidated, 1718 vessels) and the OFAC SDN list into a throwaway data home,
scans every corpus document and compares (document, entity) links with truth.json. The held-out set
(tests/fixtures/media/heldout: documents written after the linker was last changed, and never used to
change it) is scored apart: the corpus is what the linker was developed against, the held-out set says
how it does on text it has not seen.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "media"


def score(result: dict, truth: dict) -> dict:
    tp = fp = fn = 0
    errors = []
    for d in result["documents"]:
        name = Path(d["document"]["path"]).name
        expected = {e for ids in truth[name]["links"].values() for e in ids}
        found = {c["id"] for g in d["groups"] for c in g["links"]}
        tp += len(found & expected)
        fp += len(found - expected)
        fn += len(expected - found)
        for e in sorted(found - expected):
            errors.append(f"false link  {name}: {e}")
        for e in sorted(expected - found):
            errors.append(f"missed link {name}: {e}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "errors": errors}


def _links(figures: dict, target: str) -> None:
    print(f"  links: {figures['tp']} right, {figures['fp']} false, {figures['fn']} missed")
    print(f"  precision {figures['precision']:.3f}  recall {figures['recall']:.3f}{target}")


def main() -> int:
    shared = Path(os.environ.get("SANCTIONWATCH_SHARED_DATA", ROOT.parent / "shared" / "data"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--un", default=str(shared / "lists/un/consolidated_2026-02-27.xml"))
    ap.add_argument("--vessels", default=str(shared / "lists/un-1718-vessels/1718_designated_vessels_2020-06-04.csv"))
    ap.add_argument("--ofac", default=str(shared / "lists/ofac/sdn-csv-2024-05-03/sdn.csv"))
    ap.add_argument("--repeat", type=int, default=5, help="scans of the corpus for the timing")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["SANCTIONWATCH_HOME"] = home
        os.environ.pop("SANCTIONWATCH_DATABASE_URL", None)
        from sanctionwatch.lists.releases import load_lists
        from sanctionwatch.media.scan import scan
        from sanctionwatch.screening.screener import current_index
        from sanctionwatch.store import open_store

        store = open_store()
        load_lists([args.un], store=store)
        load_lists([args.vessels], store=store)
        load_lists([args.ofac], store=store)
        index = current_index(store)
        truth = json.loads((CORPUS / "truth.json").read_text())
        truth.pop("_about")
        paths = [CORPUS / "corpus"]
        scan(paths, index=index)  # warm-up: language model, name caches
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = scan(paths, index=index)
            times.append(time.perf_counter() - started)
        figures = score(result, truth)
        n = result["count"]
        best = min(times)
        print(f"media linking on {n} documents ({len(index.entries)} list entities: "
              f"{', '.join(f'{k} release {v}' for k, v in sorted(index.releases.items()))})")
        _links(figures, "  (target >= 0.95 each)")
        print(f"  speed: {n / best:.1f} documents/s (best of {args.repeat}; median "
              f"{n / sorted(times)[len(times) // 2]:.1f}); load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
              f" on {os.cpu_count()} cores")
        for line in figures["errors"]:
            print("  " + line)
        heldout = CORPUS / "heldout"
        if (heldout / "truth.json").exists():
            truth = json.loads((heldout / "truth.json").read_text())
            truth.pop("_about")
            result = scan([heldout / "corpus"], index=index)
            figures = score(result, truth)
            print(f"held-out set, {result['count']} documents never used to change the linker:")
            _links(figures, "")
            for line in figures["errors"]:
                print("  " + line)
        store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
