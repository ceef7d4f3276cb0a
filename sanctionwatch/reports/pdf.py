"""PDF through WeasyPrint, fetching nothing outside the report's own folder.

A report quotes evidence URLs and file names as text; if a template or a value ever turned one into
a resource (an image, a stylesheet, a font), WeasyPrint's default fetcher would read it from the
network or from anywhere on the disk. The fetcher here serves ``file:`` URLs that resolve (after
symlinks and ``..``) inside the report folder and refuses everything else, recording each refusal.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from sanctionwatch.errors import ConfigError

log = logging.getLogger(__name__)


class FolderFetcher(URLFetcher):
    """Serve files inside ``root`` only. ``refused`` lists every URL turned down, in order."""

    def __init__(self, root: Path) -> None:
        super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)
        self.root = Path(root).resolve()
        self.refused: list[str] = []

    def resolve(self, url: str) -> Path:
        """The local file a URL names, or ConfigError when it is not a file inside the folder."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            raise ConfigError(f"report fetcher: {url[:200]!r} refused: only files inside {self.root.name}/ are read")
        if parts.netloc not in ("", "localhost"):
            raise ConfigError(f"report fetcher: {url[:200]!r} refused: remote file host")
        path = Path(unquote(parts.path)).resolve()
        if path != self.root and self.root not in path.parents:
            raise ConfigError(f"report fetcher: {url[:200]!r} refused: outside {self.root.name}/")
        if not path.is_file():
            raise ConfigError(f"report fetcher: {url[:200]!r}: no such file in {self.root.name}/")
        return path

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        try:
            path = self.resolve(url)
        except ConfigError as exc:
            self.refused.append(url)
            log.warning("%s", exc)
            raise
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": media_type})


def write_pdf(html_path: Path, pdf_path: Path) -> dict[str, Any]:
    """Render ``html_path`` (inside its folder) to ``pdf_path``; returns pages and refused URLs."""
    from weasyprint import HTML

    fetcher = FolderFetcher(html_path.parent)
    document = HTML(filename=str(html_path), url_fetcher=fetcher).render()
    tmp = pdf_path.with_name(f".{pdf_path.name}.tmp")
    document.write_pdf(str(tmp))
    tmp.replace(pdf_path)
    return {"pages": len(document.pages), "refused": list(fetcher.refused)}
