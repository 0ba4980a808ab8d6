"""Text extracted from PDFs, kept between builds (pypdf needs 2-3 s per edition PDF).

Keyed by the SHA-256 of the PDF bytes: the editions plugin reuses unchanged PDFs, so
an unchanged edition is not read again. Entries not used by the latest build are
deleted, so the text of a withdrawn story does not linger in the cache.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

#: Changed whenever what is read from a PDF changes (v2: every string, not only text).
CACHE_VERSION = b"v3\0"  # v3: page text read with PDFium


class PdfTextCache:
    def __init__(self, folder=None):
        self.folder = Path(folder) if folder else None
        self.used: set[str] = set()

    def _file(self, data: bytes) -> Path | None:
        if self.folder is None:
            return None
        key = hashlib.sha256(CACHE_VERSION + data).hexdigest()
        self.used.add(f"{key}.txt")
        return self.folder / f"{key}.txt"

    def get(self, data: bytes) -> str | None:
        path = self._file(data)
        if path is None:
            return None
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # not there yet, or pruned by another build
            return None

    def put(self, data: bytes, text: str) -> None:
        path = self._file(data)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(path)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def prune(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name not in self.used:
                try:
                    entry.unlink(missing_ok=True)
                except OSError:
                    pass
