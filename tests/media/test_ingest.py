"""Ingest: zones, language, machine-translation flag, dates and sources, on the real article and our corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctionwatch.errors import ConfigError, NotFound
from sanctionwatch.media.dates import find_dates
from sanctionwatch.media.ingest import iter_paths, read_document

CORPUS = Path(__file__).parents[1] / "fixtures" / "media" / "corpus"
ARTICLE = "media/000_cf481386eb0c8744.txt"


def test_real_article_zones_language_and_translation(shared_file):
    doc = read_document(shared_file(ARTICLE))
    assert doc.language == "en" and doc.machine_translated
    assert "AI translator" in doc.machine_translation_note
    furniture = {doc.text[z.start:z.end]: z.reason for z in doc.zones if z.kind == "furniture"}
    assert furniture["8894 views 24 reactions 24 comment(s)"] == "view counter"
    assert furniture["Bonus video:"] == "page furniture"
    captions = [doc.text[z.start:z.end] for z in doc.zones if z.kind == "caption"]
    assert any(c.startswith("Vasilij Nebenzja at the UN headquarters") for c in captions)
    assert any(c.startswith("Kim and Putin in the Amur region") for c in captions)
    assert doc.title.startswith("Russia: The great powers")
    assert doc.published is None  # the file gives no date


def test_html_drops_navigation_and_reads_metadata():
    doc = read_document(CORPUS / "en09_decoy_zakharova.html")
    assert doc.format == "html" and doc.source == "Skating Weekly" and doc.published == "2024-02-11"
    assert "Home | Sports" not in doc.text and "Copyright" not in doc.text
    kinds = {doc.text[z.start:z.end][:20]: z.kind for z in doc.zones}
    assert kinds["1,203 views"] == "furniture"
    assert kinds["Maria Zakharova on t"] == "caption"
    assert not doc.machine_translated


@pytest.mark.parametrize("name, lang, published", [("ko01_kim_jong_un.txt", "ko", None),
                                                   ("ru01_putin_kim.txt", "ru", "2024-06-19"),
                                                   ("en01_kim_putin_summit.txt", "en", "2023-09-13")])
def test_language_and_header_date(name, lang, published):
    doc = read_document(CORPUS / name)
    assert doc.language == lang and doc.published == published


def test_dates_in_three_languages():
    found = [v for _, _, v in find_dates("on 29 March 2024, 2024년 3월 29일, 29 марта 2024 года, in September 2023 "
                                         "and 2006; 2024-03-29T10:00Z")]
    assert found == ["2024-03-29", "2024-03-29", "2024-03-29", "2023-09", "2006", "2024-03-29"]


def test_bad_input_is_one_line_naming_the_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    with pytest.raises(ConfigError, match=r"empty.txt, line 1: empty file"):
        read_document(empty)
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\xff\xfe" * 10)
    with pytest.raises(ConfigError, match="binary data"):
        read_document(binary)
    with pytest.raises(NotFound, match="nope"):
        iter_paths([tmp_path / "nope"])


def test_machine_translation_notice_in_other_languages(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Заголовок\nТекст переведено автоматически с английского.\n", encoding="utf-8")
    assert read_document(f).machine_translated
    g = tmp_path / "b.txt"
    g.write_text("An ordinary report.\nNothing about translators here.\n")
    assert not read_document(g).machine_translated
