"""The member's path in Debian's Chromium at 360 px, with JavaScript on and off."""

from __future__ import annotations

import json
import re

import pytest
from mailbox_helpers import decrypt_all, jpeg_with_gps, m4a_with_tags

pytestmark = pytest.mark.browser
MARKER = "COLIBRI2291"


@pytest.fixture(scope="module")
def media_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("telefono")
    audio = folder / "Grabacion de voz 001.m4a"
    audio.write_bytes(m4a_with_tags(MARKER))
    photo = folder / "IMG_20261130_101500.jpg"
    photo.write_bytes(jpeg_with_gps(MARKER))
    return audio, photo


def phone(browser, *, javascript: bool):
    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return context, page


def walk(page, link, media_files, shots, name, *, at_welcome=None, at_story=None):
    """The whole path, one screenshot a step; ``at_welcome(page)`` and ``at_story(page)``
    check the welcome page and the story page as they first appear."""
    audio, photo = media_files
    page.goto(link)
    page.screenshot(path=str(shots / f"{name}-0-bienvenida.png"), full_page=True)
    if at_welcome:
        at_welcome(page)
    page.get_by_role("button", name=re.compile("Empezar")).click()
    page.wait_for_url("**/historia")
    if at_story:
        at_story(page)
    page.set_input_files("#grabacion", str(audio))
    page.fill("#texto", f"Llegué con mi hija. {MARKER}-{name}")
    page.screenshot(path=str(shots / f"{name}-1-historia.png"), full_page=True)
    page.get_by_role("button", name=re.compile("Mandar y seguir")).click()
    page.wait_for_url("**/dibujos")
    assert "1 grabación" in page.content()
    page.set_input_files("#fotos", str(photo))
    page.screenshot(path=str(shots / f"{name}-2-dibujos.png"), full_page=True)
    page.get_by_role("button", name=re.compile("Mandar y seguir")).click()
    page.wait_for_url("**/nombre")
    page.fill("#seudonimo", "Colibrí")
    page.screenshot(path=str(shots / f"{name}-3-nombre.png"), full_page=True)
    page.get_by_role("button", name=re.compile("Seguir")).click()
    page.wait_for_url("**/permiso")
    page.get_by_label("En los dos").check()
    page.get_by_label("Sí, estoy de acuerdo").check()
    page.screenshot(path=str(shots / f"{name}-4-permiso.png"), full_page=True)
    page.get_by_role("button", name=re.compile("Mandar mi historia")).click()
    page.wait_for_url("**/listo")
    page.screenshot(path=str(shots / f"{name}-5-listo.png"), full_page=True)
    return page.locator(".recibo").inner_text().strip()


def check_arrived(env, receipt, name):
    files = decrypt_all(env)
    data = json.loads(files[f"{receipt}/datos.json"])
    assert data["seudonimo"] == "Colibrí" and data["alcance"] == "ambos"
    assert f"{MARKER}-{name}" in data["texto"]
    kinds = sorted(f["kind"] for f in data["archivos"])
    assert kinds == ["audio", "foto"]
    for key, value in files.items():
        if key.startswith(receipt) and not key.endswith(".json"):
            assert MARKER.encode() not in value


def tap_targets_are_large(page):
    small = page.evaluate(
        """() => [...document.querySelectorAll('button, a, input[type=radio], ' +
             'input[type=checkbox], label.opcion, input[type=file], input[type=text]')]
          .filter(e => e.offsetParent !== null)
          .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().height])
          .filter(([html, h]) => h < 24)"""
    )
    assert small == []


def large_prompt_button(page):
    """The recorded prompt has its large ▶ button (with JavaScript)."""
    button = page.locator("button.voz-boton")
    assert button.inner_text() == "▶"
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44


def progress_bar_large_targets_no_sideways_scroll(page):
    assert page.locator("form.subir progress").count() == 1
    tap_targets_are_large(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_with_javascript_the_whole_path_uploads_with_progress(
    browser, server, env, media_files, tmp_path
):
    """Also the prompt button and the progress bar as they first appear (this was
    test_the_prompt_button_and_progress_bar_exist_with_javascript, its own walk)."""
    context, page = phone(browser, javascript=True)
    try:
        receipt = walk(
            page,
            server.invite(),
            media_files,
            tmp_path,
            "js",
            at_welcome=large_prompt_button,
            at_story=progress_bar_large_targets_no_sideways_scroll,
        )
        assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", receipt)
        assert page.errors == []
        check_arrived(env, receipt, "js")
    finally:
        context.close()


def test_without_javascript_the_whole_path_still_works(browser, server, env, media_files, tmp_path):
    context, page = phone(browser, javascript=False)
    try:
        receipt = walk(page, server.invite(), media_files, tmp_path, "nojs")
        check_arrived(env, receipt, "nojs")
        # Without JavaScript the prompt is the browser's own audio player.
        page.goto(server.invite())
        assert page.locator("audio.voz[controls]").count() == 1
        tap_targets_are_large(page)
    finally:
        context.close()


def test_a_dropped_upload_is_retried_by_the_page_without_a_duplicate(browser, server, media_files):
    """The server keeps the photo but the answer is lost on the way (slow network): the
    page sends again with the same idempotency token and the photo is kept once."""
    _audio, photo = media_files
    context, page = phone(browser, javascript=True)
    posts = []

    def drop_first_answer(route):
        if route.request.method != "POST":
            route.continue_()
            return
        posts.append(route.request.url)
        if len(posts) == 1:
            route.fetch()  # the server receives and stores it...
            route.abort("connectionreset")  # ...and the phone never hears back
        else:
            route.continue_()

    try:
        page.goto(server.invite())
        page.get_by_role("button", name=re.compile("Empezar")).click()
        page.wait_for_url("**/historia")
        page.goto(server.base + "/dibujos")
        page.route("**/dibujos", drop_first_answer)
        page.set_input_files("#fotos", str(photo))
        page.get_by_role("button", name=re.compile("Mandar y seguir")).click()
        page.wait_for_url("**/nombre", timeout=60_000)
        page.unroute("**/dibujos")
        assert len(posts) == 2  # sent twice...
        page.goto(server.base + "/dibujos")
        text = page.content()
        assert "1 foto" in text and "2 fotos" not in text  # ...kept once
    finally:
        context.close()
