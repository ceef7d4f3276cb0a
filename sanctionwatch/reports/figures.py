"""Maps of a report: an overview of every case's events, and per case the tracks of its vessels
around its events, over land, DPRK waters, STS hot spots and ports.

Land comes from the ``land`` setting (GeoJSON polygons, e.g. Natural Earth) when set, otherwise from
the 30-arc-second raster shipped in ``global-land-mask``. PNGs are written without a creation time
or software tag, and everything drawn is sorted first, so the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import math
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from sanctionwatch.reports.land import draw_land

DPI = 150
SEA = "#d6e6f2"
DEFAULT_VIEW = (123.0, 33.0, 132.5, 43.5)  # west, south, east, north: the Korean peninsula
EVENT_COLOURS = {"encounter": "#c0392b", "gap": "#8e44ad", "loitering": "#d35400", "port_visit": "#2c3e50",
                 "zone_entry": "#16a085", "identity": "#b7950b", "designated_vessel": "#000000"}
EVENT_MARKERS = {"encounter": "*", "gap": "X", "loitering": "D", "port_visit": "s", "zone_entry": "^",
                 "identity": "P", "designated_vessel": "o"}
TRACK_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
                 "#7f7f7f", "#d62728")


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


@lru_cache(maxsize=1)
def _areas() -> Any:
    from sanctionwatch.maritime.areas import Areas

    # Only the shipped places: a user's port list of thousands would bury the map in labels.
    return Areas.load(ports_path="", anchorages_path="", land_path="", shipped=True)


def latin(text: Any) -> str:
    """The part of a name the map's font can draw: Hangul and Hanzi are dropped here (the HTML shows
    them, with the CJK font)."""
    value = "".join(ch if ord(ch) < 0x0250 else " " for ch in str(text or ""))
    return " ".join(value.split())


# --- view ----------------------------------------------------------------------------------------------

def view_of(points: Sequence[tuple[Any, Any]], *, min_span: float = 0.6, aspect: float = 1.25,
            pad: float = 0.18) -> tuple[float, float, float, float]:
    """(west, south, east, north) around (lon, lat) points, padded and widened to the figure's aspect."""
    pts = [(lon, lat) for lon, lat in points if lon is not None and lat is not None
           and math.isfinite(lon) and math.isfinite(lat)]
    if not pts:
        return DEFAULT_VIEW
    lons = [p[0] for p in pts]
    lats = [p[1] for p in pts]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    mid = (south + north) / 2
    coslat = max(0.2, math.cos(math.radians(mid)))
    dlat = max(north - south, min_span) * (1 + 2 * pad)
    dlon = max(east - west, min_span / coslat) * (1 + 2 * pad)
    # On the page a degree of longitude is cos(lat) of a degree of latitude.
    if dlon * coslat / dlat < aspect:
        dlon = aspect * dlat / coslat
    else:
        dlat = dlon * coslat / aspect
    cx, cy = (west + east) / 2, mid
    south, north = max(-85.0, cy - dlat / 2), min(85.0, cy + dlat / 2)
    return (round(cx - dlon / 2, 4), round(south, 4), round(cx + dlon / 2, 4), round(north, 4))


# --- layers --------------------------------------------------------------------------------------------

def draw_areas(ax: Any, view: tuple[float, float, float, float], handles: list, labels: list
               ) -> list[tuple[str, tuple[float, float], dict[str, Any]]]:
    """Zones and ports; returns the labels to place (text, anchor, style) once the markers are drawn."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Polygon as PolyPatch
    from shapely.geometry import box

    west, south, east, north = view
    frame = box(west, south, east, north)
    areas = _areas()
    drawn = {"dprk_waters": False, "sts_hotspot": False}
    texts: list[tuple[str, tuple[float, float], dict[str, Any]]] = []
    for zone in sorted(areas.zones, key=lambda z: z.id):
        if not zone.geometry.intersects(frame):
            continue
        for poly in getattr(zone.geometry, "geoms", [zone.geometry]):
            xy = np.asarray(poly.exterior.coords)
            if zone.kind == "dprk_waters":
                ax.add_patch(PolyPatch(xy, closed=True, fill=False, hatch="////", ec="#e8aaa4", lw=0, zorder=0.5))
                ax.add_patch(PolyPatch(xy, closed=True, fill=False, ec="#c0392b", lw=0.9, ls="-", zorder=2))
            else:
                ax.add_patch(PolyPatch(xy, closed=True, fill=False, ec="#e67e22", lw=1.1, ls="--", zorder=2))
        drawn[zone.kind] = True
        if zone.kind == "sts_hotspot":
            inside = zone.geometry.intersection(frame)
            if not inside.is_empty and inside.area > 0.02 * frame.area:
                x0, y0, x1, y1 = inside.bounds
                texts.append((zone.name, (x0 + 0.01 * (east - west), y1 - 0.012 * (north - south)),
                              {"fontsize": 6.5, "color": "#a04000", "va": "top", "ha": "left", "style": "italic"}))
    if drawn["dprk_waters"]:
        handles.append(Patch(fc=SEA, hatch="////", ec="#c0392b"))
        labels.append("DPRK waters (approx.)")
    if drawn["sts_hotspot"]:
        handles.append(Line2D([], [], color="#e67e22", ls="--", lw=1.1))
        labels.append("STS hot spot")
    ports = sorted((p for p in areas.ports if west <= p.lon <= east and south <= p.lat <= north),
                   key=lambda p: p.id)
    # DPRK ports and those on the watched routes first: they keep their labels where space is short.
    for port in sorted(ports, key=lambda p: (not p.watch, p.id)):
        ax.plot(port.lon, port.lat, marker="s", ms=3.2, color="#222222", zorder=5, ls="none")
        texts.append((port.name, (port.lon, port.lat), {"fontsize": 6.5, "color": "#222222"}))
    if ports:
        handles.append(Line2D([], [], marker="s", ms=3.2, color="#222222", ls="none"))
        labels.append("port")
    return texts


class Labeller:
    """Places labels where they overlap no other label or marker, trying a few offsets around the
    anchor; an optional label with no free place is left out, a required one takes the first offset."""

    OFFSETS = ((5, 4), (5, -11), (-5, 4), (-5, -11), (8, -3), (-8, -3), (0, 9), (0, -15))

    def __init__(self, ax: Any) -> None:
        self.ax = ax
        self.renderer = ax.figure.canvas.get_renderer()
        self.frame = ax.get_window_extent(self.renderer)
        self.boxes: list[Any] = []

    def reserve(self, x: float, y: float, radius: float = 5.0) -> None:
        from matplotlib.transforms import Bbox

        px, py = self.ax.transData.transform((x, y))
        self.boxes.append(Bbox.from_extents(px - radius, py - radius, px + radius, py + radius))

    def place(self, text: str, xy: tuple[float, float], *, required: bool = False, **style: Any) -> bool:
        first = None
        for dx, dy in self.OFFSETS:
            ha = style.get("ha", "left" if dx >= 0 else "right")
            note = self.ax.annotate(text, xy, xytext=(dx, dy), textcoords="offset points", zorder=9,
                                    annotation_clip=True, **{**style, "ha": ha})
            box = note.get_window_extent(self.renderer).expanded(1.04, 1.12)
            inside = (box.x0 >= self.frame.x0 and box.x1 <= self.frame.x1 and box.y0 >= self.frame.y0
                      and box.y1 <= self.frame.y1)
            if inside and not any(box.overlaps(b) for b in self.boxes):
                self.boxes.append(box)
                if first is not None:
                    first.remove()
                return True
            if required and first is None:
                first, first_box = note, box
            else:
                note.remove()
        if first is not None:
            self.boxes.append(first_box)
            return True
        return False


def draw_frame(ax: Any, view: tuple[float, float, float, float]) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    west, south, east, north = view
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    mid = (south + north) / 2
    ax.set_aspect(1 / max(0.2, math.cos(math.radians(mid))))
    ax.set_facecolor(SEA)
    ax.xaxis.set_major_locator(MaxNLocator(6, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_locator(MaxNLocator(6, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _deg(v, "E", "W")))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _deg(v, "N", "S")))
    ax.tick_params(labelsize=7)
    ax.grid(True, color="#ffffff", lw=0.4, alpha=0.7, zorder=1.6)
    _scale_bar(ax, view)


def _deg(value: float, pos: str, neg: str) -> str:
    text = f"{abs(value):.2f}".rstrip("0").rstrip(".")
    return f"{text}°{pos if value >= 0 else neg}"


def _scale_bar(ax: Any, view: tuple[float, float, float, float]) -> None:
    west, south, east, north = view
    mid = (south + north) / 2
    km_per_deg = 111.195 * max(0.2, math.cos(math.radians(mid)))
    width_km = (east - west) * km_per_deg
    target = width_km / 5
    nice = max((n for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000) if n <= target), default=1)
    x0 = west + 0.05 * (east - west)
    y0 = south + 0.05 * (north - south)
    x1 = x0 + nice / km_per_deg
    ax.plot([x0, x1], [y0, y0], color="black", lw=2.2, solid_capstyle="butt", zorder=7)
    ax.plot([x0, x0], [y0 - 0.006 * (north - south), y0 + 0.006 * (north - south)], color="black", lw=1, zorder=7)
    ax.plot([x1, x1], [y0 - 0.006 * (north - south), y0 + 0.006 * (north - south)], color="black", lw=1, zorder=7)
    ax.text((x0 + x1) / 2, y0 + 0.012 * (north - south), f"{nice:g} km", ha="center", va="bottom", fontsize=7,
            zorder=7, bbox={"fc": "white", "ec": "none", "alpha": 0.7, "pad": 1})


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white",
                bbox_inches="tight", pad_inches=0.04)
    _plt().close(fig)
    return buffer.getvalue()


def _rc() -> Any:
    return {"font.family": "DejaVu Sans", "font.size": 7.5, "axes.linewidth": 0.6, "path.simplify": True,
            "svg.hashsalt": "sanctionwatch", "legend.fontsize": 6.8, "legend.framealpha": 0.9,
            "hatch.linewidth": 0.6}


# --- maps ----------------------------------------------------------------------------------------------

def overview_view(events: Sequence[dict[str, Any]]) -> tuple[float, float, float, float]:
    return view_of([(e.get("lon"), e.get("lat")) for e in events if e.get("lat") is not None],
                   min_span=2.0, aspect=1.0)


def case_lines(events: Sequence[dict[str, Any]], tracks: dict[str, list[list[Any]]]
               ) -> dict[int, list[tuple[str, float, float]]]:
    """Each vessel's fixes: its own AIS fixes around the events and the fixes the events carry."""
    lines: dict[int, set[tuple[str, float, float]]] = {}
    for mmsi, fixes in tracks.items():
        for t, lat, lon in fixes:
            lines.setdefault(int(mmsi), set()).add((str(t), float(lat), float(lon)))
    for event in events:
        for mmsi, t, lat, lon in event.get("positions") or []:
            lines.setdefault(int(mmsi), set()).add((str(t), float(lat), float(lon)))
    return {mmsi: sorted(fixes) for mmsi, fixes in sorted(lines.items())}


def case_view(lines: dict[int, list[tuple[str, float, float]]], events: Sequence[dict[str, Any]]
              ) -> tuple[float, float, float, float]:
    points: list[tuple[Any, Any]] = [(lon, lat) for fixes in lines.values() for _, lat, lon in fixes]
    points += [(e.get("lon"), e.get("lat")) for e in events if e.get("lat") is not None]
    return view_of(points, min_span=0.3, aspect=1.3)


def _event_handles(kinds: Sequence[str], handles: list, labels: list, counts: dict[str, int] | None = None) -> None:
    from matplotlib.lines import Line2D

    for kind in kinds:
        handles.append(Line2D([], [], marker=EVENT_MARKERS.get(kind, "o"), color=EVENT_COLOURS.get(kind, "#333"),
                              ls="none", ms=7))
        label = kind.replace("_", " ")
        labels.append(f"{label} ({counts[kind]})" if counts else label)


def _figure(size: tuple[float, float]) -> tuple[Any, Any]:
    fig, ax = _plt().subplots(figsize=size)
    fig.subplots_adjust(left=0.09, right=0.98, top=0.98, bottom=0.06)
    return fig, ax


def _legend(ax: Any, handles: list, labels: list) -> None:
    """Below the map, so it never hides what the map shows."""
    if handles:
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.055), ncol=4, frameon=False,
                  fontsize=6.8, handlelength=1.8, columnspacing=1.4)


def overview_map(events: Sequence[dict[str, Any]], view: tuple[float, float, float, float], land: Any,
                 *, label_cases: bool = True) -> tuple[bytes, dict[str, Any]]:
    """All the report's events by type; case refs written where their events are."""
    import matplotlib

    located = [e for e in events if e.get("lat") is not None and e.get("lon") is not None]
    with matplotlib.rc_context(_rc()):
        fig, ax = _figure((7.0, 7.0))
        draw_frame(ax, view)
        draw_land(ax, view, land)
        handles: list = []
        labels: list = []
        texts = draw_areas(ax, view, handles, labels)
        kinds = sorted({str(e.get("type")) for e in located})
        for kind in kinds:
            sel = [e for e in located if str(e.get("type")) == kind]
            size = 80 if EVENT_MARKERS.get(kind) == "*" else 42  # a star's ink is thin for its box
            ax.scatter([e["lon"] for e in sel], [e["lat"] for e in sel], s=size, marker=EVENT_MARKERS.get(kind, "o"),
                       c=EVENT_COLOURS.get(kind, "#333333"), edgecolors="white", linewidths=0.5, zorder=8)
        _event_handles(kinds, handles, labels, {k: sum(1 for e in located if str(e.get("type")) == k) for k in kinds})
        ax.apply_aspect()
        placer = Labeller(ax)
        for e in located:
            placer.reserve(e["lon"], e["lat"], 4.0)
        cases: dict[str, list[tuple[float, float]]] = {}
        for e in located:
            for ref in e.get("cases", []):
                cases.setdefault(ref, []).append((e["lon"], e["lat"]))
        if label_cases and len(cases) <= 40:
            for ref in sorted(cases):
                lon = sum(p[0] for p in cases[ref]) / len(cases[ref])
                lat = sum(p[1] for p in cases[ref]) / len(cases[ref])
                placer.place(ref, (lon, lat), required=True, fontsize=7, fontweight="bold", color="#111111",
                             bbox={"fc": "white", "ec": "#555555", "lw": 0.4, "alpha": 0.9, "pad": 1.2})
        for text, xy, style in texts:
            placer.place(text, xy, **style)
        _legend(ax, handles, labels)
        data = _png(fig)
    return data, {"view": list(view), "events": len(located)}


def case_map(case_ref: str, events: Sequence[dict[str, Any]], lines: dict[int, list[tuple[str, float, float]]],
             names: dict[int, str], view: tuple[float, float, float, float], land: Any) -> tuple[bytes, dict[str, Any]]:
    """The case's vessels' tracks with each event marked E1, E2, ... in time order; an AIS gap is
    drawn dotted between where the vessel went dark and where it reappeared."""
    import matplotlib
    from matplotlib.lines import Line2D

    markers = []
    with matplotlib.rc_context(_rc()):
        fig, ax = _figure((7.0, 5.6))
        draw_frame(ax, view)
        draw_land(ax, view, land)
        handles: list = []
        labels: list = []
        texts = draw_areas(ax, view, handles, labels)
        gaps: dict[int, list[tuple[str, str]]] = {}
        for e in events:
            if e.get("type") == "gap" and e.get("vessels"):
                gaps.setdefault(int(e["vessels"][0]), []).append((str(e.get("start")), str(e.get("end"))))
        for i, (mmsi, fixes) in enumerate(lines.items()):
            colour = TRACK_COLOURS[i % len(TRACK_COLOURS)]
            for segment in _split_at_gaps(fixes, gaps.get(mmsi, [])):
                ax.plot([f[2] for f in segment], [f[1] for f in segment], color=colour, lw=1.1, zorder=4, alpha=0.9)
            ax.scatter([f[2] for f in fixes], [f[1] for f in fixes], s=3, color=colour, zorder=4, linewidths=0)
            if fixes:
                ax.plot(fixes[0][2], fixes[0][1], marker="o", ms=3.5, mfc="white", mec=colour, zorder=5)
            name = latin(names.get(mmsi))
            handles.append(Line2D([], [], color=colour, lw=1.5))
            labels.append(f"{name} ({mmsi})" if name else str(mmsi))
        gap_drawn = False
        spots: dict[tuple[float, float], list[str]] = {}
        for n, event in enumerate(events, start=1):
            kind = str(event.get("type"))
            if kind == "gap" and len(event.get("positions") or []) >= 2:
                first, last = event["positions"][0], event["positions"][-1]
                ax.plot([first[3], last[3]], [first[2], last[2]], color=EVENT_COLOURS["gap"], lw=1.3, ls=":",
                        zorder=4.5)
                gap_drawn = True
            if event.get("lat") is None or event.get("lon") is None:
                continue
            tag = f"E{n}"
            ax.plot(event["lon"], event["lat"], marker=EVENT_MARKERS.get(kind, "o"), ms=9,
                    color=EVENT_COLOURS.get(kind, "#333333"), mec="white", mew=0.6, zorder=8, ls="none")
            # Events at the same place (an identity check at a zone entry) share one label.
            spots.setdefault((round(float(event["lat"]), 3), round(float(event["lon"]), 3)), []).append(tag)
            markers.append({"tag": tag, "id": event["id"], "type": kind})
        _event_handles(sorted({str(e.get("type")) for e in events if e.get("lat") is not None}), handles, labels)
        if gap_drawn:
            handles.append(Line2D([], [], color=EVENT_COLOURS["gap"], lw=1.3, ls=":"))
            labels.append("AIS off (no fixes)")
        ax.apply_aspect()
        placer = Labeller(ax)
        for lat_, lon_ in spots:
            placer.reserve(lon_, lat_, 6.0)
        for (lat_, lon_), tags in sorted(spots.items(), key=lambda kv: int(kv[1][0][1:])):
            placer.place(", ".join(tags), (lon_, lat_), required=True, fontsize=8, fontweight="bold",
                         bbox={"fc": "white", "ec": "#333333", "lw": 0.5, "alpha": 0.9, "pad": 1.2})
        for text, xy, style in texts:
            placer.place(text, xy, **style)
        _legend(ax, handles, labels)
        data = _png(fig)
    return data, {"case": case_ref, "view": list(view), "markers": markers,
                  "fixes": sum(len(v) for v in lines.values())}


def _split_at_gaps(fixes: list[tuple[str, float, float]], gaps: list[tuple[str, str]]
                   ) -> list[list[tuple[str, float, float]]]:
    """Track pieces between AIS gaps, so a gap is not drawn as if the vessel had been seen."""
    segments: list[list[tuple[str, float, float]]] = [[]]
    for fix in fixes:
        if segments[-1] and any(segments[-1][-1][0] <= start and fix[0] >= end for start, end in gaps):
            segments.append([])
        segments[-1].append(fix)
    return [s for s in segments if s]


def write_png(folder: Path, stem: str, data: bytes) -> str:
    """Write under a name of the stem and the content's hash; returns the name relative to OUT."""
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:12]}.png"
    path = folder / name
    if not path.exists() or path.read_bytes() != data:
        tmp = folder / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.replace(path)
    return f"figures/{name}"
