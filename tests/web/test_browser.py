"""The main flows in a real browser: Playwright driving Debian's chromium (headless) against the app
served by uvicorn on a loopback port, over the prepared home of conftest.py.

Screenshots of every step go to SANCTIONWATCH_SCREENSHOTS (default tests/web/screenshots/). Without
playwright or chromium the tests skip, unless CI is set, where they fail.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.web.conftest import fail_or_skip

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("SANCTIONWATCH_SCREENSHOTS") or Path(__file__).parent / "screenshots")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server(str):
    """The base URL, with the server's log beside it."""

    def __new__(cls, base: str, log: Path) -> "Server":
        obj = super().__new__(cls, base)
        obj.log = log
        return obj


@pytest.fixture(scope="module")
def server(web_home, tmp_path_factory):
    port = _free_port()
    env = {**os.environ, "SANCTIONWATCH_HOME": str(web_home.home), "PYTHONPATH": str(ROOT)}
    env.pop("SANCTIONWATCH_DATABASE_URL", None)
    log = tmp_path_factory.mktemp("uvicorn") / "uvicorn.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "tests.web.serve_app:app", "--factory",
                                 "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"uvicorn did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield Server(base, log)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        fail_or_skip("playwright is not installed (pip install playwright; never `playwright install`)")
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        fail_or_skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
                                     headless=True, args=ARGS)
        yield chromium
        chromium.close()


def _wait_until(condition, seconds: float = 15.0) -> None:
    # Polled from Python: the CSP (script-src 'self') forbids the eval behind page.wait_for_function.
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.1)


class Session:
    """One browser context (its own cookies), its page, and the console errors seen on it."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-GB",
                                           timezone_id="UTC")
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        # Nothing may leave the loopback server: no CDN, no tiles, no fonts from elsewhere.
        self.outside: list[str] = []
        self.page.on("request", lambda r: None if r.url.startswith(base) or r.url.startswith(("data:", "blob:"))
                     else self.outside.append(r.url))

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def clean(self, allowed: tuple[str, ...] = ()) -> None:
        errors = [e for e in self.errors if not any(a in e for a in allowed)]
        assert not errors, errors
        assert not self.outside, self.outside
        self.errors.clear()

    def login(self, key: str) -> None:
        self.go("/ui/login")
        self.page.fill("#key", key)
        self.page.click("#login")


@pytest.fixture(scope="module")
def session(browser, server):
    s = Session(browser, server)
    yield s
    s.context.close()


@pytest.fixture(autouse=True)
def _shot_on_failure(request):
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and "session" in request.fixturenames:
        try:
            request.getfixturevalue("session").shot(f"FAILED-{request.node.name}")
        except Exception:  # noqa: BLE001 -- the failure itself is what the run must report
            pass


def test_a_bad_key_is_refused(browser, server, web_home):
    s = Session(browser, server)
    try:
        s.go("/ui/cases")
        assert "/ui/login" in s.page.url
        s.page.fill("#key", "sw_" + "x" * 43)
        s.page.click("#login")
        assert "unknown API key" in s.page.text_content("#login-error")
        s.page.fill("#key", web_home.keys["revoked"])
        s.page.click("#login")
        assert "revoked" in s.page.text_content("#login-error")
        s.shot("01-bad-key-refused")
        s.go("/ui/screen")
        assert "/ui/login" in s.page.url
        assert not [c for c in s.context.cookies() if c["name"] == "sw_key"]
        s.clean(allowed=("status of 401",))
    finally:
        s.context.close()


def test_log_in_with_a_key(session, web_home):
    session.login(web_home.keys["analyst"])
    session.page.wait_for_url("**/ui/screen")
    cookie = next(c for c in session.context.cookies() if c["name"] == "sw_key")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "web-analyst" in session.page.text_content("header .who")
    session.shot("02-logged-in")
    session.clean()


def test_screen_a_name_and_see_explanations(session):
    page = session.page
    page.fill("#name", "Kim Jong Un")
    page.select_option("#kind", "Person")
    page.fill("#country", "North Korea")
    page.click("#screen")
    page.wait_for_selector("#results")
    first = page.locator("article.result").first
    assert "Jong Un KIM" in first.text_content()
    assert "is-match" in first.get_attribute("class")
    assert "kim=kim" in first.locator("table.explain").text_content()
    first.locator(".note").fill("same person as the OFAC entry")
    first.locator("button[data-decision=match]").click()
    page.wait_for_selector("article.result >> nth=0 >> .status.ok")
    assert "recorded: match" in first.locator(".status").text_content()
    session.shot("03-screening-results")
    session.clean()


def test_list_changes(session):
    session.go("/ui/changes")
    rows = session.page.locator("#changes tbody tr")
    assert rows.count() >= 3
    text = session.page.text_content("#changes")
    assert "added" in text and "removed" in text and "changed" in text
    session.shot("04-list-changes")
    session.clean()


def test_map_event_then_vessel(session, web_home):
    page = session.page
    session.go("/ui/map")
    page.wait_for_selector("path.sw-event")
    page.wait_for_selector("body[data-basemap=ready]", state="attached")
    assert page.locator(".leaflet-pane path").count() > 50            # land polygons and areas drawn
    total = int(page.get_attribute("body", "data-events"))
    assert total > 0
    session.shot("05-map")

    # The timeline: one day only, then all again.
    bars = page.locator("#bars button")
    assert bars.count() >= 3
    bars.nth(1).click()
    one_day = int(page.get_attribute("body", "data-events"))
    assert 0 < one_day < total or bars.count() == 1
    page.click("#t-all")
    assert int(page.get_attribute("body", "data-events")) == total

    # The filters go to the API: encounters only.
    for box in page.locator("#filters input[name=type]").all():
        if box.get_attribute("value") != "encounter":
            box.uncheck()
    page.click("#apply")
    _wait_until(lambda: int(page.get_attribute("body", "data-events")) < total)
    assert page.locator("path.sw-event").count() == page.locator("path.sw-event.ev-encounter").count() > 0
    assert "type=encounter" in page.url

    page.locator("path.sw-event.ev-encounter").first.click()
    page.wait_for_selector("#details .vessel-link")
    details = page.text_content("#details")
    assert "encounter" in details and "Detector" in details and "encounter-v1" in details
    page.wait_for_selector(".leaflet-tracks-pane path", state="attached")    # the event's fixes as lines
    page.wait_for_selector("body[data-selected]", state="attached")          # and the map moved to them
    session.shot("06-map-event-details")

    link = page.locator("#details .vessel-link").first
    mmsi = link.text_content()
    link.click()
    page.wait_for_url(f"**/ui/vessels/{mmsi}")
    page.wait_for_selector("body[data-track]", state="attached")
    page.wait_for_selector("body[data-basemap=ready]", state="attached")
    assert int(page.get_attribute("body", "data-track")) >= 1
    assert page.locator("#identities tbody tr").count() >= 1
    assert "encounter" in page.text_content("#vessel-events")
    session.shot("07-vessel")
    session.clean()


def test_open_a_case_and_see_its_evidence_grades(session, web_home):
    page = session.page
    session.go("/ui/cases")
    page.click(f"#cases a[href='/ui/cases/{web_home.sts_case}'] >> nth=0")
    page.wait_for_url(f"**/ui/cases/{web_home.sts_case}")
    grades = page.locator("#evidence .grade").all_text_contents()
    assert "B2" in grades and "C3" in grades
    badges = page.locator(".claim .corroboration").all_text_contents()
    assert "established" in badges and "unverified" in badges
    letters = page.text_content("#letters")
    assert "no reply as of" in letters and "replied" in letters
    assert "Minority view" in page.text_content("main")
    title = page.get_attribute("#evidence .grade >> nth=0", "title")
    assert ":" in title                                                 # the grade's meaning on hover
    session.shot("08-case")
    # An evidence download: the bytes the server sends hash to the SHA-256 the page shows.
    row = page.locator("#evidence tbody tr").last
    with page.expect_download() as info:
        row.locator("a[download]").click()
    data = Path(info.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == row.locator("code.hash").text_content()
    session.go("/ui/reports")
    assert page.locator(f"#reports a[href='/api/reports/{web_home.report_id}/report.pdf']").count() == 1
    session.shot("09-reports")
    session.clean()


def test_log_out(session):
    page = session.page
    page.click("#logout")
    page.wait_for_url("**/ui/login**")
    assert "logged out" in page.text_content("#login-info")
    assert not [c for c in session.context.cookies() if c["name"] == "sw_key"]
    session.go("/ui/cases")
    assert "/ui/login" in page.url
    session.shot("10-logged-out")
    session.clean()


def test_the_server_logged_no_error(server):
    text = server.log.read_text(errors="replace")
    assert "Traceback" not in text and "ERROR" not in text, text[-3000:]
