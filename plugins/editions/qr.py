"""QR codes (segno) that take a printed article's reader to its web page."""

import segno


def absolute_url(settings, edition_settings, url: str) -> str:
    """SITEURL + url; a placeholder base while SITEURL is empty (local builds)."""
    base = (settings.get("SITEURL") or "").rstrip("/")
    if not base.startswith(("http://", "https://")):
        base = edition_settings["placeholder_siteurl"].rstrip("/")
    return f"{base}/{url.lstrip('/')}"


def qr_svg(url: str) -> str:
    """An inline SVG (no XML declaration) of a QR code for ``url``.

    Error correction "M" survives a smudged photocopy; a quiet zone of 4 modules is
    what phone readers expect. Black on white: it must photocopy.
    """
    code = segno.make(url, error="m", micro=False)
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
