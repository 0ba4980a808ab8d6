"""Colours: every text/background pair the theme uses passes WCAG 2.2 AA.

site.css declares its colours as custom properties in :root and lists the pairs
it uses in a comment (`contrast: --ink on --paper`). This test computes the WCAG
contrast ratio of each pair, and checks that no colour escapes the check by being
written outside :root.
"""

from __future__ import annotations

import re

import pytest
from voces_testing import ROOT

CSS = ROOT / "theme" / "static" / "css" / "site.css"
AA_TEXT = 4.5
AA_NON_TEXT = 3.0  # focus ring (WCAG 1.4.11)


def css_text() -> str:
    return CSS.read_text(encoding="utf-8")


def root_variables(css: str) -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\}", css, re.S)
    assert root, "site.css has no :root block"
    return {
        name: value.strip().lower()
        for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root.group(1))
    }


def declared_pairs(css: str) -> list[tuple[str, str]]:
    return re.findall(r"contrast:\s*(--[\w-]+)\s+on\s+(--[\w-]+)", css)


def rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    assert re.fullmatch(r"[0-9a-f]{6}", value), f"not a #rrggbb colour: {hex_colour}"
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(hex_colour: str) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("fg,bg", declared_pairs(css_text()))
def test_declared_pair_is_readable(fg, bg):
    colours = root_variables(css_text())
    assert fg in colours and bg in colours, f"{fg} or {bg} is not defined in :root"
    ratio = contrast(colours[fg], colours[bg])
    needed = AA_NON_TEXT if fg == "--focus" else AA_TEXT
    assert ratio >= needed, f"{fg} on {bg}: {ratio:.2f}:1 < {needed}:1"


def test_pairs_cover_every_colour_used_for_text():
    css = css_text()
    pairs = declared_pairs(css)
    assert len(pairs) >= 8
    foregrounds = {fg for fg, _ in pairs}
    backgrounds = {bg for _, bg in pairs}
    body = css.split(":root", 1)[1].split("}", 1)[1]
    for used in set(re.findall(r"(?<![-\w])color:\s*var\((--[\w-]+)\)", body)):
        assert used in foregrounds, f"text colour {used} is used but never checked"
    for used in set(re.findall(r"background(?:-color)?:\s*var\((--[\w-]+)\)", body)):
        assert used in backgrounds, f"background {used} is used but never checked"


def test_no_colour_written_outside_root():
    css = css_text()
    body = css.split(":root", 1)[1].split("}", 1)[1]
    # strip comments, then look for literal colours
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    literals = re.findall(r"#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(", body)
    assert not literals, f"colours outside :root escape the contrast check: {literals}"
