"""``sanctionwatch rules|trade|petroleum ...``: the regime's trade rules, partner-reported trade checks,
the refined-petroleum tally. Three typer apps, registered as three command groups."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from sanctionwatch.cli.output import Format, console, print_json, print_table

rules_app = typer.Typer(no_args_is_help=True, help="The 1718 regime's trade measures as data: bans, caps, duties.")
trade_app = typer.Typer(no_args_is_help=True, help="Partner-reported trade (UN Comtrade): import, check, cases.")
petroleum_app = typer.Typer(no_args_is_help=True,
                            help="Refined petroleum: reported deliveries, the tally against the cap, estimates.")

FORMAT = typer.Option(Format.table, "--format")


def _say(text: str) -> None:
    console.print(text, markup=False, highlight=False)


def _cite(m: dict) -> str:
    return f"{m['resolution']} {m['paragraph']}{'' if m['verified'] else ' (unchecked)'}"


@rules_app.command("show")
def rules_show_cmd(hs: Optional[str] = typer.Option(None, "--hs", help="HS code: 2, 4 or 6 digits."),
                   direction: Optional[str] = typer.Option(None, "--direction",
                                                           help="export (out of the DPRK) or import (into it)."),
                   date: Optional[str] = typer.Option(None, "--date", help="YYYY-MM-DD (default: today)."),
                   fmt: Format = FORMAT) -> None:
    """Was trade in this HS code banned on this date, and by which paragraph?"""
    from sanctionwatch.trade import rules_show

    answer = rules_show(hs, direction, date)
    if fmt == Format.json:
        print_json(answer)
        return
    for a in answer if isinstance(answer, list) else [answer]:
        verdict = {True: "banned", False: "not banned", "partial": "partly banned or capped", None: "in force"}
        _say(f"HS {a['hs'] or 'any'}, {a['direction'] or 'both directions'}, {a['date']}: {verdict[a['banned']]}")
        if a["measures"]:
            print_table([{"measure": m["id"], "paragraph": _cite(m), "from": m["effective"], "until": m["until"],
                          "HS": ", ".join(m["hs"]) + (" (derived)" if m["hs_basis"] == "derived" else ""),
                          "summary": m["summary"]} for m in a["measures"]],
                        ["measure", "paragraph", "from", "until", "HS", "summary"])


@rules_app.command("caps")
def rules_caps_cmd(fmt: Format = FORMAT) -> None:
    """Caps and numerical limits, with the 75/90/95 % notification marks."""
    from sanctionwatch.trade import rules

    data = rules()
    if fmt == Format.json:
        print_json({"caps": data["caps"], "thresholds": data["thresholds"],
                    "reporting_duties": data["reporting_duties"], "conversion_factors": data["conversion_factors"]})
        return
    print_table([{**c, "paragraph": _cite(c), "period": f"{c['start'] or ''}..{c['end'] or ''}"} for c in data["caps"]],
                ["id", "commodity", "limit", "period", "paragraph"], title="Caps")
    t = data["thresholds"]
    _say(f"Notification marks: {', '.join(f'{m} %' for m in t['marks'])} ({_cite(t)}): {t['summary']}")


@trade_app.command("import")
def trade_import_cmd(files: List[Path] = typer.Argument(..., help="Comtrade API v1 JSON or bulk/legacy CSV."),
                     flag_mixups: bool = typer.Option(False, "--flag-mixups",
                                                      help="Keep rows mixing DPRK (408/PRK) and Republic of "
                                                           "Korea (410/KOR) codes, flagged, instead of refusing."),
                     fmt: Format = FORMAT) -> None:
    """Import partner-reported trade. A bad row refuses its whole file, naming file, row and field."""
    from sanctionwatch.trade import import_trade

    results = [import_trade(f, flag_mixups=flag_mixups) for f in files]
    if fmt == Format.json:
        print_json(results)
        return
    for r in results:
        state = "already imported" if r["already_imported"] else "imported"
        _say(f"{r['filename']}: {state}, {r['rows']} rows ({r['format']}), {r['flagged']} flagged")


@trade_app.command("check")
def trade_check_cmd(fmt: Format = FORMAT) -> None:
    """Banned HS codes after their ban date, values jumping or vanishing across a ban, mirror gaps."""
    from sanctionwatch.trade import check_trade

    findings = check_trade()
    if fmt == Format.json:
        print_json(findings)
        return
    print_table([{"id": f["id"], "check": f["check"], "kind": f["kind"], "severity": f["severity"],
                  "rules": "; ".join(_cite(m) for m in f["measures"]),
                  "rows": "; ".join(f"{r['filename']}:{r['row_number']}" for r in f["records"]),
                  "summary": f["summary"]} for f in findings],
                ["id", "check", "kind", "severity", "rules", "rows", "summary"], title="Trade findings")


@trade_app.command("open-cases")
def trade_open_cases_cmd(include_review: bool = typer.Option(False, "--include-review",
                                                             help="Also file findings of severity review."),
                         fmt: Format = FORMAT) -> None:
    """Open a case for each high-severity finding, with its data rows as evidence."""
    from sanctionwatch.trade import check_trade, open_trade_cases

    opened = open_trade_cases(check_trade(), severities=("high", "review") if include_review else ("high",))
    if fmt == Format.json:
        print_json(opened)
        return
    for o in opened:
        _say(f"finding {o['finding']}: {'already in' if o['already'] else 'opened'} {o['case']}")
    if not opened:
        _say("no findings to file")


@petroleum_app.command("add")
def petroleum_add_cmd(supplier: str = typer.Argument(..., help="The supplier State, as it reported."),
                      month: str = typer.Argument(..., help="YYYY-MM."),
                      barrels: Optional[float] = typer.Option(None, "--barrels"),
                      tonnes: Optional[float] = typer.Option(None, "--tonnes"),
                      product: Optional[str] = typer.Option(None, "--product",
                                                            help="diesel, gasoline, kerosene, jet, fuel_oil, lpg..."),
                      source: Optional[str] = typer.Option(None, "--source", help="Where the figure comes from."),
                      fmt: Format = FORMAT) -> None:
    """Record one reported delivery (barrels, or tonnes converted by the product's factor)."""
    from sanctionwatch.errors import ConfigError
    from sanctionwatch.trade import add_delivery

    if (barrels is None) == (tonnes is None):
        raise ConfigError("petroleum add: give either --barrels or --tonnes")
    row = add_delivery(supplier, month, barrels if barrels is not None else tonnes,
                       "bbl" if barrels is not None else "t", product=product, source=source)
    if fmt == Format.json:
        print_json(row)
    else:
        _say(f"recorded {row['barrels']:,.0f} bbl of {row['product']} from {row['supplier']} for {row['month']}")


@petroleum_app.command("import")
def petroleum_import_cmd(file: Path = typer.Argument(..., help="CSV: supplier, month, quantity, unit[, product, source]."),
                         fmt: Format = FORMAT) -> None:
    """Import reported deliveries; a bad line refuses the whole file."""
    from sanctionwatch.trade import import_deliveries

    result = import_deliveries(file)
    if fmt == Format.json:
        print_json(result)
    else:
        _say(f"{result['file']}: {'already imported' if result['already_imported'] else 'imported'}, "
             f"{result['rows']} deliveries")


@petroleum_app.command("tally")
def petroleum_tally_cmd(year: Optional[int] = typer.Option(None, "--year"),
                        capacities: Optional[Path] = typer.Option(None, "--capacities",
                                                                  help="CSV: imo/mmsi, capacity_bbl or dwt."),
                        dwt_cargo_share: float = typer.Option(1.0, "--dwt-cargo-share",
                                                              help="Share of DWT that is cargo (default 1.0: "
                                                                   "an upper bound)."),
                        fmt: Format = FORMAT) -> None:
    """Reported deliveries against the cap (75/90/95 % marks) beside the estimate from tanker calls."""
    from sanctionwatch.trade import petroleum_tally

    result = petroleum_tally(year, capacities=capacities, cargo_share=dwt_cargo_share)
    if fmt == Format.json:
        print_json(result)
        return
    if not result["years"]:
        _say("no reported deliveries and no tanker calls at DPRK ports")
    for y in result["years"]:
        cap = y["cap"]
        _say(f"{y['year']}: reported {y['reported_bbl']:,.0f} bbl"
             + (f" of a {cap['bbl']:,.0f} bbl cap ({_cite(cap)})" if cap else " (no cap in force)"))
        for m in y["marks"]:
            if m["bbl"] is not None:
                _say(f"  {m['percent']} % mark ({m['bbl']:,.0f} bbl): {'reached ' + m['reached'] if m['reached'] else 'not reached'}")
        e = y["estimate"]
        print_table([{"month": m["month"], "reported bbl": f"{m['barrels']:,.0f}", "cumulative": f"{m['cumulative']:,.0f}",
                      "% of cap": "" if m["share_of_cap"] is None else f"{m['share_of_cap']:.1f}"}
                     for m in y["months"]], ["month", "reported bbl", "cumulative", "% of cap"],
                    title=f"Reported deliveries {y['year']}")
        _say(f"  estimate from {e['calls']} tanker calls at DPRK ports ({e['calls_with_capacity']} with a known "
             f"capacity, {e['capacity_bbl']:,.0f} bbl in all): "
             + "; ".join(f"{s['name']} laden {s['bbl']:,.0f} bbl" for s in e["scenarios"]))
        if e["calls_without_capacity"]:
            _say(f"  {e['calls_without_capacity']} calls have no capacity (give --capacities): not counted")
