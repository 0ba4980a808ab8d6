"""Search a finished output tree for protected terms."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .extract import UnreadableFile, views_of
from .matching import Matcher
from .terms import Term


@dataclass
class Finding:
    path: str  # relative to the output folder, with "/"
    terms: list[Term] = field(default_factory=list)
    unreadable: str | None = None


def scan_tree(root, terms: list[Term], pdf_cache=None) -> list[Finding]:
    """Every file under ``root`` that holds a term (or cannot be read)."""
    matcher = Matcher(terms)
    findings = []
    if not matcher:
        return findings
    root = Path(root)
    for directory, _dirs, files in sorted(os.walk(root)):
        for filename in sorted(files):
            path = Path(directory) / filename
            rel = path.relative_to(root).as_posix()
            findings.extend(scan_bytes(rel, path.read_bytes(), matcher, pdf_cache))
    if pdf_cache is not None:
        pdf_cache.prune()
    return findings


def scan_bytes(name: str, data: bytes, matcher: Matcher, pdf_cache=None) -> list[Finding]:
    found = []
    try:
        for inner_name, views in views_of(name, data, pdf_cache=pdf_cache):
            terms = matcher.find(views)
            if terms:
                found.append(Finding(inner_name, terms))
    except UnreadableFile as exc:
        found.append(Finding(exc.name, unreadable=exc.reason))
    return found
