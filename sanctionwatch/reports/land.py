"""Land under a report's maps: the polygons of the ``land`` setting (GeoJSON, e.g. Natural Earth) when
set, otherwise the GLOBE 30-arc-second land mask shipped in ``global-land-mask``."""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from sanctionwatch import settings

LAND = "#ece6d6"
COAST = "#7a7564"


class LandRaster:
    """The part of the GLOBE land mask (``global-land-mask``) that a report's maps show.

    The package's ``.npz`` holds a 21600 x 43200 boolean array (933 MB once loaded; True at sea).
    Loading it whole costs seconds and a gigabyte per process, so the rows covering the union of
    the maps' views are streamed out of the compressed member in one pass and only that band is
    kept, thinned when the band would be very large."""

    MAX_CELLS = 6000

    def __init__(self, views: Sequence[tuple[float, float, float, float]]) -> None:
        import zipfile
        from importlib.util import find_spec

        spec = find_spec("global_land_mask")
        assert spec is not None and spec.origin is not None
        path = Path(spec.origin).parent / "globe_combined_mask_compressed.npz"
        with np.load(path) as npz:
            lats, lons = npz["lat"], npz["lon"]
        self.step = abs(float(lats[1] - lats[0]))
        west = min(v[0] for v in views) - self.step
        south = min(v[1] for v in views) - self.step
        east = max(v[2] for v in views) + self.step
        north = max(v[3] for v in views) + self.step
        rows = np.nonzero((lats >= south) & (lats <= north))[0]
        cols = np.nonzero((lons >= west) & (lons <= east))[0]
        self.empty = rows.size == 0 or cols.size == 0
        if self.empty:
            return
        r0, r1, c0, c1 = int(rows[0]), int(rows[-1]), int(cols[0]), int(cols[-1])
        self.stride = max(1, math.ceil(max(r1 - r0 + 1, c1 - c0 + 1) / self.MAX_CELLS))
        width = lons.size
        kept = []
        with zipfile.ZipFile(path) as archive, archive.open("mask.npy") as member:
            version = np.lib.format.read_magic(member)
            reader = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, fortran, dtype = reader(member)
            if shape != (lats.size, lons.size) or fortran or dtype != np.bool_:
                raise ValueError(f"{path.name}: unexpected mask layout {shape} {dtype}")
            _skip(member, r0 * width)
            block = 256
            for first in range(r0, r1 + 1, block):
                n = min(block, r1 + 1 - first)
                chunk = np.frombuffer(_read(member, n * width), dtype=np.uint8).reshape(n, width)
                take = [i for i in range(n) if (first + i - r0) % self.stride == 0]
                kept.append(chunk[take, c0:c1 + 1:self.stride] == 0)
        self.land = np.concatenate(kept)
        self.lats = lats[r0:r1 + 1:self.stride]
        self.lons = lons[c0:c1 + 1:self.stride]

    def window(self, view: tuple[float, float, float, float]) -> tuple[np.ndarray, tuple[float, ...]] | None:
        """Land cells of a view and their extent (left, right, bottom, top)."""
        if self.empty:
            return None
        west, south, east, north = view
        pad = self.step * self.stride
        rows = np.nonzero((self.lats >= south - pad) & (self.lats <= north + pad))[0]
        cols = np.nonzero((self.lons >= west - pad) & (self.lons <= east + pad))[0]
        if rows.size == 0 or cols.size == 0:
            return None
        # Keep the raster near the figure's pixel size: finer detail cannot show and only slows drawing.
        thin = max(1, int(max(rows.size, cols.size) / 1400))
        sub = self.land[rows[0]:rows[-1] + 1:thin, cols[0]:cols[-1] + 1:thin]
        half = self.step * self.stride / 2
        return sub, (float(self.lons[cols[0]]) - half, float(self.lons[cols[-1]]) + half,
                     float(self.lats[rows[-1]]) - half, float(self.lats[rows[0]]) + half)


def _skip(member: Any, count: int) -> None:
    while count > 0:
        got = len(member.read(min(count, 1 << 24)))
        if not got:
            raise ValueError("land mask: truncated")
        count -= got


def _read(member: Any, count: int) -> bytes:
    data = member.read(count)
    if len(data) != count:
        raise ValueError("land mask: truncated")
    return data


@lru_cache(maxsize=2)
def _land_polygons(path: str) -> tuple[Any, ...]:
    from sanctionwatch.maritime.areas import read_land

    return tuple(read_land(Path(path)))


def land_source() -> str:
    path = str(settings.get("land") or "")
    return f"Land: {Path(path).name} (SANCTIONWATCH_LAND)" if path else \
        "Land: GLOBE 30-arc-second land mask (global-land-mask 1.0.0)"


def land_layer(views: Sequence[tuple[float, float, float, float]]) -> Any:
    """What ``draw_land`` draws from: the polygons of the ``land`` setting, else the raster band."""
    path = str(settings.get("land") or "")
    if path:
        return _land_polygons(path)
    return LandRaster(views) if views else None


def draw_land(ax: Any, view: tuple[float, float, float, float], land: Any) -> None:
    west, south, east, north = view
    if isinstance(land, tuple):
        from matplotlib.patches import Polygon as Patch
        from shapely.geometry import box

        clip = box(west, south, east, north)
        for geom in land:
            if not geom.intersects(clip):
                continue
            part = geom.intersection(clip)
            for poly in getattr(part, "geoms", [part]):
                if poly.geom_type != "Polygon" or poly.is_empty:
                    continue
                ax.add_patch(Patch(np.asarray(poly.exterior.coords), closed=True, fc=LAND, ec=COAST, lw=0.5,
                                   zorder=1))
        return
    window = land.window(view) if land is not None else None
    if window is None:
        return
    from matplotlib.colors import ListedColormap

    sub, extent = window
    # Sea pixels are transparent, so the DPRK waters drawn beneath tint the sea and never the land.
    ax.imshow(sub.astype(np.uint8), extent=extent, origin="upper", cmap=ListedColormap(["#00000000", LAND]),
              vmin=0, vmax=1, interpolation="nearest", zorder=1, aspect="auto")
    if 0 < sub.mean() < 1:
        ax.contour(np.linspace(extent[0], extent[1], sub.shape[1]), np.linspace(extent[3], extent[2], sub.shape[0]),
                   sub.astype(np.uint8), levels=[0.5], colors=[COAST], linewidths=0.4, zorder=1.5)
