"""Links from what is published to what is not, or to files that do not exist.

Pelican cannot resolve a ``{filename}`` link to a withdrawn story, a draft, a story in
review, a print-only story or a page in any of those states: it only warns and writes
the source path into the page and its feeds (``href="{filename}/paginas/rosa.md"``),
which names the story and leads nowhere. A link to a file that is not there
(``{filename}``, ``{static}`` or ``{attach}``) is published the same way.

The check runs once, when every generator has read everything (the pages generator
decides what it publishes after the articles generator has finished), over every
article, translation and page that will be written and every print-only story that
goes on paper. It reads ``_content`` and ``_summary``, the HTML before Pelican
replaces the links: reading ``content`` would freeze it before other plugins rewrite it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urlparse

#: The placeholders that name a source file. Pelican lists a ``{static}`` target in
#: ``static_content`` even when the file does not exist, so the disk decides for those.
FILE_LINKS = {"filename", "static", "attach"}
UNPUBLISHED = "unpublished"
MISSING = "missing"


@dataclass(frozen=True)
class BadLink:
    link: str  # as written, e.g. "{filename}/paginas/rosa.md"
    target: str  # source path relative to content/, e.g. "paginas/rosa.md"
    problem: str  # UNPUBLISHED or MISSING


def _candidates(content, value: str) -> list[str]:
    """Source paths ``value`` may name, tried in Pelican's own order."""
    url = urlparse(value)
    paths = []
    for path in (url.path, unquote(url.path), urlparse(unescape(value)).path):
        if path.startswith("/"):
            path = path[1:]
        else:
            path = content.get_relative_source_path(os.path.join(content.relative_dir, path))
        path = os.path.normpath(path) if path else ""
        if path not in paths:
            paths.append(path)
    return paths


def bad_links(content, context, content_root: str) -> list[BadLink]:
    """The file links of ``content`` that Pelican would leave unresolved."""
    texts = [getattr(content, "_content", None), getattr(content, "_summary", None)]
    texts = [text for text in texts if isinstance(text, str) and ("{" in text or "|" in text)]
    if not texts:
        return []
    regex = content._get_intrasite_link_regex()
    found = []
    for text in texts:
        for match in regex.finditer(text):
            what = match.group("what")
            if what not in FILE_LINKS or not match.group("value").split("#")[0]:
                continue
            paths = _candidates(content, match.group("value"))
            on_disk = any(
                path and os.path.isfile(os.path.join(content_root, path)) for path in paths
            )
            if what == "filename" and any(
                path in (context.get("generated_content") or {}) for path in paths
            ):
                continue
            if on_disk and what != "filename":
                continue  # a drawing: the images plugin publishes (or refuses) it
            if on_disk and any(path in (context.get("static_content") or {}) for path in paths):
                continue  # {filename} naming a static file: Pelican links it
            bad = BadLink(match.group("path"), paths[0], UNPUBLISHED if on_disk else MISSING)
            if bad not in found:
                found.append(bad)
    return found
