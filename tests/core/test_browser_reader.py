"""What a reader on a 360 px phone sees, in Debian's Chromium (Playwright)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from voces_testing import ROOT

pytestmark = pytest.mark.browser


def translated_slug():
    for path in sorted((ROOT / "content").glob("*/*.en.md")):
        if path.parts[-2] == "paginas":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("slug:"):
                return line.split(":", 1)[1].strip()
    pytest.fail("the sample content has no translated article")


def check_page(page, base, path):
    response = page.goto(base + path, wait_until="networkidle")
    assert response and response.ok, f"{path}: {response and response.status}"
    assert page.console_errors == [], f"{path}: console errors {page.console_errors}"
    hosts = {
        urlparse(u).netloc for u in page.requested_urls if urlparse(u).scheme in ("http", "https")
    }
    assert hosts == {urlparse(base).netloc}, f"{path}: requests to {hosts}"
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path}: horizontal scroll of {overflow}px at 360 px"
    page.requested_urls.clear()


def test_home_loads_cleanly_on_a_phone(phone_page, site_server):
    check_page(phone_page, site_server, "/")
    assert phone_page.locator("h1, h2").first.is_visible()


def test_article_and_translation_switch_languages(phone_page, site_server):
    slug = translated_slug()
    check_page(phone_page, site_server, f"/articulos/{slug}/")
    assert phone_page.evaluate("document.documentElement.lang") == "es"
    phone_page.locator('a[hreflang="en"]').first.click()
    phone_page.wait_for_load_state("networkidle")
    assert phone_page.url.endswith(f"/en/articles/{slug}/")
    assert phone_page.evaluate("document.documentElement.lang") == "en"
    check_page(phone_page, site_server, f"/en/articles/{slug}/")
    phone_page.locator('a[hreflang="es"]').first.click()
    phone_page.wait_for_load_state("networkidle")
    assert phone_page.url.endswith(f"/articulos/{slug}/")


@pytest.mark.parametrize(
    "path", ["/en/", "/secciones/salud/", "/directorio/", "/archivo/", "/sobre-nosotras/"]
)
def test_other_pages_fit_a_phone(phone_page, site_server, path):
    check_page(phone_page, site_server, path)


def test_pages_work_without_javascript(browser, site_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 640})
    page = context.new_page()
    page.goto(site_server + "/")
    links = page.locator("main a[href*='/articulos/']")
    assert links.count() >= 5
    links.first.click()
    page.wait_for_load_state()
    assert "/articulos/" in page.url
    assert page.locator("main h1").first.is_visible()
    context.close()
