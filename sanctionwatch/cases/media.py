"""What a file is, from its bytes: media type, and for images size, EXIF capture time and GPS position.

The extension is only a tie-breaker between text layouts (CSV or plain text); a PNG named ``.pdf`` is a PNG.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from fractions import Fraction
from typing import Any, Sequence

_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_DATETIME_ORIGINAL = 36867


def sniff(data: bytes, filename: str | None = None) -> str:
    head = data[:16]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if b"\x00" in data[:4096]:
        return "application/octet-stream"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "application/octet-stream"
    start = text[:2048].lstrip().lower()
    if start.startswith(("<!doctype html", "<html")) or ("<html" in start and start.startswith("<")):
        return "text/html"
    if start[:1] in ("{", "["):
        try:
            json.loads(text)
            return "application/json"
        except ValueError:
            pass
    if (filename or "").lower().endswith(".csv") or _looks_like_csv(text):
        return "text/csv"
    return "text/plain"


def _looks_like_csv(text: str) -> bool:
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if len(lines) < 2:
        return False
    counts = {line.count(",") for line in lines}
    return len(counts) == 1 and counts.pop() >= 1


def gps_degrees(dms: Sequence[Any], ref: str | None) -> float | None:
    """EXIF GPS degrees, minutes, seconds (rationals) and a N/S/E/W reference -> signed decimal degrees."""
    try:
        parts = [_number(v) for v in dms]
    except (ValueError, ZeroDivisionError, TypeError):
        return None
    if not parts or any(p != p for p in parts):  # NaN from a zero denominator
        return None
    parts += [0.0] * (3 - len(parts))
    value = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0
    if (ref or "").strip().upper() in ("S", "W"):
        value = -value
    return round(value, 7)


def _number(value: Any) -> float:
    # Pillow gives IFDRational; other writers give (numerator, denominator) pairs.
    if isinstance(value, tuple) and len(value) == 2:
        return float(Fraction(int(value[0]), int(value[1])))
    return float(value)


def _exif_time(text: Any) -> str | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.strptime(text.strip().rstrip("\x00"), "%Y:%m:%d %H:%M:%S").strftime("%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return None


def image_metadata(data: bytes) -> dict[str, Any]:
    from PIL import Image, UnidentifiedImageError

    meta: dict[str, Any] = {}
    try:
        with Image.open(io.BytesIO(data)) as img:
            meta["width"], meta["height"] = img.size
            exif = img.getexif()
            taken = _exif_time(exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL))
            if taken:
                # EXIF times carry no zone: kept as written, and marked so a report does not present it as UTC.
                meta["exif_time"] = taken
                meta["exif_time_zone"] = "unknown (camera clock)"
            gps = exif.get_ifd(_GPS_IFD)
            if 2 in gps and 4 in gps:
                lat, lon = gps_degrees(gps[2], gps.get(1)), gps_degrees(gps[4], gps.get(3))
                if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
                    meta["gps"] = {"lat": lat, "lon": lon}
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        meta["image_error"] = f"not readable as an image ({type(exc).__name__})"
    return meta


def describe(data: bytes, filename: str | None = None) -> dict[str, Any]:
    media_type = sniff(data, filename)
    meta: dict[str, Any] = {"media_type": media_type}
    if media_type.startswith("image/"):
        meta.update(image_metadata(data))
    return meta
