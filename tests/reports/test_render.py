"""Rendering a report from dossiers: HTML content and escaping, reproducible bytes, PDF with CJK
fonts, pages as PNG, and a PDF renderer that fetches nothing outside the report folder."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from sanctionwatch.errors import ConfigError
from sanctionwatch.reports.build import render_report
from sanctionwatch.reports.pdf import FolderFetcher, write_pdf
from sanctionwatch.reports.render import lang_spans
from tests.reports.dossiers import gap_dossier, report_data, sts_dossier


def need(binary: str) -> str:
    path = shutil.which(binary)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{binary} is not installed (poppler-utils): CI must check the rendered PDF")
        pytest.skip(f"{binary} is not installed (poppler-utils)")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One report with its PDF, shared by the tests that only read it (PDF rendering costs seconds)."""
    out = tmp_path_factory.mktemp("report")
    result = render_report(report_data([sts_dossier(), gap_dossier()]), out, pdf=True)
    return result, result.html_path.read_text(encoding="utf-8")


def test_pdf_has_pages_and_embeds_a_cjk_font(built):
    result, _html = built
    assert result.pdf_path is not None and result.pdf_path.read_bytes().startswith(b"%PDF")
    assert result.pages and result.pages >= 8
    assert result.refused == []
    fonts = subprocess.run([need("pdffonts"), str(result.pdf_path)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts, fonts
    assert "DejaVu" in fonts


def test_pdf_pages_render_as_png(built, tmp_path):
    result, _html = built
    subprocess.run([need("pdftoppm"), "-png", "-r", "40", "-f", "1", "-l", "4", str(result.pdf_path),
                    str(tmp_path / "page")], check=True, capture_output=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 4
    assert all(p.read_bytes().startswith(b"\x89PNG") and p.stat().st_size > 3000 for p in pages)


def test_html_shows_findings_badges_replies_and_annexes(built):
    result, html = built
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    for text in ("Summary", "I. Introduction and methodology", "S/2006/997", "II. Ship-to-ship transfers",
                 "III. Disabling of AIS transponders", "Annex A. Vessels", "Annex B. Events",
                 "Annex C. List changes in the period", "Annex D. Correspondence", "Annex E. Evidence register",
                 "Annex F. Provenance"):
        assert text in html, text
    # Sections in catalogue order, the claim badges, and each letter's state.
    assert html.index("II. Ship-to-ship") < html.index("III. Disabling")
    assert html.count('<span class="badge established">Established</span>') >= 3
    assert '<span class="badge unverified">Unverified</span>' in html
    assert "rests on secondary media alone" in html
    assert "No reply as of 2026-02-20" in html
    assert "Reply due 2026-03-12" in html
    assert "The vessel was deregistered in 2025." in html
    assert "Minority view" in html and "does not show a hose connection" in html
    assert "The transfer took place on 4 January." in html  # the corrected text is kept
    assert "machine-translated" in html
    assert '<span lang="ko">천마산</span>' in html
    assert "新海 NEW SEA" in html
    # Full hashes in the register, prefixes in the finding tables; the report id on the title page.
    assert result.report_id in html and len(result.report_id) == 12
    assert "1718" in html and "corroboration_min" in html
    assert "/tmp" not in html and str(result.html_path.parent) not in html


def test_vessel_annex_flags_and_names(built):
    _result, html = built
    annex = html[html.index("Annex A. Vessels"):html.index("Annex B. Events")]
    assert "445123456" in annex and "Democratic People&#39;s Republic of Korea" in annex
    # MID 352 is Panama; the flag the case recorded differs and is shown beside it.
    assert "352001234" in annex and "Panama" in annex and "recorded: SL" in annex
    assert "8660313" in annex
    assert "2026-01-06 04:00Z</span> gap" in annex


def test_building_twice_gives_identical_html_and_figures(tmp_path):
    data = report_data([sts_dossier(), gap_dossier()])
    first = render_report(data, tmp_path / "a", pdf=False)
    second = render_report(report_data([gap_dossier(), sts_dossier()]), tmp_path / "b", pdf=False)
    assert first.html_path.read_bytes() == second.html_path.read_bytes()
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (tmp_path / "b" / "manifest.json").read_bytes()
    figs_a = sorted((tmp_path / "a" / "figures").iterdir())
    figs_b = sorted((tmp_path / "b" / "figures").iterdir())
    assert [p.name for p in figs_a] == [p.name for p in figs_b] and len(figs_a) == 3
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(figs_a, figs_b))
    # A different input gives a different report id (and a rebuild in place keeps only its own figures).
    third = render_report(report_data([sts_dossier()]), tmp_path / "a", pdf=False)
    assert third.report_id != first.report_id
    assert len(list((tmp_path / "a" / "figures").iterdir())) == 2


def test_claim_text_is_escaped(tmp_path):
    evil = 'Transfer <script>alert("x")</script> <img src="http://evil.example/x.png"> confirmed'
    result = render_report(report_data([sts_dossier(claim_text=evil)]), tmp_path, pdf=False)
    html = result.html_path.read_text(encoding="utf-8")
    assert "<script>" not in html and '<img src="http://evil' not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_lang_spans_escape_and_mark_hangul():
    assert str(lang_spans("<b>김정은</b> Kim")) == '&lt;b&gt;<span lang="ko">김정은</span>&lt;/b&gt; Kim'
    assert str(lang_spans(None)) == ""


def test_fetcher_serves_only_files_inside_the_folder(tmp_path):
    root = tmp_path / "out"
    (root / "figures").mkdir(parents=True)
    (root / "figures" / "a.png").write_bytes(b"\x89PNG inside")
    (tmp_path / "secret.css").write_text("body { color: red }")
    (root / "link.css").symlink_to(tmp_path / "secret.css")
    fetcher = FolderFetcher(root)
    served = fetcher.fetch((root / "figures" / "a.png").as_uri())
    assert served.read() == b"\x89PNG inside"
    for url in ("http://example.org/x.png", "https://example.org/x.css", "file:///etc/passwd",
                (root / "figures" / ".." / ".." / "secret.css").as_uri().replace("%2E", "."),
                f"file://{root}/figures/../../secret.css", (root / "link.css").as_uri(),
                "data:text/css,body{}", "ftp://example.org/x", "file://otherhost/etc/passwd"):
        with pytest.raises(ConfigError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 9


def test_pdf_rendering_refuses_outside_resources(tmp_path):
    root = tmp_path / "out"
    root.mkdir()
    (tmp_path / "outside.css").write_text("body { background: red }")
    (root / "ok.css").write_text("p { color: #123456 }")
    (root / "page.html").write_text(
        '<html><head><link rel="stylesheet" href="ok.css"><link rel="stylesheet" href="../outside.css">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>'
        '<body><p>text</p><img src="file:///etc/passwd"><img src="https://example.org/x.png"></body></html>',
        encoding="utf-8")
    rendered = write_pdf(root / "page.html", root / "page.pdf")
    assert rendered["pages"] == 1
    refused = rendered["refused"]
    assert "http://127.0.0.1:9/x.css" in refused and "file:///etc/passwd" in refused
    assert "https://example.org/x.png" in refused
    assert any(u.endswith("/outside.css") for u in refused)
    assert not any(u.endswith("/ok.css") for u in refused)
