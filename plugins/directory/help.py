"""Help one tap from every story: which directory entries fit a section, and links
to the directory and to phone numbers inside a story's text (web pages only; the
printed edition turns "Directorio" into the back page instead)."""

from __future__ import annotations

import re

from ..core.html_text import rewrite_text

#: How many entries a section's help box shows (the 911 line comes on top of them).
HELP_ENTRIES = 3

_NO_TOUCH = {"a", "code", "pre", "script", "style", "svg", "abbr"}
_NUMBER_911 = r"(?<![\d+])911(?!\d)"


def help_for(directory, section_slug: str) -> dict:
    """{"entries": up to three entries whose ``secciones`` name the section,
    "emergency": the 911 entry (or None)}."""
    entries = (directory or {}).get("entries", [])
    fitting = [e for e in entries if section_slug in e.get("sections", ())]
    emergency = next((e for e in entries if e.get("emergency") and e["phone"] == "911"), None)
    return {"entries": fitting[:HELP_ENTRIES], "emergency": emergency}


def _patterns(directory, lang: str):
    """(regex, kind, value) pairs: the directory's name, 911, verified numbers."""
    word = "Directory" if lang == "en" else "Directorio"
    found = [(re.compile(rf"\b{word}\b"), "directory", None)]
    found.append((re.compile(_NUMBER_911), "tel", "911"))
    for entry in (directory or {}).get("entries", []):
        shown = str(entry.get("phone_display", "")).strip()
        if entry.get("example") or not shown or entry["phone"] == "911":
            continue
        found.append((re.compile(r"(?<!\d)" + re.escape(shown) + r"(?!\d)"), "tel", entry["phone"]))
    return found


def link_help(html: str, directory, directory_url: str, lang: str = "es") -> str:
    """The first "Directorio" (outside a link) becomes a link to the directory page;
    911 and every verified directory number become ``tel:`` links. Example numbers
    stay plain text."""
    if not html:
        return html
    patterns = _patterns(directory, lang)
    if not any(regex.search(html) for regex, _kind, _value in patterns):
        # Nothing to link anywhere in the page's HTML, so none in its text either (a tag
        # starts with "<" and ends with ">": it never adds a digit or a letter that a
        # pattern's edges look at). Most stories; 0.2 ms each on every build.
        return str(html)
    linked_directory = not directory_url

    def change(part: str) -> str:
        nonlocal linked_directory
        # Numbers first, the directory's name last: an inserted link is never read again.
        for regex, kind, value in sorted(patterns, key=lambda p: p[1] == "directory"):
            if kind == "directory":
                if linked_directory:
                    continue
                part, count = regex.subn(
                    lambda m: f'<a href="{directory_url}">{m.group(0)}</a>', part, count=1
                )
                linked_directory = bool(count)
            else:
                part = regex.sub(lambda m, v=value: f'<a href="tel:{v}">{m.group(0)}</a>', part)
        return part

    return rewrite_text(html, _NO_TOUCH, change)
