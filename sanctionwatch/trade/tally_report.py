"""The petroleum tally as one answer: per year, the reported running total against the cap and, beside it,
the estimate from tanker calls at DPRK ports under each laden-fraction scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from sanctionwatch.trade import tankers as est
from sanctionwatch.trade.petroleum import list_deliveries, tally


def petroleum_tally(year: int | None = None, *, capacities: Path | str | Sequence[dict[str, Any]] | None = None,
                    cargo_share: float = est.DWT_CARGO_SHARE, events: Sequence[dict[str, Any]] | None = None,
                    vessels: dict[int, dict[str, Any]] | None = None, store: Any = None,
                    home: Path | None = None) -> dict[str, Any]:
    """``{"years": [{year, reported_bbl, cap, marks, months, suppliers, estimate}], "capacity_source"}``.
    Events default to the newest detection run and vessels to the AIS store's statics; without a
    capacities file the estimate lists the tanker calls and says their capacity is unknown."""
    deliveries = list_deliveries(store=store)
    home = home or getattr(store, "home", None)
    if events is None:
        from sanctionwatch.maritime.detect import load_latest_events

        _, events = load_latest_events(home)
    if vessels is None:
        from sanctionwatch.maritime.store import table_files

        vessels = est.vessels_from_ais(home) if table_files("statics", home) else {}
    if capacities is None:
        caps: Sequence[dict[str, Any]] = []
        source = None
    elif isinstance(capacities, (str, Path)):
        caps, source = est.read_capacities(capacities), Path(capacities).name
    else:
        caps, source = capacities, "given"
    calls = est.tanker_calls(events, vessels)
    years = {int(d["month"][:4]) for d in deliveries} | {int(c["month"][:4]) for c in calls}
    if year is not None:
        years = {int(year)}
    out = []
    for y in sorted(years):
        row = tally(deliveries, y)
        row["estimate"] = est.estimate([c for c in calls if c["month"].startswith(f"{y:04d}")], caps,
                                       cargo_share=cargo_share)
        out.append(row)
    return {"years": out, "capacity_source": source}


def has_petroleum_data(store: Any) -> bool:
    """True when the store holds reported deliveries (the report's petroleum section depends on it)."""
    from sqlalchemy import select

    from sanctionwatch.store.schema import petroleum_deliveries

    with store.read() as conn:
        return conn.execute(select(petroleum_deliveries.c.id).limit(1)).first() is not None
