"""The last search indexes, kept by what they were made from.

Pagefind reads every HTML page of the finished site and writes the index from them
alone (the command's options are fixed in search.py). A build in which no page changed
(a warm build, ``voces ver`` after saving a drawing's caption file) would make the same
index again: 2 s of a 1,000-story site. So each index is kept under a key that hashes
Pagefind's version, the index folder's name, and the path and bytes of every HTML page;
a withdrawn story's page is gone, so the key is another and the index is made again.

A kept index is used only if every file still matches the SHA-256 written beside it;
its files are then hard-linked into the site (copied across filesystems), never
changed in place, and the output checks read them like any other file of the site.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from ..core.cache_files import file_sha256, link_or_copy

MANIFEST = "archivos.json"
KEEP = 2


def index_key(root: Path, subdir: str, version: str) -> str:
    """What the index of ``root`` depends on: every HTML page outside ``subdir``."""
    pages = []
    for folder, dirs, files in os.walk(root):
        if Path(folder) == root and subdir in dirs:
            dirs.remove(subdir)
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith((".html", ".htm")):
                path = Path(folder, name)
                pages.append((path.relative_to(root).as_posix(), file_sha256(path)))
    blob = json.dumps([version, subdir, pages], separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()


def restore(cache_dir: Path, key: str, target: Path) -> bool:
    """Copy the index kept under ``key`` into ``target``; False when there is none or a
    file of it no longer matches its SHA-256 (then nothing is copied)."""
    entry = Path(cache_dir, key)
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        for rel, sha in manifest.items():
            if file_sha256(entry / rel) != sha:
                return False
    except (OSError, ValueError):
        return False
    if target.exists():
        shutil.rmtree(target)
    for rel in manifest:  # linked, not copied: a kept index is never changed in place
        link_or_copy(str(entry / rel), str(target / rel))
    os.utime(entry)  # the most recently used entries are the ones kept
    return True


def store(cache_dir: Path, key: str, source: Path) -> None:
    """Keep a copy of the index in ``source`` under ``key``; drop all but the last few."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    entry = cache_dir / key
    if not entry.exists():
        tmp = Path(tempfile.mkdtemp(dir=cache_dir, prefix=".tmp-"))
        try:
            manifest = {}
            for path in sorted(p for p in source.rglob("*") if p.is_file()):
                rel = path.relative_to(source).as_posix()
                link_or_copy(str(path), str(tmp / rel))
                manifest[rel] = file_sha256(tmp / rel)
            (tmp / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
            os.replace(tmp, entry)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            return
    entries = sorted(
        (p for p in cache_dir.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in entries[KEEP:]:
        if old != entry:
            shutil.rmtree(old, ignore_errors=True)
