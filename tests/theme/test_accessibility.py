"""WCAG 2.2 A/AA, checked by axe-core in Chromium on the pages readers use most.

axe-core (MPL-2.0) comes inside the ``axe-playwright-python`` test dependency. Only
rules tagged WCAG 2.0/2.1/2.2 A and AA count here; axe's "best-practice" advice (for
instance that the skip link and the quick-exit bar sit outside landmarks, which is
where they belong) is not a WCAG failure.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = [
    "/",
    "/en/",
    "/articulos/lo-que-aprendi-cruzando/",
    "/en/articles/lo-que-aprendi-cruzando/",
    "/secciones/testimonios/",
    "/directorio/",
    "/dibujos/",
    "/ediciones/",
    "/ediciones/01/",
    "/seguridad/",
    "/archivo/",
    "/sobre-nosotras/",
    "/404.html",
]


@pytest.mark.parametrize("width", [360, 1280])
def test_no_wcag_violation(browser, site_server, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    found = {}
    try:
        for path in PAGES:
            page.goto(site_server + path)
            result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
            violations = result.response["violations"]
            if violations:
                found[path] = [
                    (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
                    for v in violations
                ]
    finally:
        context.close()
    assert found == {}, found
