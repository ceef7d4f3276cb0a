"""Helpers for the name-normalisation tests."""

from __future__ import annotations

from sanctionwatch.screening.names import name_forms


def key_sets(name: str, korean_hint: bool = False) -> set[tuple[str, ...]]:
    return {f.keys for f in name_forms(name, korean_hint=korean_hint)}


def same_keys(a: str, b: str, korean_hint: bool = False) -> bool:
    """Some reading of ``a`` and some reading of ``b`` have equal keys, token for token."""
    return bool(key_sets(a, korean_hint) & key_sets(b, korean_hint))
