"""The cleaned-recording cache: content-addressed, atomic writes, verified reads.

A record is keyed by the source's SHA-256 and every setting that shapes the output,
so a changed recording or setting simply misses. The record keeps the SHA-256 of each
file it names: a file that does not match (a crash, a disk error, a hand edit) is
never used. A withdrawn story's entries are removed at once; a production build
removes entries no build has used for ``cache_days`` (a hit touches its record).
"""

from __future__ import annotations

import hashlib
import json
import os
import time

from ..core.cache_files import atomic_write


class AudioCache:
    def __init__(self, root):
        self.root = root

    def _record_path(self, key):
        return os.path.join(self.root, key[:2], f"{key}.json")

    def file_path(self, key, ext):
        return os.path.join(self.root, key[:2], f"{key}.{ext}")

    def get(self, key):
        """The record (with verified files) for ``key``, else None."""
        try:
            with open(self._record_path(key), encoding="utf-8") as fh:
                record = json.load(fh)
            for ext, facts in record["files"].items():
                with open(self.file_path(key, ext), "rb") as fh:
                    data = fh.read()
                if (
                    len(data) != facts["bytes"]
                    or hashlib.sha256(data).hexdigest() != facts["sha256"]
                ):
                    return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return record

    def put(self, key, result) -> dict:
        files = {}
        for ext in ("ogg", "m4a"):
            if ext not in result:
                continue
            facts = dict(result[ext])
            data = facts.pop("data")
            atomic_write(self.file_path(key, ext), data)
            sha = hashlib.sha256(data).hexdigest()
            # Published under its own content hash only (the same rule as pipeline.hashed_name).
            files[ext] = dict(facts, sha256=sha, bytes=len(data), name=f"{sha[:24]}.{ext}")
        record = {
            "files": files,
            "source_duration": result.get("source_duration"),
            "trimmed": result.get("trimmed"),
        }
        atomic_write(self._record_path(key), json.dumps(record).encode())
        return record

    def keys(self):
        if not os.path.isdir(self.root):
            return
        for sub in os.listdir(self.root):
            folder = os.path.join(self.root, sub)
            if not os.path.isdir(folder):
                continue
            for name in os.listdir(folder):
                if name.endswith(".json"):
                    yield name[: -len(".json")]

    def remove(self, key) -> None:
        for name in (f"{key}.json", f"{key}.ogg", f"{key}.m4a"):
            try:
                os.unlink(os.path.join(self.root, key[:2], name))
            except FileNotFoundError:
                pass

    def touch(self, key) -> None:
        """Mark an entry as used now (its record's modification time)."""
        try:
            os.utime(self._record_path(key))
        except OSError:
            pass

    def prune(self, keep, older_than_days=0) -> int:
        """Remove entries not in ``keep`` and not used for ``older_than_days``; return how
        many went."""
        limit = time.time() - older_than_days * 86400
        gone = 0
        for key in list(self.keys()):
            if key in keep:
                continue
            try:
                if os.path.getmtime(self._record_path(key)) > limit:
                    continue
            except OSError:
                pass
            self.remove(key)
            gone += 1
        return gone
