"""The detector contract. A detector is a versioned unit: ``NAME`` (the event type it produces),
``VERSION`` (``v1``; a released version never changes behaviour, a change is a new version), a tuple of
``Param`` whose defaults carry their source, and ``run(ctx, params)`` returning events.

The heavy part of ``run`` is SQL over the engine's ``positions``/``statics`` (see engine.py for the
dialect subset), so the same detector runs on DuckDB and on Spark; what remains in Python works on
the few rows the SQL returns (enrichment with areas, shaping events).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.events import Event


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    unit: str
    help: str
    source: str          # where the default comes from (GFW docs, a paper, or "sanctionwatch: <why>")

    def parse(self, value: Any) -> Any:
        if isinstance(self.default, bool):
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if isinstance(self.default, (int, float)):
            # Numbers reach the detectors' SQL as text: inf and nan would be read there as column
            # names (or compare false with everything), so they are not parameters.
            number = float(value)
            if not math.isfinite(number):
                raise ValueError("not a finite number")
            return int(value) if isinstance(self.default, int) else number
        return value


@dataclass
class DetectionContext:
    """What a run gives each detector: the engine (SQL over the window), the areas, and settings."""

    engine: Any                      # DuckDBEngine or a Spark engine with the same methods
    areas: Any                       # sanctionwatch.maritime.areas.Areas
    store: Any = None                # the list store (designated vessels), optional
    extras: dict[str, Any] = field(default_factory=dict)


class Detector:
    NAME: ClassVar[str]
    VERSION: ClassVar[str] = "v1"
    TITLE: ClassVar[str] = ""
    DESCRIPTION: ClassVar[str] = ""
    PARAMS: ClassVar[tuple[Param, ...]] = ()

    @property
    def id(self) -> str:
        return f"{self.NAME}-{self.VERSION}"

    def resolve(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """Defaults with overrides applied; unknown names are refused."""
        params = {p.name: p.default for p in self.PARAMS}
        known = {p.name: p for p in self.PARAMS}
        for key, value in (overrides or {}).items():
            if key not in known:
                raise ConfigError(f"detector {self.id}: unknown parameter {key!r} "
                                  f"(known: {', '.join(known) or 'none'})")
            try:
                params[key] = known[key].parse(value)
            except (TypeError, ValueError, OverflowError):
                kind = type(known[key].default).__name__
                if isinstance(known[key].default, (int, float)) and not isinstance(known[key].default, bool):
                    kind = f"finite {kind}"
                raise ConfigError(f"detector {self.id}: parameter {key}={value!r} is not a valid {kind}") from None
        return params

    def run(self, ctx: DetectionContext, params: dict[str, Any]) -> list[Event]:
        raise NotImplementedError

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.NAME, "version": self.VERSION, "id": self.id, "title": self.TITLE,
            "description": self.DESCRIPTION,
            "params": [{"name": p.name, "default": p.default, "unit": p.unit, "help": p.help, "source": p.source}
                       for p in self.PARAMS],
        }
