"""Helpers for the case tests: a case, evidence items with given origins, JPEGs with EXIF."""

from __future__ import annotations

import io
import itertools

import pytest

_counter = itertools.count(1)


@pytest.fixture
def case(store):
    from sanctionwatch.cases import open_case

    return open_case("sts-transfer", "Lighthouse Winmore and Sam Jong 2", summary="STS off Yeosu",
                     period_start="2017-10-11", period_end="2017-11-24", store=store, actor="analyst")


@pytest.fixture
def item(store):
    """``item(origin, source_kind="ngo", data=None, **kw)`` -> evidence dict; distinct bytes unless given."""
    from sanctionwatch.cases import add_evidence

    def make(origin, source_kind="ngo", data=None, **kw):
        chain = origin if isinstance(origin, list) else [origin]
        payload = data if data is not None else f"item {next(_counter)} from {chain[0]}".encode()
        kw.setdefault("source", chain[-1])
        kw.setdefault("kind", "document")
        kw.setdefault("filename", f"item{next(_counter)}.txt")
        return add_evidence(payload, source_kind=source_kind, origin_chain=chain, store=store, actor="analyst", **kw)

    return make


def jpeg_with_exif(lat=(42, 15, 30.36), lon=(130, 36, 0), lat_ref="N", lon_ref="E", when="2024:03:12 10:20:30",
                   size=(64, 48)) -> bytes:
    from PIL import Image
    from PIL.TiffImagePlugin import IFDRational

    img = Image.new("RGB", size, "navy")
    exif = Image.Exif()
    if when:
        exif.get_ifd(0x8769)[36867] = when
    if lat:
        gps = exif.get_ifd(0x8825)
        gps[1], gps[3] = lat_ref, lon_ref
        gps[2] = tuple(IFDRational(round(v * 100), 100) for v in lat)
        gps[4] = tuple(IFDRational(round(v * 100), 100) for v in lon)
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()
