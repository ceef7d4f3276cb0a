"""Scoring judged pairs: users calibrate a threshold on their own labelled data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import IO, Any, Iterator

from sanctionwatch.errors import ConfigError, SanctionwatchError
from sanctionwatch.screening.compare import compare_entities


@dataclass
class PairOutcome:
    id: Any
    score: float | None
    match: bool | None
    expected: bool | None
    error: str | None = None


def score_pairs(fh: IO[str], *, algorithm: str | None = None, threshold: float | None = None) -> Iterator[PairOutcome]:
    for line_no, line in enumerate(fh, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield PairOutcome(None, None, None, None, f"line {line_no}: not JSON ({exc.msg})")
            continue
        if not isinstance(item, dict) or "query" not in item or "candidate" not in item:
            yield PairOutcome(None, None, None, None, f"line {line_no}: needs query and candidate")
            continue
        expected = item.get("expected")
        if expected is not None and not isinstance(expected, bool):
            yield PairOutcome(item.get("id"), None, None, None, f"line {line_no}: expected must be true or false")
            continue
        try:
            result = compare_entities(item["query"], item["candidate"], algorithm=algorithm, threshold=threshold)
        except SanctionwatchError as exc:
            yield PairOutcome(item.get("id"), None, None, expected, f"line {line_no}: {exc}")
            continue
        yield PairOutcome(item.get("id", line_no), result.score, result.match, expected)


def metrics(outcomes: list[PairOutcome]) -> dict[str, Any]:
    judged = [o for o in outcomes if o.expected is not None and o.match is not None]
    if not judged:
        raise ConfigError("no labelled pairs (\"expected\": true|false) to compute precision and recall")
    tp = sum(o.match and o.expected for o in judged)
    fp = sum(o.match and not o.expected for o in judged)
    fn = sum(not o.match and o.expected for o in judged)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pairs": len(judged), "true_positives": tp, "false_positives": fp, "false_negatives": fn,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
