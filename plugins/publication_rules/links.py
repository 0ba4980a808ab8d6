"""Links from published content to stories that are not published.

A ``{filename}`` link to a withdrawn story, a draft or a print-only story cannot be
resolved: Pelican only warns and writes the source path into the page, which names
the story and leads nowhere. The build stops instead and says which link to remove.
"""

from __future__ import annotations

import os
from html import unescape
from urllib.parse import unquote, urlparse

#: Context key: source paths (relative to content/) that are read but not published.
UNPUBLISHED_SOURCES = "voces_unpublished_sources"


def unpublished_sources(generator, paths_setting, excludes_setting) -> set[str]:
    """Files of this generator that produce no page (withdrawn, draft, print-only...)."""
    settings = generator.settings
    found = generator.get_files(settings[paths_setting], exclude=settings[excludes_setting])
    published = generator.context.get("generated_content", {})
    unpublished = {os.path.normpath(path) for path in found} - {
        os.path.normpath(path) for path in published}
    generator.context.setdefault(UNPUBLISHED_SOURCES, set()).update(unpublished)
    return generator.context[UNPUBLISHED_SOURCES]


def links_to_unpublished(content, unpublished: set[str]) -> list[str]:
    """The ``{filename}`` targets in ``content`` that point at unpublished sources."""
    text = getattr(content, "_content", "") or ""
    if "{filename}" not in text and "|filename|" not in text:
        return []
    targets = []
    for match in content._get_intrasite_link_regex().finditer(text):
        if match.group("what") != "filename":
            continue
        raw = match.group("value")
        for candidate in {urlparse(raw).path, unquote(urlparse(raw).path),
                          urlparse(unescape(raw)).path}:
            if candidate.startswith("/"):
                path = candidate[1:]
            else:
                path = content.get_relative_source_path(
                    os.path.join(content.relative_dir, candidate))
            if os.path.normpath(path) in unpublished:
                targets.append(raw)
                break
    return targets
