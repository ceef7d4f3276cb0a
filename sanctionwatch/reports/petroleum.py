"""The report's petroleum section: reported deliveries against the cap beside the estimate from tanker
calls, and its chart. Added only when the store holds reported deliveries, so reports without petroleum
data stay exactly as they were."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sanctionwatch.reports import figures as figs

# Capacities for the estimate: a file the analyst keeps under the data home (layout: docs/trade.md).
CAPACITIES = Path("trade") / "capacities.csv"


def petroleum_section(store: Any, home: Path | None, period: tuple[Any, Any] | None = None) -> dict[str, Any] | None:
    from sanctionwatch.trade.tally_report import has_petroleum_data, petroleum_tally

    if store is None:
        from sanctionwatch import settings
        from sanctionwatch.store import open_store

        base = home or settings.home()
        if not settings.get("database_url") and not (base / "sanctionwatch.db").exists():
            return None               # no store: nothing to report, and none created for it
        store = open_store(home=base)
    if not has_petroleum_data(store):
        return None
    home = home or store.home
    capacities = home / CAPACITIES
    result = petroleum_tally(capacities=capacities if capacities.is_file() else None, store=store, home=home)
    years = result["years"]
    if period:
        years = [y for y in years if period[0].year <= y["year"] <= period[1].year]
    return {"years": years, "capacity_source": result["capacity_source"]} if years else None


def chart(section: dict[str, Any]) -> bytes:
    """Cumulative reported barrels by month against the cap and its marks, and the cumulative estimate
    under each laden-fraction scenario (dashed)."""
    plt = figs._plt()
    with plt.rc_context(figs._rc()):
        years = section["years"]
        fig, axes = plt.subplots(1, len(years), figsize=(6.3, 2.6), squeeze=False)
        for ax, y in zip(axes[0], years):
            x = list(range(1, 13))
            ax.plot(x, [m["cumulative"] for m in y["months"]], color="#1f4e79", marker="o", markersize=2.5,
                    linewidth=1.4, label="reported (cumulative)")
            est = {m["month"]: m for m in y["estimate"]["months"]}
            for (name, style) in zip([s["name"] for s in y["estimate"]["scenarios"]], (":", "--", "-.")):
                running, series = 0.0, []
                for m in y["months"]:
                    running += (est.get(m["month"]) or {}).get(name, 0.0)
                    series.append(running)
                ax.plot(x, series, color="#c0392b", linestyle=style, linewidth=1.0, label=f"estimate, {name} laden")
            if y["cap"]:
                ax.axhline(y["cap"]["bbl"], color="black", linewidth=0.9, label=f"cap ({y['cap']['resolution']} "
                                                                             f"{y['cap']['paragraph']})")
                for mark in y["marks"]:
                    ax.axhline(mark["bbl"], color="#7f7f7f", linewidth=0.5, linestyle=":")
                    ax.annotate(f"{mark['percent']} %", (12.4, mark["bbl"]), fontsize=5.5, va="center",
                                annotation_clip=False)
            ax.set_title(str(y["year"]))
            ax.set_xticks(x)
            ax.set_xticklabels(["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"])
            ax.set_ylabel("barrels")
            ax.ticklabel_format(axis="y", style="plain")
            ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: f"{v:,.0f}"))
        axes[0][0].legend(loc="upper left")
        return figs._png(fig)
