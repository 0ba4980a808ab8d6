"""QR codes (segno) that take a printed article's reader to its web page."""

import base64
import functools

import segno


@functools.lru_cache(maxsize=4096)
def _encode(data: str):
    """The QR symbol for ``data``, encoded once per process.

    Encoding (mask selection) is most of a QR code's cost, and the same addresses are
    encoded for the PDF and the site's print page, for ``qr_svg`` and ``qr_code`` of
    the same story, and on every rebuild of ``voces ver``. The symbol is not changed
    by writing it out, so one object serves every caller.
    """
    return segno.make(data, error="m", micro=False)


def absolute_url(settings, edition_settings, url: str) -> str:
    """SITEURL + url; a placeholder base while SITEURL is empty (local builds)."""
    base = (settings.get("SITEURL") or "").rstrip("/")
    if not base.startswith(("http://", "https://")):
        base = edition_settings["placeholder_siteurl"].rstrip("/")
    return f"{base}/{url.lstrip('/')}"


@functools.lru_cache(maxsize=4096)
def qr_svg(url: str) -> str:
    """An inline SVG (no XML declaration) of a QR code for ``url``.

    Error correction "M" survives a smudged photocopy; a quiet zone of 4 modules is
    what phone readers expect. Black on white: it must photocopy.
    """
    code = _encode(url)
    return code.svg_inline(
        scale=1,
        border=4,
        dark="#000",
        light="#fff",
        omitsize=False,
        title=None,
        svgclass="qr",
        lineclass=None,
    )


#: A phone reads a QR code from a photocopy when the symbol (without its quiet
#: zone) is at least this wide.
MIN_SYMBOL_MM = 25.0
QUIET_ZONE = 4


def shortest(url: str) -> str:
    """The shortest form of a page address that still opens it: no ``index.html``."""
    if url.endswith("/index.html"):
        url = url[: -len("index.html")]
    return url


def qr_code(url: str, min_symbol_mm: float = MIN_SYMBOL_MM) -> dict:
    """A QR code as an image for print (see ``_qr_code``); made once per address."""
    return dict(_qr_code(url, min_symbol_mm))  # a copy: the caller may change it


@functools.lru_cache(maxsize=4096)
def _qr_code(url: str, min_symbol_mm: float) -> dict:
    """A QR code as an image for print: ``{"src", "mm", "modules", "data"}``.

    ``src`` is a ``data:`` URI of an SVG (black on white); ``mm`` the width of the
    image with its quiet zone, so that the symbol itself is ``min_symbol_mm`` wide
    however long the address; ``data`` the address it encodes. Used for every QR
    code of the printed edition (stories, recordings): put it in an ``<img>`` with
    an ``alt`` text, so the tagged PDF describes it.
    """
    data = shortest(url)
    code = _encode(data)
    modules = code.symbol_size(scale=1, border=0)[0]
    svg = code.svg_inline(
        scale=1, border=QUIET_ZONE, dark="#000", light="#fff", omitsize=True, title=None
    )
    if not svg.startswith("<svg"):  # pragma: no cover - segno always starts with it
        raise ValueError("segno")
    svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    if svg.count('xmlns="http://www.w3.org/2000/svg"') > 1:
        svg = svg.replace(' xmlns="http://www.w3.org/2000/svg"', "", 1)
    mm = round(min_symbol_mm * (modules + 2 * QUIET_ZONE) / modules, 1)
    # The size travels inside the image (no style="" attribute: the site's CSP forbids it).
    svg = svg.replace("<svg ", f'<svg width="{mm}mm" height="{mm}mm" ', 1)
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
    return {"src": src, "mm": mm, "modules": modules, "data": data}
