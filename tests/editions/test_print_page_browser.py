"""The printable page of an edition, opened and printed (Ctrl+P) in Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_printable_page_prints_from_the_browser_without_other_hosts(
    phone_page, site_server, tmp_path
):
    page = phone_page
    page.goto(f"{site_server}/ediciones/01/imprimir/")
    assert "En este número" in page.inner_text("body")
    assert page.locator("svg.qr, .qr-code svg").count() >= 1
    page.emulate_media(media="print")
    # the screen-only help line disappears on paper
    assert not page.locator(".print-help").is_visible()
    pdf = tmp_path / "ctrl-p.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    from pypdf import PdfReader

    printed = PdfReader(pdf)
    box = printed.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # Carta
    assert len(printed.pages) >= 4
    assert page.console_errors == []
    hosts = {url.split("/")[2] for url in page.requested_urls if "://" in url}
    assert hosts == {site_server.split("/")[2]}
