"""Scoring one query against one candidate, both in FtM shape: the pair-level API (``screen pairs``,
benchmarks, calibration on a user's own judged pairs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sanctionwatch.screening.matchers import get_matcher
from sanctionwatch.screening.query import Query


@dataclass
class MatchResult:
    score: float
    match: bool
    algorithm: str
    threshold: float
    explanations: list[dict[str, Any]]
    features: dict[str, float]


def compare_entities(query: dict[str, Any], candidate: dict[str, Any], *, algorithm: str | None = None,
                     threshold: float | None = None) -> MatchResult:
    matcher = get_matcher(algorithm)
    limit = matcher.DEFAULT_THRESHOLD if threshold is None else threshold
    q = Query.from_dict(query, "query").profile()
    c = Query.from_dict(candidate, "candidate").profile()
    scored = matcher.score(q, c)
    return MatchResult(scored.score, scored.score >= limit, matcher.NAME, limit, scored.explanations(),
                       scored.feature_scores())
