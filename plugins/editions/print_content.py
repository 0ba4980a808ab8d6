"""An article's HTML made ready for print: every drawing replaced by its clean print JPEG.

The web HTML may hold ``<picture>`` elements with WebP/AVIF sources and srcsets
(from the images plugin); WeasyPrint would embed whatever it is given, so each
image is traced back to its file in ``content/`` and swapped for the print
variant from ``images.print_image``. An image that cannot be traced stops the
build: nothing uncleaned may reach a PDF.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..core import file_kinds

IMAGE_SUFFIXES = file_kinds.IMAGE
SOURCE_ATTRS = ("data-source", "data-src-original", "data-original")
DROPPED_ATTRS = {"srcset", "sizes", "loading", "decoding", "width", "height", "style"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class UntraceableImage(ValueError):
    pass


class ImageIndex:
    """Finds the file in content/ an image URL came from."""

    def __init__(self, content_root: Path, siteurl: str = ""):
        self.root = content_root
        self.siteurl = (siteurl or "").rstrip("/")
        self.files = sorted(
            p.relative_to(content_root).as_posix()
            for p in content_root.rglob("*")
            if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES
        )
        self.by_stem = {}
        for rel in self.files:
            self.by_stem.setdefault(Path(rel).stem.lower(), rel)

    def resolve(self, attrs: dict) -> str | None:
        for name in SOURCE_ATTRS:
            if attrs.get(name):
                candidate = self._clean(attrs[name])
                if candidate in self.files:
                    return candidate
        src = attrs.get("src") or ""
        if not src or src.startswith("data:"):
            return None
        candidate = self._clean(src)
        if candidate in self.files:
            return candidate
        # A derived web file (e.g. imagenes/manos-800.webp, manos.3f2a.jpg): the
        # longest content stem that starts its name.
        stem = Path(candidate).stem.lower()
        best = None
        for known, rel in self.by_stem.items():
            if (
                stem == known
                or stem.startswith(known + "-")
                or stem.startswith(known + ".")
                or stem.startswith(known + "_")
            ) and (best is None or len(known) > len(best[0])):
                best = (known, rel)
        return best[1] if best else None

    def _clean(self, url: str) -> str:
        url = html.unescape(url)
        if self.siteurl and url.startswith(self.siteurl):
            url = url[len(self.siteurl) :]
        path = unquote(urlsplit(url).path)
        path = path.replace("{static}", "").replace("{attach}", "")
        path = re.sub(r"^(\./|\.\./|/)+", "", path)
        return path


#: Link schemes a printed link may keep as they are; anything else with a scheme
#: (``file:``, ``javascript:``...) loses its link, the text stays.
KEPT_SCHEMES = {"http", "https", "mailto", "tel"}


def absolute_link(href: str, base: str) -> str | None:
    """``href`` as a PDF should carry it: on the site's address, never a local file.

    WeasyPrint resolves a relative link against the print HTML's base, a folder of
    the building machine (``file:///home/<user>/...``); here it is resolved against
    the story's address on the site instead.
    """
    href = href.strip()
    if not href or href.startswith("#"):
        return href
    scheme = urlsplit(href).scheme.lower()
    if scheme:
        return href if scheme in KEPT_SCHEMES else None
    return urljoin(base, href)


def _tag(tag: str, attrs) -> str:
    parts = [tag] + [
        name if value is None else f'{name}="{html.escape(value, quote=True)}"'
        for name, value in attrs
    ]
    return "<" + " ".join(parts) + ">"


class _Rewriter(HTMLParser):
    def __init__(self, replace_img, link_base=None):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.replace_img = replace_img
        self.link_base = link_base
        self.in_picture = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "picture":
            self.in_picture += 1
            return
        if tag == "source" and self.in_picture:
            return
        if tag == "img":
            self.out.append(self.replace_img(attributes))
            return
        if tag == "a" and self.link_base is not None and "href" in attributes:
            target = absolute_link(attributes["href"] or "", self.link_base)
            kept = [(k, v) for k, v in attrs if k != "href"]
            if target is not None:
                kept.insert(0, ("href", target))
            self.out.append(_tag(tag, kept))
            return
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        if tag == "img":
            self.out.append(self.replace_img(dict(attrs)))
        elif tag == "source" and self.in_picture:
            return
        else:
            self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag == "picture":
            self.in_picture = max(0, self.in_picture - 1)
            return
        if tag in VOID:
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        return

    def handle_decl(self, decl):
        return


def for_print(
    content_html: str, index: ImageIndex, image_uri, label: str, link_base: str | None = None
) -> str:
    """Return ``content_html`` with each image pointing at its print JPEG and, with
    ``link_base`` (the story's absolute address), each link on the site's address.

    ``image_uri(relpath) -> str`` makes (or finds) the print variant and returns
    its file URI.
    """

    def replace(attrs):
        rel = index.resolve(attrs)
        if rel is None:
            raise UntraceableImage(
                f"{label}: la imagen '{attrs.get('src', '')}' no se encuentra en content/ y no "
                f"puede ir limpia al PDF. Use una ruta como dibujos/archivo.jpg. / the image "
                f"'{attrs.get('src', '')}' is not in content/ and cannot go clean into the PDF. "
                f"Use a path like dibujos/file.jpg."
            )
        kept = {
            k: v for k, v in attrs.items() if k not in DROPPED_ATTRS and not k.startswith("data-")
        }
        kept["src"] = image_uri(rel)
        kept.setdefault("alt", "")
        return (
            "<img "
            + " ".join(f'{k}="{html.escape(v or "", quote=True)}"' for k, v in kept.items())
            + ">"
        )

    parser = _Rewriter(replace, link_base)
    parser.feed(content_html)
    parser.close()
    return "".join(parser.out)


def links_for_print(content_html: str, link_base: str) -> str:
    """Only the links of ``content_html`` made absolute (an editorial: no images to swap)."""
    parser = _Rewriter(lambda attrs: _tag("img", list(attrs.items())), link_base)
    parser.feed(content_html)
    parser.close()
    return "".join(parser.out)
