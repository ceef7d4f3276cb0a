"""Raw files kept by content: ``HOME/blobs/sha256/ab/<sha256>``, written once, read-only, verified on read."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from sanctionwatch.errors import IntegrityError, NotFound


def blob_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def put_blob(root: Path, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    path = blob_path(root, digest)
    if path.exists():
        return digest
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o444)
        os.replace(tmp, path)  # atomic: a reader sees no blob or the whole blob
    except BaseException:
        with _suppress():
            os.unlink(tmp)
        raise
    return digest


def get_blob(root: Path, sha256: str) -> bytes:
    path = blob_path(root, sha256)
    if not path.exists():
        raise NotFound(f"raw file {sha256} is not in the blob store {root}")
    data = path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        raise IntegrityError(f"raw file {path} was altered: its SHA-256 is now {actual}")
    return data


class _suppress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return True
