"""Refined petroleum: deliveries States reported to the 1718 Committee, the running total against the cap
(2397 OP5: 500,000 bbl a year; notices at 75/90/95 %), and beside it the estimate from tanker calls.

Reported and estimated volumes stay apart (domain.md 1.4): the 2018 US submission and the 2020 complaint
of 43 States rested exactly on the gap between the two.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

from sqlalchemy import insert, select

from sanctionwatch.errors import ConfigError, NotFound, SourceFormatError
from sanctionwatch.store import Store, open_store
from sanctionwatch.store.schema import petroleum_deliveries
from sanctionwatch.trade.rules import bbl_per_tonne, cap_for, rules

UNITS = {"bbl": "bbl", "barrel": "bbl", "barrels": "bbl", "t": "t", "tonne": "t", "tonnes": "t", "mt": "t"}


def _delivery(supplier: str, month: str, quantity: float | str, unit: str, product: str | None,
              source: str | None, where: str) -> dict[str, Any]:
    if not supplier or not str(supplier).strip():
        raise ConfigError(f"{where}: the supplier is empty")
    month = str(month).strip()
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise ConfigError(f"{where}: month {month!r}: use YYYY-MM")
    try:
        qty = float(str(quantity).replace(",", ""))
    except ValueError:
        raise ConfigError(f"{where}: quantity {quantity!r} is not a number") from None
    if qty < 0:
        raise ConfigError(f"{where}: quantity {qty} is negative")
    u = UNITS.get(str(unit).strip().lower())
    if u is None:
        raise ConfigError(f"{where}: unit {unit!r}: use bbl or t")
    product = (product or rules()["conversion_factors"]["default_product"]).strip().lower()
    factor = bbl_per_tonne(product) if u == "t" else None
    return {"supplier": str(supplier).strip(), "month": month, "product": product, "quantity": qty, "unit": u,
            "bbl_per_tonne": factor, "barrels": qty * factor if factor else qty, "source": source or None}


def _write(rows: list[dict[str, Any]], store: Store, batch: str | None, actor: str | None) -> list[dict[str, Any]]:
    from sanctionwatch.cases.audit import default_actor

    at = datetime.now(timezone.utc).replace(microsecond=0)
    who = actor or default_actor()
    with store.write_exclusive() as conn:
        if batch and conn.execute(select(petroleum_deliveries.c.id)
                                  .where(petroleum_deliveries.c.batch_sha256 == batch)).first():
            return []
        for row in rows:
            row.update(batch_sha256=batch, entered_at=at, entered_by=who)
            row["id"] = conn.execute(insert(petroleum_deliveries).values(**row)).inserted_primary_key[0]
    return rows


def add_delivery(supplier: str, month: str, quantity: float | str, unit: str = "bbl", *, product: str | None = None,
                 source: str | None = None, store: Store | None = None, actor: str | None = None) -> dict[str, Any]:
    """Record one reported delivery (a supplier State's figure for one month and product)."""
    row = _delivery(supplier, month, quantity, unit, product, source, "petroleum add")
    return _write([row], store or open_store(), None, actor)[0]


def import_deliveries(file: Path | str, *, store: Store | None = None, actor: str | None = None) -> dict[str, Any]:
    """A CSV with columns supplier, month, quantity, unit (bbl or t) and optionally product, source. Every
    line is checked before anything is stored; the same file imports once."""
    path = Path(file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotFound(f"petroleum import: {path}: {exc.strerror or exc}") from exc
    try:
        reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        raise SourceFormatError("not UTF-8 text", file=path.name) from None
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in ("supplier", "month", "quantity", "unit") if c not in header]
    if missing:
        raise SourceFormatError(f"missing column {missing[0]!r} (need supplier, month, quantity, unit)",
                                file=path.name, line=1)
    rows = []
    for n, raw in enumerate(reader, start=2):
        raw = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        try:
            rows.append(_delivery(raw["supplier"], raw["month"], raw["quantity"], raw["unit"],
                                  raw.get("product") or None, raw.get("source") or None, "row"))
        except ConfigError as exc:
            raise SourceFormatError(str(exc).removeprefix("row: "), file=path.name, line=n) from None
    if not rows:
        raise SourceFormatError("no deliveries", file=path.name)
    written = _write(rows, store or open_store(), hashlib.sha256(data).hexdigest(), actor)
    return {"file": path.name, "rows": len(rows), "imported": len(written), "already_imported": not written}


def list_deliveries(*, year: int | None = None, store: Store | None = None) -> list[dict[str, Any]]:
    store = store or open_store()
    query = select(petroleum_deliveries).order_by(petroleum_deliveries.c.month, petroleum_deliveries.c.supplier,
                                                  petroleum_deliveries.c.id)
    if year is not None:
        query = query.where(petroleum_deliveries.c.month.like(f"{int(year):04d}-%"))
    with store.read() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def tally(deliveries: Sequence[dict[str, Any]], year: int) -> dict[str, Any]:
    """Running total of reported barrels by month against the year's cap, with the month each mark
    (75/90/95 %, 2397 OP5) was reached and the total per supplier."""
    cap = cap_for("refined petroleum", year)
    marks = rules()["thresholds"]["marks"]
    own = [d for d in deliveries if d["month"].startswith(f"{year:04d}-")]
    months, running, reached = [], 0.0, {}
    limit = float(cap["limit_value"]) if cap else None
    for m in range(1, 13):
        key = f"{year:04d}-{m:02d}"
        amount = sum(d["barrels"] for d in own if d["month"] == key)
        running += amount
        share = running / limit * 100 if limit else None
        for mark in marks:
            if share is not None and share >= mark and mark not in reached:
                reached[mark] = key
        months.append({"month": key, "barrels": round(amount, 2), "cumulative": round(running, 2),
                       "share_of_cap": None if share is None else round(share, 2)})
    suppliers: dict[str, float] = {}
    for d in own:
        suppliers[d["supplier"]] = suppliers.get(d["supplier"], 0.0) + d["barrels"]
    return {
        "year": year, "reported_bbl": round(running, 2),
        "cap": None if cap is None else {"id": cap["id"], "bbl": limit, "resolution": cap["resolution"],
                                         "paragraph": cap["paragraph"], "period": [cap["start"], cap["end"]],
                                         "verified": cap["verified"]},
        "marks": [{"percent": mark, "bbl": None if limit is None else limit * mark / 100,
                   "reached": reached.get(mark)} for mark in marks],
        "months": months,
        "suppliers": [{"supplier": s, "barrels": round(b, 2)} for s, b in sorted(suppliers.items())],
    }
