"""``lists update`` against a local HTTP server on loopback serving the real files, a truncated body
and error pages."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sanctionwatch.errors import DownloadError, SanctionwatchError, SourceFormatError
from sanctionwatch.lists.catalog import list_releases
from sanctionwatch.lists.releases import update_lists
from tests.lists.conftest import state


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        kind, body = self.routes.get(self.path, ("missing", b""))
        if kind == "ok":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Last-Modified", "Fri, 27 Feb 2026 06:00:00 GMT")
            self.end_headers()
            self.wfile.write(body)
        elif kind == "short":  # announces the whole file, sends half, hangs up
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif kind == "error":
            page = b"<html><head><title>500 Internal Server Error</title></head><body>oops</body></html>"
            self.send_response(500)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
        elif kind == "html200":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server(un):
    data = un("2026-02-27").read_bytes()
    _Handler.routes = {
        "/good.xml": ("ok", data),
        "/short.xml": ("short", data),
        "/error.xml": ("error", b""),
        "/maintenance.xml": ("html200", b"<!DOCTYPE html><html><head><title>Maintenance</title></head></html>"),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setenv("SANCTIONWATCH_DOWNLOAD_RETRIES", "2")
    monkeypatch.setattr("sanctionwatch.lists.fetch.time.sleep", lambda s: None)


def test_update_downloads_and_loads(store, server, monkeypatch):
    monkeypatch.setenv("SANCTIONWATCH_LIST_URLS", f"un_sc={server}/good.xml")
    [result] = update_lists(["un_sc"], store=store)
    assert not isinstance(result, SanctionwatchError), result
    assert result.status == "loaded" and result.designations == 1003
    [release] = list_releases(store=store)
    assert release["files"][0]["name"] == f"{server}/good.xml"
    assert release["published"].startswith("2026-02-27")  # read from the file, not the HTTP header


@pytest.mark.parametrize("route,error,text", [
    ("short.xml", DownloadError, "connection closed before the whole file arrived"),
    ("error.xml", DownloadError, "HTTP 500"),
    ("maintenance.xml", SourceFormatError, "HTML page"),
])
def test_bad_downloads_are_refused_and_change_nothing(store, server, monkeypatch, quick_retries, route, error, text):
    monkeypatch.setenv("SANCTIONWATCH_LIST_URLS", f"un_sc={server}/good.xml")
    update_lists(["un_sc"], store=store)
    before = state(store)
    monkeypatch.setenv("SANCTIONWATCH_LIST_URLS", f"un_sc={server}/{route}")
    [outcome] = update_lists(["un_sc"], store=store)
    assert isinstance(outcome, error), outcome
    assert text in str(outcome) and "still current" in str(outcome)
    assert state(store) == before


def test_size_limit(store, server, monkeypatch):
    monkeypatch.setenv("SANCTIONWATCH_LIST_URLS", f"un_sc={server}/good.xml")
    monkeypatch.setenv("SANCTIONWATCH_DOWNLOAD_MAX_BYTES", "1000")
    [outcome] = update_lists(["un_sc"], store=store)
    assert isinstance(outcome, DownloadError) and "limit" in str(outcome)
