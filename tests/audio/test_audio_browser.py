"""In Chromium at 360 px: the player works with JavaScript off, nothing is downloaded
before play, the "Escuchar" button plays the narration, the phone's voice is offered
only when it speaks the page's language, and the quick exit silences everything."""

from __future__ import annotations

import json
import shutil

import pytest
from audio_fixtures import build, consented_story, mp3, shared_cache, story, voice_note_ogg
from voces_testing import serve_directory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg no está instalado"),
]

BODY = "Primer párrafo de la historia.\n\nSegundo párrafo, más largo, para leer en voz alta."


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("audio-browser")
    content = root / "content"
    (content / "audio").mkdir(parents=True)
    voice_note_ogg(content / "audio" / "nota.ogg")
    (content / "audio" / "nota.ogg.txt").write_text("Lo que se oye.", encoding="utf-8")
    mp3(content / "audio" / "lectura.mp3", seconds=4)
    consented_story(content, "con-grabacion", "audio/nota.ogg")
    story(content, "narrada", BODY, section="salud", narración="audio/lectura.mp3")
    story(content, "sin-audio", BODY, section="salud")
    story(content, "sin-audio", "First paragraph.", section="salud", lang="en")
    out = root / "output"
    build(content, out, shared_cache())  # the tests play the site, not the cache
    server, base = serve_directory(out)
    yield base
    server.shutdown()


def new_page(browser, *, javascript=True, voices=None):
    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
    )
    # Never leave 127.0.0.1 (the quick exit goes to a weather site).
    context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    if voices is not None:
        page.spoken, page.cancels = [], []
        page.expose_function("vocesSpoke", lambda text, lang: page.spoken.append((text, lang)))
        page.expose_function("vocesCancel", lambda: page.cancels.append(1))
        page.add_init_script(fake_speech(voices))
    return page


def fake_speech(voices):
    """A speechSynthesis with the given voices that reports what it is asked to say."""
    return """
    (() => {
      const voices = %s.map(([name, lang]) => ({name, lang, localService: true}));
      const synth = {
        getVoices: () => voices,
        speak: (u) => window.vocesSpoke(u.text, u.voice ? u.voice.lang : ""),
        cancel: () => window.vocesCancel(),
        addEventListener: () => {},
      };
      Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
      window.SpeechSynthesisUtterance = function (text) { this.text = text; };
    })();
    """ % json.dumps(voices)


def audio_requests(page):
    return [u for u in page.requests if "/audio/" in u]


def test_player_works_with_javascript_off_and_fetches_nothing_before_play(browser, served):
    page = new_page(browser, javascript=False)
    page.goto(f"{served}/articulos/con-grabacion/", wait_until="networkidle")
    assert not [u for u in page.requests if u.endswith(".js")], "no script runs"
    player = page.locator("audio.player")
    player.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    assert audio_requests(page) == [], "nothing is downloaded before the reader presses play"
    box = player.bounding_box()
    assert box["width"] >= 280 and box["height"] >= 40, box  # big enough to tap
    page.screenshot(path=str(served_shot(served, "con-grabacion-sin-js.png")))
    # The native play button is at the left end of the control bar.
    with page.expect_response(lambda r: "/audio/" in r.url) as response:
        page.mouse.click(box["x"] + 20, box["y"] + box["height"] / 2)
    assert response.value.status in (200, 206)
    assert response.value.url.endswith(".ogg")  # Opus first
    # It plays: time moves (read with evaluate: with scripts off, no in-page polling).
    played = 0.0
    for _ in range(60):
        page.wait_for_timeout(250)
        played = page.evaluate("() => document.querySelector('audio.player').currentTime")
        if played > 0:
            break
    assert played > 0
    assert page.evaluate("() => document.querySelector('audio.player').error") is None


def until(page, condition, seconds=30):
    """Wait until ``condition()`` is true, letting the page's callbacks run: a deadline,
    not a measured time, so a loaded machine is never a failure."""
    for _ in range(seconds * 10):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s")


def served_shot(served, name):
    from pathlib import Path

    folder = Path("/tmp/voces-audio-shots")
    folder.mkdir(exist_ok=True)
    return folder / name


def test_listen_page_fetches_nothing_before_play(browser, served):
    page = new_page(browser)
    page.goto(f"{served}/escuchar/", wait_until="networkidle")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(500)
    assert page.locator("audio").count() == 2
    assert audio_requests(page) == []
    assert page.errors == []


def test_escuchar_button_plays_the_narration(browser, served):
    page = new_page(browser)
    page.goto(f"{served}/articulos/narrada/", wait_until="networkidle")
    assert audio_requests(page) == []
    button = page.get_by_role("button", name="Escuchar")
    with page.expect_response(lambda r: "/audio/" in r.url):
        button.click()
    page.wait_for_function("() => !document.querySelector('#narracion audio').paused")
    assert button.get_attribute("aria-pressed") == "true"
    assert page.url.endswith("/articulos/narrada/")  # played in place, no jump
    button.click()
    page.wait_for_function("() => document.querySelector('#narracion audio').paused")
    assert page.errors == []


def test_without_a_spanish_voice_there_is_no_read_aloud_button(browser, served):
    page = new_page(browser, voices=[["Samantha", "en-US"], ["Daniel", "en-GB"]])
    page.goto(f"{served}/articulos/sin-audio/", wait_until="networkidle")
    assert page.locator(".listen-tts").is_hidden()
    assert page.get_by_role("button", name="Escuchar").count() == 0
    assert page.errors == []


def test_no_speech_synthesis_at_all_leaves_the_page_as_it_is(browser, served):
    page = new_page(browser)
    page.add_init_script("delete window.speechSynthesis;")
    page.goto(f"{served}/articulos/sin-audio/", wait_until="networkidle")
    assert page.locator(".listen-tts").is_hidden()
    assert page.errors == []


def test_read_aloud_uses_a_spanish_voice_paragraph_by_paragraph_and_quick_exit_silences_it(
    browser, served
):
    """Also the quick exit while she listens (this was test_quick_exit_silences_the_voice,
    its own page with one Spanish voice)."""
    page = new_page(
        browser, voices=[["Samantha", "en-US"], ["Paulina", "es-MX"], ["Mónica", "es-ES"]]
    )
    page.goto(f"{served}/articulos/sin-audio/", wait_until="networkidle")
    button = page.locator(".listen-tts__button")
    assert button.is_visible() and button.text_content().strip() == "Escuchar"
    page.screenshot(path=str(served_shot(served, "sin-audio-voz.png")))
    page.get_by_role("button", name="Escuchar").click()  # by role and name, one button
    until(page, lambda: len(page.spoken) >= 2)
    assert page.spoken == [
        ("Primer párrafo de la historia.", "es-MX"),
        ("Segundo párrafo, más largo, para leer en voz alta.", "es-MX"),
    ]
    assert button.text_content().strip() == "Parar"  # she is listening
    before = len(page.cancels)
    page.keyboard.press("Escape")
    until(page, lambda: len(page.cancels) > before)


def test_english_page_reads_only_with_an_english_voice(browser, served):
    page = new_page(browser, voices=[["Paulina", "es-MX"]])
    page.goto(f"{served}/en/articles/sin-audio/", wait_until="networkidle")
    assert page.locator(".listen-tts").is_hidden()  # never a Spanish voice for English
