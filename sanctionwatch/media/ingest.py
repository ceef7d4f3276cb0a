"""Ingest: plain text and HTML articles, alone or by folder, into a :class:`Document`.

A document keeps its text exactly as read (offsets in mentions point into it) and divides it into
zones: the title, body paragraphs, photo captions and page furniture (view counters, "Bonus video:",
navigation, disclaimers). Mentions are looked for in the title, body and captions (a caption may be the
only place a spelling appears) and never in furniture. Also recorded: where it came from, the
publication date when the page or a header line gives it, the language (detected), and whether the
text says it is machine-translated, with the line that says so.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from sanctionwatch.errors import ConfigError, NotFound

SUFFIXES_TEXT = (".txt", ".text", ".md")
SUFFIXES_HTML = (".html", ".htm", ".xhtml")
MAX_BYTES = 20_000_000  # a news article is kilobytes; a larger file is not one

_FURNITURE = [
    (re.compile(r"^\s*[\d.,]+\s*(k\s*)?(views?|reads?)\b.*$", re.I), "view counter"),
    (re.compile(r"^\s*[\d.,]+\s*(reactions?|comments?|comment\(s\)|shares?|likes?)\b", re.I), "counter"),
    (re.compile(r"^\s*(bonus video|watch|video|related|read more|read also|see also|advertisement|share|"
                r"follow us|subscribe|tags?)\s*:?", re.I), "page furniture"),
    (re.compile(r"^\s*disclaimer\s*:", re.I), "disclaimer"),
    (re.compile(r"^\s*(조회수?|관련\s?기사|공유하기|광고)"), "page furniture"),
    (re.compile(r"^\s*(просмотр\w*|читайте также|реклама|поделиться)\b", re.I), "page furniture"),
    (re.compile(r"^[^|]{0,40}(\|[^|]{0,40}){2,}$"), "navigation"),
]
_CAPTION = re.compile(r"([Pp]hoto(graph)?\s*(:|by\b)|\([Pp]hoto\)|\bImage\s*:|사진\s*[=:]|Фото\s*:)")
_MT = re.compile(
    r"(machine[- ]translat\w*|automatic(ally)?[- ]translat\w*|(?:done|made|produced) (?:mostly )?through AI "
    r"translat\w*|AI[- ]translat\w*|translated (?:by|with|using) (?:google|deepl|ai|a machine)\w*|"
    r"기계\s?번역|자동\s?번역|AI\s?번역|машинн\w+ перевод\w*|автоматическ\w+ перевод\w*|"
    r"переведено (?:с помощью|автоматически))", re.I)
_HEADER_DATE = re.compile(r"^\s*(published|date|posted|updated|дата|опубликовано|입력|등록)\s*[:：]\s*(.+?)\s*$",
                          re.I | re.M)
_HEADER_SOURCE = re.compile(r"^\s*(source|источник|출처)\s*[:：]\s*(.+?)\s*$", re.I | re.M)


@dataclass
class Zone:
    start: int
    end: int
    kind: str          # title | body | caption | furniture
    reason: str = ""


@dataclass
class Document:
    path: str
    format: str
    sha256: str
    text: str
    zones: list[Zone]
    source: str
    title: str | None = None
    published: str | None = None
    language: str | None = None
    language_confidence: float | None = None
    machine_translated: bool = False
    machine_translation_note: str | None = None
    warnings: list[str] = field(default_factory=list)

    def content_zones(self) -> list[Zone]:
        return [z for z in self.zones if z.kind != "furniture"]

    def zone_at(self, offset: int) -> Zone | None:
        return next((z for z in self.zones if z.start <= offset < z.end), None)

    def summary(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("text")
        out["zones"] = {k: sum(1 for z in self.zones if z.kind == k) for k in ("title", "body", "caption", "furniture")}
        out["furniture"] = [{"text": self.text[z.start:z.end], "reason": z.reason} for z in self.zones
                            if z.kind == "furniture"]
        return out


def _decode(data: bytes, where: str) -> tuple[str, list[str]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        if b"\x00" in data[:4096]:
            raise ConfigError(f"{where}, line {line}: binary data, not a text or HTML article") from None
        return data.decode("cp1252", errors="replace"), [f"{where}, line {line}: not UTF-8; read as Windows-1252"]


def _line_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        a, b = pos, stop
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            yield a, b
        pos = stop + 1


def _classify(blocks: list[tuple[int, int, str | None]], text: str) -> list[Zone]:
    """Blocks (start, end, hint) -> zones. Captions: lines with a photo credit, lines printed twice
    (scraped pages repeat the caption under the image), and a line the next caption line starts with."""
    lines = [text[a:b] for a, b, _ in blocks]
    counts: dict[str, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    zones: list[Zone] = []
    seen_title = False
    for i, (a, b, hint) in enumerate(blocks):
        line = lines[i]
        kind, reason = "body", ""
        for pattern, why in _FURNITURE:
            if pattern.search(line):
                kind, reason = "furniture", why
                break
        if kind == "body":
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if hint == "caption" or _CAPTION.search(line):
                kind, reason = "caption", "photo caption"
            elif counts[line] > 1 and len(line) < 300:
                kind, reason = "caption", "repeated line (caption under an image)"
            elif nxt.startswith(line) and _CAPTION.search(nxt):
                kind, reason = "caption", "caption before its photo credit"
            elif hint == "title" or (not seen_title and len(line) < 200 and not line.endswith((".", "?", "!"))):
                kind = "title"
        if kind == "title":
            seen_title = True
        zones.append(Zone(a, b, kind, reason))
    return zones


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float | None]:
    """ISO 639-1 code and confidence. Hangul settles Korean and kana Japanese before the model is asked:
    a few Latin words (names, "UN") in a Korean article must not make it English."""
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return None, None
    hangul = sum(1 for c in letters if "\uac00" <= c <= "\ud7a3")
    if hangul / len(letters) > 0.3:
        return "ko", round(hangul / len(letters), 3)
    lang, prob = _identifier().classify(sample)
    return lang, round(float(prob), 3)


def _machine_translation(text: str) -> tuple[bool, str | None]:
    m = _MT.search(text)
    if not m:
        return False, None
    a = text.rfind("\n", 0, m.start()) + 1
    b = text.find("\n", m.end())
    return True, text[a: b if b >= 0 else len(text)].strip()[:300]


def _header(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text[:2000])
    return m.group(2) if m else None


def from_text(text: str, *, path: str = "<text>", data: bytes | None = None) -> Document:
    blocks = [(a, b, None) for a, b in _line_spans(text)]
    return _finish(text, blocks, path=path, fmt="text", data=data)


def _finish(text: str, blocks: list[tuple[int, int, str | None]], *, path: str, fmt: str, data: bytes | None,
            meta: dict[str, str | None] | None = None, warnings: list[str] | None = None) -> Document:
    from sanctionwatch.media.dates import find_dates

    meta = meta or {}
    zones = _classify(blocks, text)
    content = "\n".join(text[z.start:z.end] for z in zones if z.kind != "furniture")
    lang, conf = detect_language(content)
    mt, note = _machine_translation(text)
    published = meta.get("published")
    if not published:
        header = _header(_HEADER_DATE, text)
        found = find_dates(header) if header else []
        published = found[0][2] if found else None
    title = meta.get("title") or next((text[z.start:z.end] for z in zones if z.kind == "title"), None)
    source = meta.get("source") or _header(_HEADER_SOURCE, text) or Path(path).name
    digest = hashlib.sha256(data if data is not None else text.encode()).hexdigest()
    return Document(path=path, format=fmt, sha256=digest, text=text, zones=zones, source=source, title=title,
                    published=published, language=meta.get("lang") or lang, language_confidence=conf,
                    machine_translated=mt, machine_translation_note=note, warnings=list(warnings or []))


_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "p", "li", "blockquote", "figcaption", "td", "pre")
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
              "button", "template")


def from_html(html: str, *, path: str = "<html>", data: bytes | None = None) -> Document:
    """The page's readable blocks, one per line, in document order; scripts, styles, navigation,
    headers, footers and asides dropped; figure captions marked as captions."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    meta = {
        "title": _first_attr(tree, ["meta[property='og:title']"], "content") or
        (tree.css_first("title").text(strip=True) if tree.css_first("title") else None),
        "source": _first_attr(tree, ["meta[property='og:site_name']", "meta[name='publisher']"], "content"),
        "published": None,
    }
    raw_date = _first_attr(tree, ["meta[property='article:published_time']", "meta[name='date']",
                                  "meta[name='pubdate']", "meta[itemprop='datePublished']"], "content") or \
        _first_attr(tree, ["time[datetime]"], "datetime")
    if raw_date:
        from sanctionwatch.media.dates import find_dates

        found = find_dates(raw_date)
        meta["published"] = found[0][2] if found else None
    root = tree.body or tree.root
    if root is None:
        raise ConfigError(f"{path}: HTML without a body")
    for node in root.css(",".join(_DROP_TAGS)):
        node.decompose()
    parts: list[str] = []
    blocks: list[tuple[int, int, str | None]] = []
    pos = 0
    for node in root.css(",".join(_BLOCK_TAGS)):
        if node.parent is not None and _inside_block(node):
            continue  # a <p> inside a <blockquote> or <li>: its text comes with the outer block
        line = " ".join(node.text(separator=" ").split())
        if not line:
            continue
        hint = "caption" if node.tag == "figcaption" else "title" if node.tag == "h1" else None
        parts.append(line)
        blocks.append((pos, pos + len(line), hint))
        pos += len(line) + 1
    if not parts:  # no block elements: the text as a whole, line by line
        text = root.text(separator="\n")
        return _finish(text, [(a, b, None) for a, b in _line_spans(text)], path=path, fmt="html", data=data,
                       meta=meta)
    return _finish("\n".join(parts), blocks, path=path, fmt="html", data=data, meta=meta)


def _inside_block(node: Any) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in _BLOCK_TAGS:
            return True
        parent = parent.parent
    return False


def _first_attr(tree: Any, selectors: list[str], attr: str) -> str | None:
    for sel in selectors:
        node = tree.css_first(sel)
        if node is not None and node.attributes.get(attr):
            return node.attributes[attr].strip()
    return None


def _looks_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in data[:4096].lower()


def read_document(path: str | Path) -> Document:
    """One article from a file: HTML by extension or content, otherwise plain text."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ConfigError(f"{path}: {size} bytes is more than an article ({MAX_BYTES} at most)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file") from None
    except OSError as exc:
        raise NotFound(f"{path}: {exc.strerror or exc}") from None
    if not data.strip():
        raise ConfigError(f"{path}, line 1: empty file")
    text, warnings = _decode(data, str(path))
    if path.suffix.lower() in SUFFIXES_HTML or _looks_html(data):
        doc = from_html(text, path=str(path), data=data)
    else:
        doc = from_text(text, path=str(path), data=data)
    doc.warnings.extend(warnings)
    return doc


def iter_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the article files (.txt, .md, .html...) under folders named, sorted."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                              and f.suffix.lower() in SUFFIXES_TEXT + SUFFIXES_HTML))
        elif p.exists():
            out.append(p)
        else:
            raise NotFound(f"{p}: no such file or folder")
    return out
