"""WCAG 2.2 A/AA, checked by axe-core in Chromium on the pages readers use most.

axe-core (MPL-2.0) comes inside the ``axe-playwright-python`` test dependency. Only
rules tagged WCAG 2.0/2.1/2.2 A and AA count here; axe's "best-practice" advice (for
instance that the skip link and the quick-exit bar sit outside landmarks, which is
where they belong) is not a WCAG failure.

The English front page and the English article are not run through axe: each is the
same template as its Spanish page, with the same components (elements, classes, ARIA
and language attributes) under the same style sheets; only the words and ``lang``
differ. test_english_pages_have_the_components_of_the_checked_spanish_ones keeps that
true (it fails when an English page gains a component, which then needs its own axe
run), and checks their ``lang``.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = [
    "/",
    "/articulos/lo-que-aprendi-cruzando/",
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
#: Only violations are reported in full (axe's own default, which options= replaces):
#: every node of every violation is still listed, but axe no longer serialises each
#: element that passed (~30% of each run).
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
#: English page -> the Spanish page checked by axe in its place.
SAME_COMPONENTS = {
    "/en/": "/",
    "/en/articles/lo-que-aprendi-cruzando/": "/articulos/lo-que-aprendi-cruzando/",
}


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
            result = axe.run(page, options=OPTIONS)
            violations = result.response["violations"]
            if violations:
                found[path] = [
                    (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
                    for v in violations
                ]
    finally:
        context.close()
    assert found == {}, found


class Components(HTMLParser):
    """What a page is made of, whatever its words: each element with its classes and
    its ARIA, role, language and text attributes (with their values, except where a
    translation changes them: words, and the language itself)."""

    VALUES = frozenset({"role", "tabindex", "type", "loading", "aria-hidden"})
    NAMES = frozenset({"lang", "hreflang", "alt", "title"})  # language, or words

    def __init__(self, text):
        super().__init__()
        self.found = set()
        self.lang = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        classes = tuple(sorted((attrs.get("class") or "").split()))
        values = tuple(sorted((k, attrs[k]) for k in self.VALUES & set(attrs)))
        names = tuple(sorted(k for k in attrs if k in self.NAMES or k.startswith("aria-")))
        self.found.add((tag, classes, values, names))


def test_english_pages_have_the_components_of_the_checked_spanish_ones(sample_site):
    def components(path):
        return Components((sample_site / path.strip("/") / "index.html").read_text("utf-8"))

    for english, spanish in SAME_COMPONENTS.items():
        assert spanish in PAGES
        en, es = components(english), components(spanish)
        assert (en.lang, es.lang) == ("en", "es")
        assert en.found == es.found, (english, en.found ^ es.found)
