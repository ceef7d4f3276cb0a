"""Downloading lists from their official URLs: retries, a timeout, a size limit, and no partial file
ever handed on. URLs come from the source metadata or the admin's LIST_URLS setting, never from a request."""

from __future__ import annotations

import email.utils
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

import httpx

from sanctionwatch import settings
from sanctionwatch.errors import DownloadError
from sanctionwatch.lists.sources.base import ListSource, RawFile

log = logging.getLogger("sanctionwatch.lists")


@dataclass
class Download:
    file: RawFile
    last_modified: datetime | None


def _last_modified(response: httpx.Response) -> datetime | None:
    value = response.headers.get("last-modified")
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).astimezone(timezone.utc)
    except (TypeError, ValueError):
        return None


def _fetch_once(client: httpx.Client, url: str, max_bytes: int) -> Download:
    with client.stream("GET", url) as response:
        if response.status_code != 200:
            raise DownloadError(f"{url}: HTTP {response.status_code} {response.reason_phrase}",
                                retry=response.status_code >= 500)
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise DownloadError(f"{url}: {declared} bytes announced, over the {max_bytes}-byte limit",
                                retry=False)
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise DownloadError(f"{url}: more than the {max_bytes}-byte limit; download abandoned",
                                    retry=False)
            chunks.append(chunk)
        return Download(RawFile(name=url, data=b"".join(chunks)), _last_modified(response))


def fetch(url: str, *, sleep: Callable[[float], None] = time.sleep) -> Download:
    timeout = float(settings.get("download_timeout"))
    attempts = int(settings.get("download_retries"))
    max_bytes = int(settings.get("download_max_bytes"))
    last_error = ""
    with httpx.Client(timeout=timeout, follow_redirects=True,
                      headers={"User-Agent": "sanctionwatch list updater"}) as client:
        for attempt in range(1, attempts + 1):
            try:
                log.info("downloading %s (attempt %d of %d)", url, attempt, attempts)
                return _fetch_once(client, url, max_bytes)
            except DownloadError as exc:
                if not exc.retry:
                    raise
                last_error = str(exc)
            except httpx.RemoteProtocolError as exc:
                last_error = f"{url}: connection closed before the whole file arrived ({exc})"
            except httpx.TimeoutException:
                last_error = f"{url}: no answer within {timeout:g} s"
            except httpx.TransportError as exc:
                last_error = f"{url}: {type(exc).__name__}: {exc}"
            if attempt < attempts:
                sleep(0.5 * 2 ** (attempt - 1))
    raise DownloadError(f"{last_error} (gave up after {attempts} attempts)")


def source_urls(source: ListSource) -> dict[str, str]:
    """File name -> URL, with the admin's overrides: ``NAME=URL`` replaces a one-file source's URL or
    is the folder URL of a file set; ``NAME/FILE=URL`` replaces one file of a set."""
    overrides = settings.list_url_overrides()
    urls = dict(source.update_urls)
    base = overrides.get(source.name)
    if base:
        if len(urls) == 1:
            urls = {next(iter(urls)): base}
        else:
            urls = {name: base.rstrip("/") + "/" + name for name in urls}
    for key, url in overrides.items():
        name, _, file = key.partition("/")
        if file and name == source.name:
            urls[file] = url
    return urls
