"""Find references to resources on other hosts in an article's HTML.

A reader's phone must never contact another host because of a page: an image, sound,
video, frame, stylesheet, script or font from elsewhere tells that host who reads what.
Plain ``<a href>`` links are navigation the reader chooses, and are allowed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .allowlist import srcset_urls

# Attributes that make the browser fetch something, whatever the tag.
RESOURCE_ATTRIBUTES = frozenset(
    {
        "src",
        "srcset",
        "poster",
        "data",
        "background",
        "lowsrc",
        "dynsrc",
        "longdesc",
        "codebase",
        "archive",
        "manifest",
        "icon",
        "profile",
        "imagesrcset",
    }
)
# Tags whose href (or xlink:href) is fetched rather than followed.
FETCHED_HREF_TAGS = frozenset({"link", "image", "use", "feimage", "script", "base"})
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*([^'")\s]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_REMOTE_SCHEMES = re.compile(r"^(?:https?|ftp|wss?):", re.IGNORECASE)


def is_remote(url: str, site_url: str = "") -> bool:
    """True when fetching ``url`` would contact a host other than the site itself."""
    cleaned = _CONTROL.sub("", url).replace("\\", "/")
    if site_url and cleaned.startswith(site_url.rstrip("/") + "/"):
        return False
    return cleaned.startswith("//") or bool(_REMOTE_SCHEMES.match(cleaned))


class _ResourceFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []  # (tag, url)
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            name = name.lower()
            if name in ("srcset", "imagesrcset"):
                self.found.extend((tag, url) for url in srcset_urls(value))
            elif name in RESOURCE_ATTRIBUTES or (
                name in ("href", "xlink:href") and tag in FETCHED_HREF_TAGS
            ):
                self.found.append((tag, value))
            elif name == "style":
                self.found.extend((tag, url) for url in _CSS_URL.findall(value))
            elif name == "content" and tag == "meta":
                self.found.extend(
                    (tag, part.split("=", 1)[1])
                    for part in value.split(";")
                    if part.strip().lower().startswith("url=")
                )
        self._in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found.extend(("style", url) for url in _CSS_URL.findall(data))


#: What the HTML standard calls a bogus comment: "<!" not starting "<!--", and "<?".
_BOGUS_COMMENT = re.compile(r"<(?:!(?!--)|\?)[^>]*>?")


def _find(html: str) -> list[tuple[str, str]]:
    finder = _ResourceFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def remote_resources(html: str, site_url: str = "") -> list[tuple[str, str]]:
    """(tag, url) of every resource in ``html`` that lives on another host, in order."""
    if not html:
        return []
    try:
        found = _find(html)
    except (AssertionError, ValueError, IndexError):
        # html.parser gives up on some malformed declarations ("<![", "<!x"), which
        # browsers read as bogus comments up to the next ">": read them the same way.
        found = _find(_BOGUS_COMMENT.sub("", html))
    seen, result = set(), []
    for tag, url in found:
        url = url.strip()
        if is_remote(url, site_url) and (tag, url) not in seen:
            seen.add((tag, url))
            result.append((tag, url))
    return result
