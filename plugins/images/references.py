"""Find the images an article uses and the files they name.

Members write ``![alt](dibujos/x.jpg)`` (relative to ``content/``), or
``../dibujos/x.jpg`` (relative to the article), or Pelican's
``{static}/dibujos/x.jpg``; the cover is the ``image`` metadata field.
"""

import html
import os
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from ..core import file_kinds

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
IMAGE_EXTENSIONS = file_kinds.IMAGE  # every extension an image may carry
_PREFIX = re.compile(r"^(?:\{(static|attach|filename)\}|\|(static|attach|filename)\|)")
# Pelican copies whatever {static}/{attach} names, STATIC_PATHS or not.
_STATIC_LINK = re.compile(
    r"""(?P<attr>\b(?:src|href|srcset|poster)\s*=\s*)(?P<q>["'])"""
    r"""(?P<value>(?:\{(?:static|attach)\}|\|(?:static|attach)\|)[^"']*)(?P=q)""",
    re.IGNORECASE,
)
_TRUE = {"1", "true", "yes", "y", "si", "sí", "on"}


class _Attrs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attrs = {}

    def handle_starttag(self, tag, attrs):
        self.attrs = {k.lower(): (v if v is not None else "") for k, v in attrs}

    handle_startendtag = handle_starttag


def tag_attrs(tag):
    parser = _Attrs()
    parser.feed(tag)
    parser.close()
    return parser.attrs


def is_local(ref):
    parts = urlsplit(ref.strip())
    return bool(ref.strip()) and not parts.scheme and not parts.netloc and not ref.startswith("//")


def is_image_path(ref):
    path = _PREFIX.sub("", ref)
    return os.path.splitext(urlsplit(path).path)[1].lower() in IMAGE_EXTENSIONS


def resolve(ref, content_root, source_dir):
    """(absolute path, problem kind or None) for an image reference."""
    match = _PREFIX.match(ref)
    path = unquote(urlsplit(_PREFIX.sub("", ref.strip())).path)
    root = os.path.realpath(content_root)
    if path.startswith("/"):
        candidates = [os.path.join(root, path.lstrip("/"))]
    elif match:  # Pelican: {static}x is relative to the article's folder
        candidates = [os.path.join(source_dir, path), os.path.join(root, path)]
    else:  # the contract: relative to content/, or to the article (../dibujos)
        candidates = [os.path.join(root, path), os.path.join(source_dir, path)]
    inside = []
    for candidate in candidates:
        real = os.path.realpath(candidate)
        if os.path.commonpath([real, root]) == root:
            inside.append(real)
            if os.path.isfile(real):
                return real, None
    if not inside:
        return None, "outside"
    return inside[0], "missing"


def canonical(path, content_root):
    """The content-relative spelling of a resolved path (``dibujos/x.jpg``)."""
    return os.path.relpath(path, os.path.realpath(content_root)).replace(os.sep, "/")


def neutralize_static_links(text, content_root, source_dir):
    """Rewrite {static}/{attach} image links so Pelican never copies an original.

    ``<img src>`` becomes the plain content-relative path (resolved later by
    this plugin); any other link to an original image is replaced by ``#``
    and returned in the list of refused references.
    """
    refused = []

    def replace(match):
        value = match.group("value")
        if not is_image_path(value):
            return match.group(0)
        attr = match.group("attr").split("=")[0].strip().lower()
        if attr == "src":
            path, problem = resolve(value, content_root, source_dir)
            new = (
                canonical(path, content_root)
                if path and not problem
                else _PREFIX.sub("", value).lstrip("/")
            )
        else:
            refused.append(value)
            new = "#"
        return f"{match.group('attr')}{match.group('q')}{new}{match.group('q')}"

    return _STATIC_LINK.sub(replace, text), refused


def body_images(text):
    """(tag, attrs) for every local image of an HTML body, in order."""
    for match in IMG_TAG.finditer(text or ""):
        attrs = tag_attrs(match.group(0))
        src = attrs.get("src", "")
        if is_local(src) and not src.startswith("data:"):
            yield match, attrs


def flag(value):
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in _TRUE


def plain(value):
    """Metadata text as plain text (the reader may have HTML-escaped it)."""
    return html.unescape(str(value or "")).strip()
