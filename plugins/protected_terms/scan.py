"""Search a finished output tree for protected terms."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core.build_cache import ResultCache, code_digest, file_key, fingerprint
from ..core.parallel import map_chunks
from .extract import UnreadableFile, views_of
from .matching import Matcher
from .terms import Term

#: The code that decides whether a file is clean: this plugin and the shared core.
CODE = (Path(__file__).resolve().parent, Path(__file__).resolve().parents[1] / "core")
LIBRARIES = ("pypdf", "pikepdf", "pypdfium2", "pillow", "pillow-heif")


#: Files found clean in this process: (fingerprint of the clean-files cache, which
#: covers the terms and the code; name and SHA-256 of the file). A preview that builds
#: again, or a build into another cache folder, does not search them again (Pagefind's
#: own files alone took ~1.5 s a build). A file with a finding is never in it.
_CLEAN_HERE: set[tuple[str, str]] = set()


@dataclass
class Finding:
    path: str  # relative to the output folder, with "/"
    terms: list[Term] = field(default_factory=list)
    unreadable: str | None = None


def scan_tree(root, terms: list[Term], pdf_cache=None, clean_cache=None) -> list[Finding]:
    """Every file under ``root`` that holds a term (or cannot be read).

    ``clean_cache`` (a ``core.build_cache.ResultCache`` whose fingerprint covers the
    terms and this plugin's code, see ``clean_files_cache``) remembers files found
    clean, by name and SHA-256 of their bytes: an unchanged clean file is not searched
    again. A file with a finding is never remembered, so it is reported every time.

    PDFs are searched here, through ``pdf_cache``; every other file on every core
    (``core.parallel``), since a cold build of a large site has thousands of pages.
    """
    if not terms:
        return []
    root = Path(root)
    to_search = []  # (name, path, cache key), in the order of the walk
    for directory, _dirs, files in sorted(os.walk(root)):
        for filename in sorted(files):
            path = Path(directory) / filename
            rel = path.relative_to(root).as_posix()
            key = None
            if clean_cache is not None:
                key = file_key(rel, path.read_bytes())
                known = clean_cache.get(key)
                if not known and (clean_cache.fingerprint, key) in _CLEAN_HERE:
                    clean_cache.put(key, True)  # kept on disk too, as if searched
                    known = True
                if known:
                    continue
            to_search.append((rel, str(path), key))
    pdfs = [item for item in to_search if item[0].lower().endswith(".pdf")]
    others = [item for item in to_search if not item[0].lower().endswith(".pdf")]
    results = {rel: found for rel, found in _search_files(pdfs, terms, pdf_cache)}
    results.update(map_chunks(_search_files, others, terms))
    findings = []
    for rel, _path, key in to_search:
        found = results[rel]
        if found:
            findings.extend(found)
        elif key is not None:
            clean_cache.put(key, True)
            if len(_CLEAN_HERE) > 200_000:
                _CLEAN_HERE.clear()
            _CLEAN_HERE.add((clean_cache.fingerprint, key))
    if pdf_cache is not None:
        pdf_cache.prune()
    if clean_cache is not None:
        clean_cache.save()
    return findings


def _search_files(items, terms: list[Term], pdf_cache=None) -> list[tuple[str, list[Finding]]]:
    """(name, findings) of each (name, path, key) in ``items``; run in a worker too."""
    matcher = Matcher(terms)
    return [
        (rel, scan_bytes(rel, Path(path).read_bytes(), matcher, pdf_cache))
        for rel, path, _ in items
    ]


def clean_files_cache(folder, terms: list[Term], writable=True):
    """The cache of clean files for this list of terms and this code (None: no folder)."""
    if not folder:
        return None
    listed = json.dumps([dataclasses.astuple(term) for term in terms], ensure_ascii=False)
    return ResultCache(
        folder,
        "limpios",
        fingerprint(
            hashlib.sha256(listed.encode("utf-8")).hexdigest(),
            code_digest(CODE, LIBRARIES),
            "protected_terms_scan/1",
        ),
        keep=2,
        writable=writable,
    )


def scan_bytes(name: str, data: bytes, matcher: Matcher, pdf_cache=None) -> list[Finding]:
    found = []
    # The file's own name and folders are published too (they are its address).
    in_name = matcher.find([name])
    if in_name:
        found.append(Finding(name, in_name))
    try:
        for inner_name, views in views_of(name, data, pdf_cache=pdf_cache):
            terms = matcher.find(views)
            if terms:
                found.append(Finding(inner_name, terms))
    except UnreadableFile as exc:
        found.append(Finding(exc.name, unreadable=exc.reason))
    return found
