"""An edition file's words made safe to publish on the site, in print and in the PDFs.

Plain values (title, summary, cover alt text) are HTML-escaped once, when the file is
read, like the articles' reader does: templates print them as they are. The editorial
is Markdown: its HTML goes through the site's allow-list (``sanitize.allowlist``), which
drops comments, scripts, ``<meta>``, ``<base>``, event handlers and bad URL schemes. It
is text only: a drawing, a resource from another host or a Pelican link
(``{filename}``, ``{static}``, ``{attach}``) stops the build with a message.
"""

from __future__ import annotations

import html
import logging
import re
from html.parser import HTMLParser

from voces_plugins.sanitize.allowlist import ALLOWED_TAGS, clean_html
from voces_plugins.sanitize.remote import remote_resources
from voces_plugins.sanitize.sanitize import removed_markup

logger = logging.getLogger(__name__)

#: The editorial is text: the allow-list without its media elements.
MEDIA_TAGS = frozenset(
    {
        "img",
        "picture",
        "source",
        "audio",
        "video",
        "track",
        "svg",
        "image",
        "iframe",
        "object",
        "embed",
        "canvas",
    }
)
EDITORIAL_TAGS = frozenset(ALLOWED_TAGS - MEDIA_TAGS)
#: Pelican's intra-site link syntax ({filename}, |static|, ...), which this plugin
#: does not resolve: written out as it is, it would be a broken link.
INTRASITE = re.compile(r"^\s*[{|]\s*([A-Za-z]+)\s*[|}]")
LINK_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "data", "action", "cite"})


def plain(value: str) -> str:
    """A plain-text value as templates print it: escaped once, here."""
    return html.escape(value.strip(), quote=True)


class _Scan(HTMLParser):
    """The media elements and intra-site links of the editorial's HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # attribute values arrive unescaped
        self.media: list[str] = []
        self.intrasite: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in MEDIA_TAGS and tag not in self.media:
            self.media.append(tag)
        for name, value in attrs:
            if (
                value
                and name in LINK_ATTRIBUTES
                and INTRASITE.match(value)
                and value not in self.intrasite
            ):
                self.intrasite.append(value)

    handle_startendtag = handle_starttag


def safe_editorial(raw: str, rel: str, settings, problems: list) -> str:
    """The editorial's HTML cut down to text and links; problems appended (bilingual)."""
    if not raw.strip():
        return ""
    scan = _Scan()
    scan.feed(raw)
    scan.close()
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    if scan.media:
        problems.append(
            f"{rel}: el editorial solo puede llevar texto (sin imágenes, HTML activo ni nada "
            f"de otro sitio; encontrado: {', '.join(f'<{t}>' for t in scan.media)}). Ponga el "
            f"dibujo en 'portada:'. / the editorial may only hold text (no images, active HTML "
            f"or anything from another site; found: {', '.join(f'<{t}>' for t in scan.media)}). "
            f"Put the drawing in 'cover:'."
        )
    for link in scan.intrasite:
        problems.append(
            f"{rel}: el editorial enlaza '{link}'; en un editorial no se puede usar "
            f"{{filename}}, {{static}} ni {{attach}}. Escriba la dirección de la página, p. ej. "
            f"[la historia]({siteurl}/articulos/nombre-de-la-historia/). / the editorial links "
            f"'{link}'; {{filename}}, {{static}} and {{attach}} cannot be used in an editorial. "
            f"Write the page's address, e.g. [the story]({siteurl}/articulos/story-name/)."
        )
    cleaned = clean_html(raw, EDITORIAL_TAGS)
    found = []
    # Before (what was written) and after (what a browser or WeasyPrint would get).
    for tag, url in remote_resources(raw, siteurl) + remote_resources(cleaned, siteurl):
        if (tag, url) not in found:
            found.append((tag, url))
    for tag, url in found:
        problems.append(
            f"{rel}: el editorial carga {url!r} (<{tag}>), que está en otro sitio web. Voces "
            f"nunca carga nada de otros sitios (eso avisaría a ese sitio de quién lee). Quítelo; "
            f"un enlace normal [texto](https://...) sí está permitido. / the editorial loads "
            f"{url!r} (<{tag}>), which is on another website. Voces never loads anything from "
            f"other sites (that would tell that site who is reading). Remove it; a plain link "
            f"[text](https://...) is allowed."
        )
    removed = [
        item for item in removed_markup(raw, EDITORIAL_TAGS) if item.strip("<>") not in MEDIA_TAGS
    ]
    if "<!--" in raw:
        removed.append("<!-- -->")
    if removed:
        logger.warning(
            "%s: se quitó HTML no permitido del editorial (%s). El resto del texto se publica. "
            "/ disallowed HTML was removed from the editorial (%s). The rest of the text is "
            "published.",
            rel,
            ", ".join(removed),
            ", ".join(removed),
        )
    return cleaned
