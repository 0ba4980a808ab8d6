"""What members may write as raw HTML, and the nh3 cleaner that enforces it.

Everything not listed here is removed: tags lose their markup (the text stays),
``<script>``, ``<style>`` and the like lose their content too, attributes not listed
are dropped, and URLs keep only the http, https, mailto and tel schemes (nh3 decodes
entities and ignores case before it compares, so ``&#106;avascript:`` and
``JaVaScRiPt:`` are caught).
"""

from __future__ import annotations

import functools
import re

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "s",
        "small",
        "sub",
        "sup",
        "mark",
        "blockquote",
        "q",
        "cite",
        "abbr",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "figure",
        "figcaption",
        "img",
        "picture",
        "source",
        "audio",
        "a",
        "code",
        "pre",
        "kbd",
        "span",
        "div",
    }
)

# Never allowed, whatever SAFETY['allowed_tags'] says; their content goes too.
NEVER_ALLOWED_TAGS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "option",
        "link",
        "meta",
        "base",
        "svg",
        "math",
        "template",
        "noscript",
        "video",
        "track",
        "canvas",
        "portal",
    }
)
REMOVE_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "template",
        "noscript",
        "textarea",
        "select",
    }
)

ATTRIBUTES = {
    "*": {"lang", "dir"},
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "title", "srcset", "sizes"},
    "source": {"src", "srcset", "type", "sizes", "media", "width", "height"},
    "audio": {"controls", "src", "preload"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "li": {"value", "id"},
    "sup": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
}

# Classes the theme and Markdown/Typogrify need; any other class is dropped.
ALLOWED_CLASSES = {
    "span": {"amp"},  # Typogrify's ampersand
    "div": {"footnote"},  # Markdown footnotes
    "a": {"footnote-ref", "footnote-backref"},
}
# The images plugin writes its <picture> markup after this plugin has run
# (all_generators_finalized), so its classes and srcsets need no room here.

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "noopener noreferrer"

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_:.\-]{0,80}$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_ENUMS = {
    "loading": {"lazy", "eager"},
    "decoding": {"async", "sync", "auto"},
    "preload": {"none", "metadata", "auto"},
    "align": {"left", "right", "center"},
    "scope": {"row", "col", "rowgroup", "colgroup"},
    "dir": {"ltr", "rtl", "auto"},
}
_NUMBER_ATTRS = {"width", "height", "colspan", "rowspan", "start", "value"}


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` value (descriptors dropped)."""
    urls = []
    for candidate in value.split(","):
        words = candidate.split()
        if words:
            urls.append(words[0])
    return urls


def is_relative_url(url: str) -> bool:
    """True for a path on this site: no scheme, not protocol-relative."""
    url = _CONTROL.sub("", url).replace("\\", "/")
    return not url.startswith("//") and not _SCHEME.match(url)


def filter_attribute(element: str, attribute: str, value: str):
    """Second pass over attributes nh3 already allowed: check their values."""
    if attribute == "srcset":
        return value if all(is_relative_url(url) for url in srcset_urls(value)) else None
    if attribute == "id":
        return value if _ID.match(value) else None
    if attribute in _ENUMS:
        return value if value.strip().lower() in _ENUMS[attribute] else None
    if attribute in _NUMBER_ATTRS:
        return value if value.strip().isdigit() else None
    return value


@functools.lru_cache(maxsize=8)
def cleaner_for(tags: frozenset) -> nh3.Cleaner:
    allowed = frozenset(tags) - NEVER_ALLOWED_TAGS
    attributes = {
        tag: set(names) for tag, names in ATTRIBUTES.items() if tag == "*" or tag in allowed
    }
    classes = {tag: set(names) for tag, names in ALLOWED_CLASSES.items() if tag in allowed}
    return nh3.Cleaner(
        tags=set(allowed),
        clean_content_tags=set(REMOVE_WITH_CONTENT),
        attributes=attributes,
        attribute_filter=filter_attribute,
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES),
        allowed_classes=classes,
    )


_H1 = re.compile(r"<(/?)h1(?=[\s/>])", re.IGNORECASE)


def clean_html(html: str, tags: frozenset = ALLOWED_TAGS) -> str:
    """Sanitise a member's HTML (article body or summary) to the allow-list.

    A Markdown ``# Título`` becomes ``<h2>``: the page title is the only ``<h1>``.
    """
    if not html:
        return html
    return cleaner_for(frozenset(tags)).clean(_H1.sub(r"<\1h2", html))
