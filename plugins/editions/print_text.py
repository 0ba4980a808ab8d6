"""Text of a printed story made safe for paper: what a reader types must print whole.

* ``directory_to_back_page``: "Directorio" (the site's help page) becomes
  "contraportada" with its page number: the reader holds paper, not the site.
* ``unbreakable``: web addresses, e-mail addresses, codes (CURP, folios) and
  acronyms are wrapped in ``<span class="nohyph">``: never hyphenated (a reader
  would type the hyphen), only wrapped without a hyphen if longer than the column.
* ``show_addresses``: a link prints its address in short form after its words,
  ``(gob.mx/comar)``, as ``data-short`` for the print stylesheet.

Each function takes and returns HTML, and works on text outside tags only.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from ..core.html_text import rewrite_text

#: "Directorio" with the article before it, maybe inside <strong>/<em> or a link.
_DIRECTORY = re.compile(
    r"(?P<art>\b(?:[Dd]el|[Aa]l|[Ee]l|[Nn]uestro|[Ss]u)\s+)?"
    r"(?P<open>(?:<(?:strong|em|b)>)*)"
    r"(?:<a\b[^>]*>)?Directorio(?:</a>)?"
    r"(?P<close>(?:</(?:strong|em|b)>)*)"
)
_ARTICLES = {"del": "de la", "al": "a la", "el": "la", "nuestro": "nuestra", "su": "su"}

#: Things a reader copies by hand: URLs, e-mail addresses, codes with digits,
#: words in capitals (acronyms: COMAR, INM, CURP).
_UNBREAKABLE = re.compile(
    r"\+?\b\d{2,4}(?:[ .]\d{2,4}){1,3}\b(?![^<]*</span>)"
    r"|(?:https?://|www\.)[^\s<>()\"']+[^\s<>()\"'.,;:!?]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b(?=[\w/-]*\d)(?=[\w/-]*[A-ZÁÉÍÓÚÑ])[A-ZÁÉÍÓÚÑ0-9][\w/-]{4,}\b"
    r"|\b[A-ZÁÉÍÓÚÑ]{2,}\b"
)
_NO_TOUCH = {"code", "pre", "a", "script", "style", "title", "svg"}


def _inside_tag(text: str, position: int) -> bool:
    return text.rfind("<", 0, position) > text.rfind(">", 0, position)


def directory_to_back_page(content_html: str, target: str = "#contraportada") -> str:
    """Every "Directorio" in the text becomes "contraportada (p. N)" in print."""

    def replace(match):
        if _inside_tag(content_html, match.start()):
            return match.group(0)
        art = match.group("art") or ""
        if art:
            word = art.strip()
            new = _ARTICLES[word.lower()]
            art = (new[0].upper() + new[1:] if word[0].isupper() else new) + " "
        return (
            f'{art}{match.group("open")}<a class="page-ref" href="{target}">contraportada</a>'
            f"{match.group('close')}"
        )

    return _DIRECTORY.sub(replace, content_html)


def _wrap(match) -> str:
    text = match.group(0)
    # A phone number (digits and spaces) is never split across lines.
    kind = "nohyph nowrap" if re.fullmatch(r"[+\d .]+", text) else "nohyph"
    return f'<span class="{kind}">{text}</span>'


def unbreakable(content_html: str) -> str:
    """Wrap URLs, e-mail addresses, codes and acronyms in ``<span class="nohyph">``."""
    return rewrite_text(content_html, _NO_TOUCH, lambda part: _UNBREAKABLE.sub(_wrap, part))


def short_address(href: str) -> str:
    """``https://www.gob.mx/comar/`` -> ``gob.mx/comar``; ``mailto:a@b.mx`` -> ``a@b.mx``."""
    href = html.unescape(href.strip())
    if href.lower().startswith(("mailto:", "tel:")):
        return href.split(":", 1)[1].split("?", 1)[0]
    parts = urlsplit(href)
    host = parts.netloc.lower()
    host = host[4:] if host.startswith("www.") else host
    path = parts.path.rstrip("/")
    if path.endswith(("/index.html", "/index.htm")):
        path = path.rsplit("/", 1)[0]
    short = host + path
    if parts.query:
        short += "?" + parts.query
    return short


_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r"""\bhref\s*=\s*("([^"]*)"|'([^']*)')""")


def show_addresses(content_html: str, site_address: str = "") -> str:
    """Links to other places print their short address after their words.

    A link whose words already are its address, a page reference (``#...``) and a
    link to the site itself (its QR code is printed) are left as they are.
    """
    site = short_address(site_address) if site_address else ""

    def replace(match):
        attrs, words = match.group(1), match.group(2)
        found = _HREF.search(attrs)
        if not found or "data-short" in attrs:
            return match.group(0)
        href = found.group(2) if found.group(2) is not None else found.group(3)
        if not href or href.startswith("#") or not re.match(r"(?i)(https?|mailto|tel):", href):
            return match.group(0)
        short = short_address(href)
        plain = re.sub(r"<[^>]*>", "", words).strip()
        if not short or short_address(plain) == short or plain == short:
            return f'<a{attrs}><span class="nohyph">{words}</span></a>'
        if site and short.startswith(site) and short != site:
            return match.group(0)
        data = html.escape(short, quote=True)
        return f'<a{attrs} data-short="{data}">{words}</a>'

    return _LINK.sub(replace, content_html)


_TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
_CONTAINERS = re.compile(r"<(/?)(div|blockquote|li|ul|ol|figure|section|details)\b", re.I)


def wide_tables(content_html: str, body_class: str = "story-print__body") -> str:
    """A table at the top level of a story leaves its two columns: it spans the page.

    The story's body is closed before the table and opened again after it (the
    template wraps ``content`` in ``<div class="story-print__body">``).
    """

    def replace(match):
        depth = 0
        for closing, _name in _CONTAINERS.findall(content_html, 0, match.start()):
            depth += -1 if closing else 1
        if depth:
            return match.group(0)
        return (
            f'</div><div class="story-print__wide">{match.group(0)}</div><div class="{body_class}">'
        )

    return _TABLE.sub(replace, content_html)


def for_paper(content_html: str, site_address: str = "") -> str:
    """All of the above, in order."""
    return wide_tables(
        unbreakable(show_addresses(directory_to_back_page(content_html), site_address))
    )
