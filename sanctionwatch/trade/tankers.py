"""Refined petroleum delivered, estimated from tanker calls at DPRK ports (domain.md 5.6; the model of the
2018 US submission to the 1718 Committee):

    volume_bbl = sum over calls of (tanker cargo capacity in bbl x laden fraction)

under stated scenarios of the laden fraction. A call counts when a port_visit event at a DPRK port is by
a tanker (AIS ship type 80-89). Capacity comes from a capacities file (IMO or MMSI -> capacity in barrels,
or DWT converted: DWT x cargo share x barrels per tonne of the product); a call whose tanker has no
capacity is listed, never guessed.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Iterable, Sequence

from sanctionwatch.errors import ConfigError, NotFound, SourceFormatError
from sanctionwatch.trade.rules import bbl_per_tonne

# The bounds the US used (one-third, about 90 %) and the midpoint; the published 2018 pair is discussed in
# docs/trade.md.
SCENARIOS = (("one-third", 1 / 3), ("half", 0.5), ("90 %", 0.9))
# DWT counts fuel, water and stores as well as cargo; with no published share for DPRK tankers the default
# treats the whole DWT as cargo (an upper bound), and the caller may state a share.
DWT_CARGO_SHARE = 1.0
TANKER_TYPES = range(80, 90)       # ITU-R M.1371 ship type 8x: tanker
DPRK_COUNTRY = "KP"


def read_capacities(file: Path | str) -> list[dict[str, Any]]:
    """CSV with imo and/or mmsi, and capacity_bbl or dwt; optional name, product, source."""
    path = Path(file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise NotFound(f"capacities: {path}: {exc.strerror or exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not ({"imo", "mmsi"} & set(header)) or not ({"capacity_bbl", "dwt"} & set(header)):
        raise SourceFormatError("need an imo or mmsi column and a capacity_bbl or dwt column", file=path.name, line=1)
    rows = []
    for n, raw in enumerate(reader, start=2):
        raw = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        row: dict[str, Any] = {"name": raw.get("name") or None, "product": raw.get("product") or None,
                               "source": raw.get("source") or path.name}
        for key, kind in (("imo", int), ("mmsi", int), ("capacity_bbl", float), ("dwt", float)):
            try:
                row[key] = kind(raw[key]) if raw.get(key) else None
            except ValueError:
                raise SourceFormatError(f"{raw[key]!r} is not a number", file=path.name, line=n, field=key) from None
        if row["imo"] is None and row["mmsi"] is None:
            raise SourceFormatError("neither imo nor mmsi", file=path.name, line=n, field="imo")
        if row["capacity_bbl"] is None and row["dwt"] is None:
            raise SourceFormatError("neither capacity_bbl nor dwt", file=path.name, line=n, field="capacity_bbl")
        rows.append(row)
    return rows


def capacity_bbl(entry: dict[str, Any], cargo_share: float = DWT_CARGO_SHARE) -> tuple[float, str]:
    """(barrels, how): a stated capacity as is; otherwise DWT x cargo share x bbl/t of the product."""
    if entry.get("capacity_bbl"):
        return float(entry["capacity_bbl"]), "capacity_bbl"
    factor = bbl_per_tonne(entry.get("product"))
    return float(entry["dwt"]) * cargo_share * factor, f"dwt {entry['dwt']:g} x {cargo_share:g} x {factor:g} bbl/t"


def tanker_calls(events: Iterable[dict[str, Any]], vessels: dict[int, dict[str, Any]], *, year: int | None = None,
                 ports: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Port visits at DPRK ports (or at ``ports`` ids) by vessels whose AIS ship type is a tanker."""
    calls = []
    for e in events:
        if e.get("type") != "port_visit":
            continue
        d = e.get("details") or {}
        if ports is not None and d.get("port_id") not in ports:
            continue
        if ports is None and d.get("port_country") != DPRK_COUNTRY:
            continue
        if year is not None and not str(e["start"]).startswith(f"{year:04d}"):
            continue
        for mmsi in e["vessels"]:
            v = vessels.get(int(mmsi)) or {}
            if v.get("ship_type") not in TANKER_TYPES:
                continue
            calls.append({"event": e.get("id"), "mmsi": int(mmsi), "imo": v.get("imo"), "name": v.get("name"),
                          "ship_type": v.get("ship_type"), "port_id": d.get("port_id"),
                          "port_name": d.get("port_name"), "arrival": d.get("arrival") or str(e["start"]),
                          "month": str(d.get("arrival") or e["start"])[:7]})
    return sorted(calls, key=lambda c: (c["arrival"], c["mmsi"]))


def estimate(calls: Sequence[dict[str, Any]], capacities: Sequence[dict[str, Any]], *,
             scenarios: Sequence[tuple[str, float]] = SCENARIOS,
             cargo_share: float = DWT_CARGO_SHARE) -> dict[str, Any]:
    """The estimate under each scenario, in total and by month, with every call's capacity and its basis."""
    if not 0 < cargo_share <= 1:
        raise ConfigError(f"--dwt-cargo-share {cargo_share}: must be above 0 and at most 1")
    for name, fraction in scenarios:
        if not 0 < fraction <= 1:
            raise ConfigError(f"laden fraction {name}={fraction}: must be above 0 and at most 1")
    by_imo = {c["imo"]: c for c in capacities if c.get("imo")}
    by_mmsi = {c["mmsi"]: c for c in capacities if c.get("mmsi")}
    rows, unknown = [], []
    for call in calls:
        entry = by_imo.get(call.get("imo")) or by_mmsi.get(call["mmsi"])
        if entry is None:
            unknown.append(call)
            continue
        bbl, how = capacity_bbl(entry, cargo_share)
        rows.append({**call, "capacity_bbl": bbl, "basis": how, "capacity_source": entry.get("source")})
    total = sum(r["capacity_bbl"] for r in rows)
    months = sorted({r["month"] for r in rows})
    return {
        "calls": len(calls), "calls_with_capacity": len(rows), "calls_without_capacity": len(unknown),
        "capacity_bbl": total, "dwt_cargo_share": cargo_share,
        "scenarios": [{"name": n, "laden_fraction": f, "bbl": total * f} for n, f in scenarios],
        "months": [{"month": m, "calls": sum(r["month"] == m for r in rows),
                    "capacity_bbl": sum(r["capacity_bbl"] for r in rows if r["month"] == m),
                    **{n: sum(r["capacity_bbl"] for r in rows if r["month"] == m) * f for n, f in scenarios}}
                   for m in months],
        "rows": rows, "unknown": unknown,
    }


def vessels_from_ais(home: Path | None = None, engine: Any = None) -> dict[int, dict[str, Any]]:
    """Each MMSI's most reported (IMO, name, ship type) in the AIS store."""
    from sanctionwatch.maritime.engine import DuckDBEngine

    own = engine is None
    engine = engine or DuckDBEngine(home=home, threads=2)
    try:
        rows = engine.rows("""SELECT mmsi, imo, name, ship_type, count(*) AS n FROM statics
                              GROUP BY mmsi, imo, name, ship_type ORDER BY mmsi, n DESC, name""")
    finally:
        if own:
            engine.close()
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        out.setdefault(int(r["mmsi"]), {"imo": r["imo"], "name": r["name"], "ship_type": r["ship_type"]})
    return out
