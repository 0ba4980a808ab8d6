"""Salir rápido / Quick exit: on every page, works as a plain link, and with JavaScript
hides the page at once and replaces it so Back does not return.

Browser tests drive Debian's Chromium over 127.0.0.1 (conftest fixtures ``browser`` and
``site_server``); every request to another host is intercepted: the exit address gets a
small local "weather" page, anything else is refused and makes the test fail.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from voces_testing import ROOT, run_build

DEFAULT_EXIT = "https://www.accuweather.com/es/mx/tapachula/"
WEATHER = (
    "<!DOCTYPE html><html lang='es'><meta charset='utf-8'><title>Clima</title>"
    "<h1>Clima en Tapachula</h1><p>Soleado, 31 °C</p></html>"
)
LINK = re.compile(r'<a class="quick-exit"[^>]*>')
# bytes, uncompressed: the exit also empties caches, service worker and storage, and
# links inside the site replace the history entry (issue 12): ~1.2 KB gzipped.
JS_BUDGET = 4096


def first_article(site) -> str:
    found = sorted(site.glob("articulos/*/index.html"))
    assert found, "the sample site has no article"
    return "/" + found[0].parent.relative_to(site).as_posix() + "/"


# --- in every page, without a browser ----------------------------------------------------


def test_every_page_has_the_quick_exit_link_first_in_body(sample_site):
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(sample_site)
        links = LINK.findall(text)
        assert len(links) == 1, f"{rel}: {len(links)} quick exit links"
        assert f'href="{DEFAULT_EXIT}"' in links[0], rel
        assert re.search(r'rel="[^"]*\bnoreferrer\b', links[0]), rel
        body = text[text.index("<body") :]
        before = re.sub(r"<link [^>]*>|<body[^>]*>|\s", "", body[: body.index(links[0])])
        assert before == "", f"{rel}: something comes before the quick exit link: {before[:80]}"
        assert re.search(r'<script src="[^"]*/theme/js/quick-exit\.js" defer></script>', text)


def test_link_text_is_spanish_and_english(sample_site):
    es = sample_site / "index.html"
    en = sample_site / "en" / "index.html"
    assert re.search(r'class="quick-exit"[^>]*>Salir rápido<', es.read_text(encoding="utf-8"))
    assert re.search(r'class="quick-exit"[^>]*>Quick exit<', en.read_text(encoding="utf-8"))


def test_script_is_tiny():
    size = (ROOT / "theme" / "static" / "js" / "quick-exit.js").stat().st_size
    assert size < JS_BUDGET, f"quick-exit.js is {size} bytes (budget {JS_BUDGET})"


def small_site(tmp_path):
    content = tmp_path / "content"
    (content / "salud").mkdir(parents=True)
    (content / "salud" / "a.md").write_text(
        "título: A\nfecha: 2026-11-01\nautora: Lucero\nestado: publicado\nslug: a\n\nTexto.\n",
        encoding="utf-8",
    )
    return content


def test_exit_address_is_configurable(tmp_path):
    out = tmp_path / "output"
    run_build(
        small_site(tmp_path),
        out,
        extra={"SAFETY": {"quick_exit_url": "https://clima.example/tapachula"}},
    )
    link = LINK.search((out / "articulos" / "a" / "index.html").read_text(encoding="utf-8"))
    assert 'href="https://clima.example/tapachula"' in link.group(0)


@pytest.mark.parametrize("bad", ["http://clima.example/", "clima.example", "javascript:alert(1)"])
def test_exit_address_must_be_a_full_https_address(tmp_path, bad):
    proc = run_build(
        small_site(tmp_path),
        tmp_path / "output",
        check=False,
        extra={"SAFETY": {"quick_exit_url": bad}},
        env={"COLUMNS": "1000"},
    )
    log = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0
    assert "no es una dirección https:// completa" in log
    assert "is not a full https:// address" in log
    assert not (tmp_path / "output" / "index.html").exists()


# --- in Chromium ---------------------------------------------------------------------------


class Guard:
    """Route every request: the site goes through, the exit address gets WEATHER, and
    anything else is refused and recorded."""

    def __init__(self, context, base, exit_url):
        self.base, self.exit_url = base, exit_url
        self.exit_referers, self.foreign = [], []
        context.route("**/*", self.handle)

    def handle(self, route):
        url = route.request.url
        if url.startswith(self.base + "/"):
            route.continue_()
        elif urlsplit(url).netloc == urlsplit(self.exit_url).netloc:
            self.exit_referers.append(route.request.header_value("referer"))
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=WEATHER)
        else:
            self.foreign.append(url)
            route.abort()


@pytest.fixture
def phone(browser, site_server, sample_site):
    """Open a 360x640 phone context; yields (page, guard, article_url, home_url)."""
    contexts = []

    def open_(javascript=True, clock=False):
        context = browser.new_context(
            viewport={"width": 360, "height": 640}, java_script_enabled=javascript
        )
        contexts.append(context)
        guard = Guard(context, site_server, DEFAULT_EXIT)
        page = context.new_page()
        if clock:
            page.clock.install()
        home = site_server + "/"
        article = site_server + first_article(sample_site)
        page.goto(home)
        page.goto(article)
        return page, guard, article, home

    yield open_
    for context in contexts:
        context.close()


def assert_stayed(page, article):
    page.wait_for_timeout(400)
    assert page.url == article
    assert page.evaluate("document.documentElement.hidden") is False


def assert_left_for_good(page, guard, home, article):
    page.wait_for_url(DEFAULT_EXIT)
    assert "Clima en Tapachula" in page.content()
    page.go_back()
    assert page.url != article, "Back returned to the article"
    assert page.url == home
    assert guard.exit_referers and all(ref is None for ref in guard.exit_referers), (
        f"the exit request carried a Referer: {guard.exit_referers}"
    )
    assert guard.foreign == [], f"contacted other hosts: {guard.foreign}"


@pytest.mark.browser
def test_link_is_visible_at_the_top_of_a_phone_screen_even_after_scrolling(phone):
    page, guard, article, _ = phone()
    link = page.locator("a.quick-exit")
    box = link.bounding_box()
    assert box["y"] < 2 and box["height"] >= 44 and box["width"] >= 300, box
    page.mouse.wheel(0, 3000)
    page.wait_for_function("() => window.scrollY > 500")  # the scroll happened, however slow
    box = link.bounding_box()
    assert 0 <= box["y"] < 2, f"not sticky: {box}"
    colors = page.evaluate("""() => { const s = getComputedStyle(document.querySelector(
        'a.quick-exit')); return [s.color, s.backgroundColor]; }""")
    assert colors == ["rgb(255, 255, 255)", "rgb(138, 11, 31)"], colors
    assert guard.foreign == []


@pytest.mark.browser
def test_click_hides_the_page_at_once_and_back_does_not_return(phone):
    page, guard, article, home = phone()
    # Click, then look at the page in the same task: before the weather site can answer,
    # the article must already be gone from the screen.
    state = page.evaluate("""() => {
        document.querySelector('a.quick-exit').click();
        return {hidden: document.documentElement.hidden,
                text: document.body.textContent.trim(), title: document.title};
    }""")
    assert state == {"hidden": True, "text": "", "title": ""}, state
    assert_left_for_good(page, guard, home, article)


@pytest.mark.browser
def test_real_tap_on_the_button_exits(phone):
    page, guard, article, home = phone()
    page.locator("a.quick-exit").click()
    assert_left_for_good(page, guard, home, article)


@pytest.mark.browser
def test_shift_three_times_exits(phone):
    page, guard, article, home = phone()
    for _ in range(3):
        page.keyboard.press("Shift")
    assert_left_for_good(page, guard, home, article)


@pytest.mark.browser
def test_escape_exits(phone):
    page, guard, article, home = phone()
    page.keyboard.press("Escape")
    assert_left_for_good(page, guard, home, article)


@pytest.mark.browser
def test_typing_capital_letters_does_not_exit(phone):
    page, guard, article, _ = phone()
    for key in ("Shift+KeyH", "KeyO", "Shift+KeyA", "Shift+KeyN", "Shift+KeyA"):
        page.keyboard.press(key)
    assert_stayed(page, article)
    # Two lone Shifts, then a capital letter: the count starts over.
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+KeyA")
    page.keyboard.press("Shift")
    assert_stayed(page, article)
    assert guard.exit_referers == []


@pytest.mark.browser
def test_three_shifts_spread_over_more_than_five_seconds_do_not_exit(phone):
    page, guard, article, home = phone(clock=True)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.fast_forward(5100)
    page.keyboard.press("Shift")
    assert_stayed(page, article)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")  # three within five seconds now
    assert_left_for_good(page, guard, home, article)


@pytest.mark.browser
def test_without_javascript_the_link_still_leaves_without_referer(phone):
    page, guard, article, _ = phone(javascript=False)
    page.locator("a.quick-exit").click()
    page.wait_for_url(DEFAULT_EXIT)
    assert "Clima en Tapachula" in page.content()
    assert guard.exit_referers == [None], f"Referer sent: {guard.exit_referers}"
    assert guard.foreign == []
