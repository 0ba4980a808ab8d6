"""What the audio and image caches share: keys from settings, content hashes, atomic
writes, and the list of articles and pages a build will write."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile

#: Every Pelican list that may hold an article or page (draft, hidden, translation...).
CONTENT_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def buildable(generators):
    """Articles and pages that will be written (non-empty save_as), in order, once."""
    seen, found = set(), []
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, None) or ():
                if id(content) in seen or getattr(content, "status", "") == "skip":
                    continue
                if not getattr(content, "save_as", ""):
                    continue
                seen.add(id(content))
                found.append(content)
    return found


def make_key(*parts) -> str:
    """A stable key for JSON-serialisable parts."""
    blob = json.dumps(parts, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def atomic_write(path, data: bytes) -> None:
    """Write bytes to ``path`` via a temporary file and a rename: never half a file."""
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=os.path.basename(path))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600: a web server running as another user
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def link_or_copy(source, target) -> None:
    """Put the file ``source`` at ``target``: a hard link when both are on one
    filesystem (no bytes copied: a warm build places 1,800 drawings' variants and a
    search index this way), else a copy. Never half a file: an existing ``target`` is
    replaced by a rename.

    Only for caches whose files are never changed in place (every write is a new file
    renamed into place, as ``atomic_write`` does) and that check each file's SHA-256
    before using it: a linked output file edited in place would change the cached one,
    and that check then refuses it.
    """
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)  # the usual case: a fresh build folder
        return
    except OSError:
        pass  # ``target`` exists (replaced below) or another filesystem (copied below)
    tmp = f"{target}.tmp-{os.getpid()}"
    try:
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def prune_folder(folder, keep) -> None:
    """Remove the files of ``folder`` whose names are not in ``keep`` (what an earlier
    build wrote and no published page uses now)."""
    if not os.path.isdir(folder):
        return
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name not in keep and os.path.isfile(path):
            os.unlink(path)
