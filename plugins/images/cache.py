"""The processed-image cache: content-addressed files, atomic writes, verified reads.

Every file is named by a key that hashes the source's bytes together with
every setting that shapes it, so a changed source or setting simply misses.
Each file has a small ``.json`` sidecar holding its own SHA-256: a file that
does not match its sidecar (a crash, a disk error, a hand edit) is never used.
"""

import hashlib
import json
import os

from ..core.cache_files import atomic_write


class ImageCache:
    def __init__(self, root):
        self.root = root
        # Files verified against their record by this instance (one build): planning,
        # rewriting and writing ask for the same variant three times. Each is kept with
        # its inode, size and dates: a file replaced or edited since is read and hashed
        # again. What is linked into the output is hashed once more there (generator).
        self._verified = {}

    def path(self, key, ext):
        return os.path.join(self.root, key[:2], f"{key}.{ext}")

    def _sidecar(self, key):
        return os.path.join(self.root, key[:2], f"{key}.json")

    def get(self, key, ext):
        """(path, meta) of a cached file that matches its record, else None."""
        path = self.path(key, ext)
        known = self._verified.get(path)
        if known is not None and known[1] == _stamp(path):
            return path, known[0]
        try:
            with open(self._sidecar(key), encoding="utf-8") as fh:
                meta = json.load(fh)
            with open(path, "rb") as fh:
                stamp = _stamp(fh.fileno())
                data = fh.read()
        except (OSError, ValueError):
            return None
        if len(data) != meta.get("bytes") or hashlib.sha256(data).hexdigest() != meta.get("sha256"):
            return None
        self._verified[path] = (meta, stamp)
        return path, meta

    def put(self, key, ext, data, **meta):
        path = self.path(key, ext)
        atomic_write(path, data)
        record = dict(meta, bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
        atomic_write(self._sidecar(key), json.dumps(record).encode())
        self._verified[path] = (record, _stamp(path))
        return path, record

    def get_record(self, key):
        try:
            with open(self._sidecar(key), encoding="utf-8") as fh:
                return json.load(fh)
        except (OSError, ValueError):
            return None

    def put_record(self, key, record):
        atomic_write(self._sidecar(key), json.dumps(record).encode())


def _stamp(file):
    """Inode, size, modification and change times of a path or an open file (a tool
    can put the modification time back, never the change time); None if gone."""
    try:
        st = os.stat(file)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
