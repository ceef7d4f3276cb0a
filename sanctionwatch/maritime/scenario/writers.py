"""Output: NMEA 0183 with tag blocks, MarineCadastre-layout CSV, canonical Parquet.

Position sentences (types 1 and 18) are encoded in bulk: every field's bits go into one
(rows x 168) matrix, six bits at a time become the armoured payload, and the checksums are XORs
along a fixed-width byte matrix. Static reports (types 5 and 24) are encoded once per vessel
identity with pyais and repeated with their own tag blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sanctionwatch.maritime.schema import POSITIONS, STATICS

SOURCE = "scenario-v1"
FORMATS = ("nmea", "csv", "parquet")
_HEXDIGITS = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)
MARINECADASTRE_COLUMNS = ("MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG", "Heading", "VesselName", "IMO",
                          "CallSign", "VesselType", "Status", "Length", "Width", "Draft", "Cargo",
                          "TransceiverClass")


@dataclass
class Variant:
    """One thing a vessel says about itself in its static reports."""
    mmsi: int
    name: str
    call_sign: str
    imo: int | None
    ship_type: int
    length: float
    width: float
    destination: str
    class_b: bool


# --- bit packing ----------------------------------------------------------------------------------


def _bits(fields: Sequence[tuple[np.ndarray, int]]) -> np.ndarray:
    n = len(fields[0][0])
    out = np.zeros((n, sum(w for _, w in fields)), np.uint8)
    col = 0
    for values, width in fields:
        v = np.asarray(values, dtype=np.int64)
        if v.any():
            v = np.where(v < 0, v + (1 << width), v)
            shifts = np.arange(width - 1, -1, -1, dtype=np.int64)
            out[:, col:col + width] = (v[:, None] >> shifts) & 1
        col += width
    return out


def _armour(bits: np.ndarray) -> np.ndarray:
    n, width = bits.shape
    sixes = bits.reshape(n, width // 6, 6) @ np.array([32, 16, 8, 4, 2, 1], dtype=np.uint8)
    sixes = sixes.astype(np.uint8)
    return np.where(sixes < 40, sixes + 48, sixes + 56).astype(np.uint8)


def _const(n: int, text: bytes) -> np.ndarray:
    return np.broadcast_to(np.frombuffer(text, dtype=np.uint8), (n, len(text)))


def _checksum_hex(body: np.ndarray) -> np.ndarray:
    x = np.bitwise_xor.reduce(body, axis=1)
    return np.stack([_HEXDIGITS[x >> 4], _HEXDIGITS[x & 15]], axis=1)


def tag_blocks(unix_seconds: np.ndarray) -> np.ndarray:
    """``\\c:<10 digits>*hh\\`` for each time, as an (n x 17) byte matrix."""
    n = unix_seconds.size
    digits = ((unix_seconds.astype(np.int64)[:, None] // (10 ** np.arange(9, -1, -1))) % 10 + 48).astype(np.uint8)
    body = np.concatenate([_const(n, b"c:"), digits], axis=1)
    return np.concatenate([_const(n, b"\\"), body, _const(n, b"*"), _checksum_hex(body), _const(n, b"\\")], axis=1)


def position_sentences(p: dict[str, np.ndarray], unix: np.ndarray) -> np.ndarray:
    """Tag block + ``!AIVDM`` type 1 (class A) or 18 (class B) + newline: an (n x 65) byte matrix."""
    n = p["mmsi"].size
    speed = np.round(p["sog"] * 10).astype(np.int64)
    lon = np.round(p["lon"] * 600000).astype(np.int64)
    lat = np.round(p["lat"] * 600000).astype(np.int64)
    course = np.round(p["cog"] * 10).astype(np.int64) % 3600
    second = (unix % 60).astype(np.int64)
    class_b = p["class_b"]
    payload = np.empty((n, 28), np.uint8)
    a, b = np.nonzero(~class_b)[0], np.nonzero(class_b)[0]
    za, zb = np.zeros(a.size, np.int64), np.zeros(b.size, np.int64)
    payload[a] = _armour(_bits([
        (za + 1, 6), (za, 2), (p["mmsi"][a], 30), (p["status"][a], 4), (za - 128, 8), (speed[a], 10), (za, 1),
        (lon[a], 28), (lat[a], 27), (course[a], 12), (p["heading"][a], 9), (second[a], 6), (za, 2), (za, 3),
        (za, 1), (za, 19)]))
    payload[b] = _armour(_bits([
        (zb + 18, 6), (zb, 2), (p["mmsi"][b], 30), (zb, 8), (speed[b], 10), (zb, 1), (lon[b], 28), (lat[b], 27),
        (course[b], 12), (zb + 511, 9), (second[b], 6), (zb, 2), (zb + 1, 1), (zb, 1), (zb, 1), (zb + 1, 1),
        (zb, 1), (zb, 1), (zb, 1), (zb, 20)]))
    channel = np.where(class_b, ord("B"), ord("A")).astype(np.uint8)[:, None]
    body = np.concatenate([_const(n, b"AIVDM,1,1,,"), channel, _const(n, b","), payload, _const(n, b",0")], axis=1)
    return np.concatenate([tag_blocks(unix), _const(n, b"!"), body, _const(n, b"*"), _checksum_hex(body),
                           _const(n, b"\n")], axis=1)


def static_templates(variants: list[Variant]) -> tuple[np.ndarray, np.ndarray]:
    """Per variant, its static sentences as one fixed-width record with room for two tag blocks:
    (type 5 records, 147 bytes; type 24 records, 130 bytes). Rows of the other class are blank."""
    from pyais import encode_dict

    five = np.zeros((len(variants), 147), np.uint8)
    t24 = np.zeros((len(variants), 130), np.uint8)
    for i, v in enumerate(variants):
        bow = int(round(v.length * 0.6))
        half = int(round(v.width / 2))
        dims = {"to_bow": min(bow, 511), "to_stern": min(int(v.length) - bow, 511), "to_port": min(half, 63),
                "to_starboard": min(int(v.width) - half, 63)}
        kw = dict(radio_channel="B" if v.class_b else "A", talker_id="AI", sentence_type="VDM")
        if v.class_b:
            lines = (encode_dict({"type": 24, "mmsi": v.mmsi, "partno": 0, "shipname": v.name}, **kw)
                     + encode_dict({"type": 24, "mmsi": v.mmsi, "partno": 1, "ship_type": v.ship_type,
                                    "callsign": v.call_sign, **dims}, **kw))
            t24[i] = np.frombuffer(b"".join(b" " * 17 + s.encode() + b"\n" for s in lines), np.uint8)
        else:
            lines = encode_dict({"type": 5, "mmsi": v.mmsi, "imo": v.imo or 0, "callsign": v.call_sign,
                                 "shipname": v.name, "ship_type": v.ship_type, "destination": v.destination,
                                 "epfd": 1, "month": 0, "day": 0, "hour": 24, "minute": 60, "draught": 0, **dims},
                                seq_id=1, **kw)
            five[i] = np.frombuffer(b"".join(b" " * 17 + s.encode() + b"\n" for s in lines), np.uint8)
    return five, t24


def static_sentences(template: np.ndarray, second_tag_at: int, rows: np.ndarray, unix: np.ndarray) -> np.ndarray:
    out = template[rows].copy()
    tags = tag_blocks(unix)
    out[:, :17] = tags
    out[:, second_tag_at:second_tag_at + 17] = tags
    return out


def interleave(blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> bytes:
    """Fixed-width record blocks (time, mmsi, records) merged in (time, mmsi) order into one byte string."""
    times = np.concatenate([b[0] for b in blocks])
    mmsis = np.concatenate([b[1] for b in blocks])
    widths = np.concatenate([np.full(b[0].size, b[2].shape[1], np.int64) for b in blocks])
    order = np.lexsort((mmsis, times))
    offsets = np.empty(order.size, np.int64)
    offsets[order] = np.cumsum(widths[order]) - widths[order]
    out = np.empty(int(widths.sum()), np.uint8)
    start = 0
    for t, _, rec in blocks:
        n = t.size
        if n:
            where = offsets[start:start + n, None] + np.arange(rec.shape[1])
            out[where] = rec
        start += n
    return out.tobytes()


# --- writers --------------------------------------------------------------------------------------


class Outputs:
    """Appends chunks to every requested format under ``out``."""

    def __init__(self, out: Path, formats: Sequence[str], start_unix: int, variants: list[Variant]) -> None:
        self.out, self.formats, self.start_unix = out, tuple(formats), start_unix
        self.variants = variants
        self._csv: Any = None
        self._pq_pos: Any = None
        self._pq_sta: Any = None
        self._nmea: Any = None
        self._nmea_day: str | None = None
        self.files: list[str] = []
        cols = {k: [getattr(v, k) for v in variants] for k in Variant.__dataclass_fields__}
        self._v = {
            "name": pa.array(cols["name"], pa.string()), "call_sign": pa.array(cols["call_sign"], pa.string()),
            "imo": pa.array(cols["imo"], pa.int64()), "ship_type": pa.array(cols["ship_type"], pa.int32()),
            "length": pa.array(cols["length"], pa.float64()), "width": pa.array(cols["width"], pa.float64()),
            "destination": pa.array(cols["destination"], pa.string()),
            "imo_text": pa.array([f"IMO{i:07d}" if i else None for i in cols["imo"]], pa.string()),
        }
        if "nmea" in self.formats:
            self._five, self._t24 = static_templates(variants)

    def _path(self, *parts: str) -> Path:
        path = self.out.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        rel = str(path.relative_to(self.out))
        if rel not in self.files:
            self.files.append(rel)
        return path

    def write(self, day: str, pos: dict[str, np.ndarray], sta: dict[str, np.ndarray]) -> None:
        pos_unix = pos["t"].astype(np.int64) + self.start_unix
        sta_unix = sta["t"].astype(np.int64) + self.start_unix
        if "nmea" in self.formats:
            self._write_nmea(day, pos, pos_unix, sta, sta_unix)
        if "csv" in self.formats:
            self._write_csv(pos, pos_unix)
        if "parquet" in self.formats:
            self._write_parquet(pos, pos_unix, sta, sta_unix)

    def _write_nmea(self, day, pos, pos_unix, sta, sta_unix) -> None:
        if self._nmea_day != day:
            if self._nmea:
                self._nmea.close()
            self._nmea = open(self._path("nmea", f"{day}.nmea"), "wb")
            self._nmea_day = day
        b = sta["class_b"]
        blocks = [(pos["t"], pos["mmsi"], position_sentences(pos, pos_unix)),
                  (sta["t"][~b], sta["mmsi"][~b], static_sentences(self._five, 98, sta["variant"][~b], sta_unix[~b])),
                  (sta["t"][b], sta["mmsi"][b], static_sentences(self._t24, 65, sta["variant"][b], sta_unix[b]))]
        self._nmea.write(interleave(blocks))

    def _write_csv(self, pos, unix) -> None:
        variant = pa.array(pos["variant"])
        take = lambda key: pc.take(self._v[key], variant)  # noqa: E731
        table = pa.table({
            "MMSI": pa.array(pos["mmsi"]), "BaseDateTime": pa.array(np.datetime_as_string(unix.astype("datetime64[s]"))),
            "LAT": pa.array(np.round(pos["lat"], 5)), "LON": pa.array(np.round(pos["lon"], 5)),
            "SOG": pa.array(pos["sog"]), "COG": pa.array(pos["cog"]),
            "Heading": pa.array(np.where(pos["class_b"], 511, pos["heading"])),
            "VesselName": take("name"), "IMO": take("imo_text"), "CallSign": take("call_sign"),
            "VesselType": take("ship_type"),
            "Status": pa.array(pos["status"], mask=pos["class_b"]),
            "Length": take("length"), "Width": take("width"),
            "Draft": pa.nulls(len(unix), pa.float64()), "Cargo": pa.nulls(len(unix), pa.int32()),
            "TransceiverClass": pa.array(np.where(pos["class_b"], "B", "A")),
        })
        if self._csv is None:
            self._csv = pacsv.CSVWriter(self._path("csv", "positions.csv"), table.schema,
                                        write_options=pacsv.WriteOptions(quoting_style="needed"))
        self._csv.write_table(table)

    def _write_parquet(self, pos, pos_unix, sta, sta_unix) -> None:
        n = len(pos_unix)
        positions = pa.table({
            "mmsi": pa.array(pos["mmsi"], pa.int64()), "ts": pa.array(pos_unix * 1_000_000, pa.timestamp("us")),
            "lat": pa.array(pos["lat"]), "lon": pa.array(pos["lon"]), "sog": pa.array(pos["sog"]),
            "cog": pa.array(pos["cog"]),
            "heading": pa.array(pos["heading"].astype(np.int32), mask=pos["class_b"]),
            "nav_status": pa.array(pos["status"].astype(np.int32), mask=pos["class_b"]),
            "source": pa.array(np.full(n, SOURCE, dtype=object), pa.string()),
        }, schema=POSITIONS)
        variant = pa.array(sta["variant"])
        statics = pa.table({
            "mmsi": pa.array(sta["mmsi"], pa.int64()), "ts": pa.array(sta_unix * 1_000_000, pa.timestamp("us")),
            **{k: pc.take(self._v[k], variant) for k in ("imo", "name", "call_sign", "ship_type", "length", "width",
                                                        "destination")},
            "source": pa.array(np.full(len(sta_unix), SOURCE, dtype=object), pa.string()),
        }, schema=STATICS)
        if self._pq_pos is None:
            self._pq_pos = pq.ParquetWriter(self._path("parquet", "positions.parquet"), POSITIONS, compression="zstd")
            self._pq_sta = pq.ParquetWriter(self._path("parquet", "statics.parquet"), STATICS, compression="zstd")
        self._pq_pos.write_table(positions)
        self._pq_sta.write_table(statics)

    def close(self) -> None:
        for handle in (self._nmea, self._csv, self._pq_pos, self._pq_sta):
            if handle is not None:
                handle.close()
