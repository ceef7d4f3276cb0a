"""Evidence: stored by SHA-256, read-only, re-verified on read; media type from content; EXIF; grading."""

from __future__ import annotations

import hashlib
import http.server
import os
import stat
import threading

import pytest

from sanctionwatch.cases import add_evidence, get_evidence, read_evidence
from sanctionwatch.cases.evidence import evidence_root
from sanctionwatch.cases.media import gps_degrees, sniff
from sanctionwatch.errors import ConfigError, IntegrityError, NotFound
from tests.cases.conftest import jpeg_with_exif


def test_file_stored_by_hash_read_only_and_read_back(store, case, tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_exif())
    e = add_evidence(photo, kind=None, source="Maxar", source_kind="commercial_imagery",
                     origin_chain=["Maxar WorldView-3"], credibility=2, resolution_m=0.31, case_id=case["id"],
                     store=store, actor="analyst")
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    path = evidence_root(store) / digest[:2] / digest
    assert e["sha256"] == digest and path.read_bytes() == photo.read_bytes()
    assert str(path).startswith(str(store.home / "evidence" / "sha256"))
    assert not os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert e["kind"] == "image" and e["media_type"] == "image/jpeg" and e["filename"] == "photo.jpg"
    assert e["grade"] == "B2" and e["reliability_reason"] is None and e["case_id"] == case["id"]
    meta = e["metadata"]
    assert (meta["width"], meta["height"]) == (64, 48) and meta["resolution_m"] == 0.31
    assert meta["exif_time"] == "2024-03-12T10:20:30"
    assert meta["gps"] == {"lat": pytest.approx(42.258433, abs=1e-6), "lon": pytest.approx(130.6)}
    assert read_evidence(e["id"], store=store) == photo.read_bytes()
    assert get_evidence(e["id"], store=store) == e


def test_read_detects_an_altered_file(store, item):
    e = item("Reuters", "media", data=b"original article text", filename="article.txt")
    path = evidence_root(store) / e["sha256"][:2] / e["sha256"]
    os.chmod(path, 0o644)
    path.write_bytes(b"original article texT")
    with pytest.raises(IntegrityError, match=rf"evidence {e['id']} \(article.txt\): file altered, SHA-256 now [0-9a-f]{{64}}"):
        read_evidence(e["id"], store=store)
    path.unlink()
    with pytest.raises(NotFound, match="file missing"):
        read_evidence(e["id"], store=store)


def test_same_bytes_twice_is_one_file_and_two_rows(store, item):
    a = item("Government of X", "state", data=b"the same leaked memo", filename="memo.pdf")
    b = item("NGO Y", "ngo", data=b"the same leaked memo", filename="memo-copy.pdf")
    assert a["id"] != b["id"] and a["sha256"] == b["sha256"]
    assert a["source"] == {"name": "Government of X", "kind": "state", "interested_party": True}
    assert b["source"]["interested_party"] is False
    files = [p for p in (store.home / "evidence").rglob("*") if p.is_file()]
    assert len(files) == 1


@pytest.mark.parametrize("data,filename,expected", [
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "x.pdf", "image/png"),
    (b"GIF89a....", None, "image/gif"),
    (b"II*\x00rest", None, "image/tiff"),
    (b"%PDF-1.7\n...", "scan.png", "application/pdf"),
    (b"  <!DOCTYPE html><html><body>saved</body></html>", None, "text/html"),
    (b'{"mmsi": 445112000}', None, "application/json"),
    (b"mmsi,time\n1,2\n3,4\n", None, "text/csv"),
    (b"one line", "extract.csv", "text/csv"),
    (b"Reuters, 29 Dec 2017\nThe vessel was impounded.", None, "text/plain"),
    (b"\x00\x01\x02binary", None, "application/octet-stream"),
])
def test_media_type_from_content(data, filename, expected):
    assert sniff(data, filename) == expected


def test_gps_rationals_and_references():
    assert gps_degrees(((42, 1), (30, 1), (0, 1)), "S") == -42.5
    assert gps_degrees((130.0, 36.0, 36.0), "E") == pytest.approx(130.61)
    assert gps_degrees(((1, 0), (0, 1), (0, 1)), "N") is None


def test_grading_defaults_and_overrides(store, item):
    assert item("IMO GISIS", "registry")["grade"] == "A6"
    assert item("Spire", "ais_provider", credibility=3)["grade"] == "C3"
    assert item("Anonymous blog", "unknown")["grade"] == "F6"
    with pytest.raises(ConfigError, match="evidence add: --reliability B differs from the default C for a "
                                          "ais_provider source: give --reason"):
        item("Spire", "ais_provider", reliability="B")
    e = item("Spire", "ais_provider", reliability="B", reliability_reason="track matches imagery")
    assert e["grade"] == "B6" and e["reliability_reason"] == "track matches imagery"
    with pytest.raises(ConfigError, match=r"evidence add: --credibility 7: must be 1\.\.6"):
        item("X", credibility=7)
    with pytest.raises(ConfigError, match=r"--reliability 'G': must be one of A\.\.F"):
        item("X", reliability="G", reliability_reason="r")
    with pytest.raises(ConfigError, match="--source-kind 'blog'"):
        item("X", "blog")
    with pytest.raises(ConfigError, match="--origin is empty"):
        add_evidence(b"x", kind="document", source="S", source_kind="ngo", origin_chain=[" "], store=store)
    with pytest.raises(ConfigError, match="--kind 'photo'"):
        item("X", kind="photo")


def test_translation_language_and_origin_chain_kept(store, item):
    e = item(["KCNA", "  Yonhap ", "Reuters"], "media", language="en", machine_translated=True,
             captured_at="2018-03-30T10:00:00+09:00", title="Report")
    assert e["origin_chain"] == ["KCNA", "Yonhap", "Reuters"]
    assert e["machine_translated"] is True and e["language"] == "en"
    assert e["captured_at"] == "2018-03-30T01:00:00Z"


def test_url_is_metadata_only_never_fetched(store, item):
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>live page</html>")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/article"
        saved = b"<!doctype html><html><body>page as saved by the analyst</body></html>"
        e = item("Reuters", "media", data=saved, url=url, kind=None, filename="article.html")
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []
    assert e["url"] == url and e["kind"] == "web_page" and e["media_type"] == "text/html"
    assert read_evidence(e["id"], store=store) == saved
