"""Caches between builds: a fingerprint of what a result depends on, and one store.

A cache entry is only valid for the exact settings and code that made it. The
fingerprint covers every setting (except where files are written, which never changes
what a file reads as), the source of the modules that do the work, and the versions of
the libraries they call. Anything that cannot be written out stably (an object's
``repr`` with a memory address) makes the fingerprint differ on every build: the
cache then misses, which is slow but never wrong.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import re
import tempfile
from importlib import metadata
from pathlib import Path

#: Settings that only say where files go: they never change what is read.
IGNORED_SETTINGS = frozenset({"OUTPUT_PATH", "CACHE_PATH", "VOCES_CACHE", "VOCES_CHECK_ONLY"})
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _stable(value):
    if isinstance(value, (set, frozenset)):
        return sorted(repr(v) for v in value)
    if callable(value):
        module = getattr(value, "__module__", "?")
        name = getattr(value, "__qualname__", type(value).__name__)
        return f"<callable {module}.{name}>"
    return f"<{type(value).__name__} {_ADDRESS.sub('', repr(value))}>"


def settings_digest(settings, ignored=IGNORED_SETTINGS) -> str:
    wanted = {k: v for k, v in settings.items() if k not in ignored}
    blob = json.dumps(wanted, sort_keys=True, default=_stable, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def code_digest(folders, distributions=()) -> str:
    """Hash of every ``.py`` file under ``folders`` and the versions of ``distributions``.

    Asked several times a build (each cache's key): a file's bytes are hashed again only
    when its size or date changed, and a library's version is looked up once a process
    (the code that runs is the one imported, whatever is installed later)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.py")):
            digest.update(str(path.name).encode())
            digest.update(_file_sha(path))
    for name in distributions:
        digest.update(f"{name}={_version(name)}".encode())
    return digest.hexdigest()


#: path -> ((size, mtime_ns), SHA-256 of its bytes)
_FILE_SHAS: dict[Path, tuple] = {}


def _file_sha(path: Path) -> bytes:
    stat = path.stat()
    seen = (stat.st_size, stat.st_mtime_ns)
    known = _FILE_SHAS.get(path)
    if known is None or known[0] != seen:
        known = _FILE_SHAS[path] = (seen, hashlib.sha256(path.read_bytes()).digest())
    return known[1]


@functools.cache
def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def fingerprint(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def file_key(name: str, data: bytes) -> str:
    """The key of what was found in one file: its name and the SHA-256 of its bytes
    (the same bytes under another name are another file: a name can hold a term)."""
    return f"{name}\0{hashlib.sha256(data).hexdigest()}"


class ResultCache:
    """Results of one kind of work for one fingerprint, kept in one file between builds.

    Loaded once, saved once (through a temporary file and a rename). Only the entries
    this build asked for are kept, so results for files that are gone (a withdrawn
    story's text) do not linger; files of older fingerprints beyond ``keep`` are
    deleted. A file that cannot be read is an empty cache. ``writable=False`` (a check
    that must write nothing) reads but never saves.
    """

    def __init__(self, folder, name, fingerprint, keep=4, writable=True):
        self.folder = Path(folder) if folder else None
        self.name = name
        self.fingerprint = fingerprint
        self.keep = keep
        self.writable = writable and self.folder is not None
        self._entries = None
        self._used = {}
        self.hits = 0
        self.misses = 0

    @property
    def path(self):
        return self.folder / f"{self.name}-{self.fingerprint[:32]}.pickle"

    def _load(self):
        if self._entries is not None:
            return self._entries
        self._entries = {}
        if self.folder is None:
            return self._entries
        try:
            with open(self.path, "rb") as handle:
                stored = pickle.load(handle)
            if stored.get("fingerprint") == self.fingerprint:
                self._entries = stored["entries"]
        except Exception:  # missing, truncated, from another version: start empty
            self._entries = {}
        return self._entries

    def get(self, key):
        entries = self._load()
        if key in entries:
            self.hits += 1
            self._used[key] = entries[key]
            return entries[key]
        self.misses += 1
        return None

    def put(self, key, value):
        self._load()
        self._used[key] = value

    def save(self):
        if not self.writable or self._entries is None:
            return
        if self._used.keys() == self._entries.keys() and not self.misses:
            return  # nothing new, nothing dropped
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pickle")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(
                    {"fingerprint": self.fingerprint, "entries": self._used},
                    handle,
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            os.replace(tmp, self.path)
            self._entries = dict(self._used)
            self.misses = 0
            older = sorted(
                self.folder.glob(f"{self.name}-*.pickle"),
                key=lambda p: p.stat().st_mtime,
                reverse=True,
            )
            for stale in older[self.keep :]:
                stale.unlink(missing_ok=True)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            # A cache that cannot be written only costs time on the next build.
            if "tmp" in locals() and os.path.exists(tmp):
                os.unlink(tmp)
