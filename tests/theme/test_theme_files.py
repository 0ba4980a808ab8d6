"""The theme's source files: CSP-safe templates, light CSS, self-hosted fonts.

These are cheap checks on the files themselves; what the reader gets is checked
on built sites in test_built_site.py and test_phone.py.
"""

from __future__ import annotations

import re

import pytest
from voces_testing import ROOT

THEME = ROOT / "theme"
TEMPLATES = sorted((THEME / "templates").rglob("*.html"))
CSS = THEME / "static" / "css" / "site.css"
FONTS = THEME / "static" / "fonts"
# Templates written by other parts of the project: checked for CSP safety too,
# but their structure is their owners' business.
OTHERS = {
    "partials/picture.html",
    "partials/quick_exit.html",
    "partials/security_meta.html",
    "partials/preview_banner.html",
    "drawings.html",
    "editions.html",
    "edition.html",
    "edition_print.html",
}


def rel(path):
    return path.relative_to(THEME / "templates").as_posix()


def without_comments(text: str) -> str:
    return re.sub(r"\{#.*?#\}", "", text, flags=re.S)


@pytest.mark.parametrize("template", TEMPLATES, ids=rel)
def test_template_is_csp_safe(template):
    text = without_comments(template.read_text(encoding="utf-8"))
    assert not re.search(r"\sstyle\s*=", text, re.I), 'style="" attribute (CSP forbids it)'
    assert not re.search(r"<style\b", text, re.I), "<style> block (CSP forbids it)"
    for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.I | re.S):
        attrs, body = match.groups()
        assert "src=" in attrs and not body.strip(), f"inline script: {match.group(0)[:80]}"
    assert not re.search(r"\son[a-z]+\s*=", text, re.I), "event handler attribute"
    assert "javascript:" not in text.lower()


@pytest.mark.parametrize("template", TEMPLATES, ids=rel)
def test_template_loads_nothing_from_another_host(template):
    text = without_comments(template.read_text(encoding="utf-8"))
    for tag, attr, url in re.findall(
        r"<(link|script|img|source|iframe|audio|video)\b[^>]*?\b(src|href|srcset)=\"([^\"]*)\"",
        text,
        re.I,
    ):
        assert not re.match(r"(https?:)?//", url.strip()), f"<{tag} {attr}> loads {url}"


@pytest.mark.parametrize("template", [t for t in TEMPLATES if rel(t) not in OTHERS], ids=rel)
def test_theme_template_has_no_author_link_and_named_blocks(template):
    text = without_comments(template.read_text(encoding="utf-8"))
    assert not re.search(r"author\.url|author\.slug|AUTHOR_URL|authors", text), (
        "link to author pages (they would tie one woman's stories together)"
    )
    assert not re.search(r"\{%-?\s*endblock\s*-?%\}", text), "close blocks by name"
    assert not re.search(r"\{\{\s*[^}]*\bauthor\b[^}]*\}\}\s*</a>", text), "author as link text"


def test_base_has_the_contract_hooks():
    base = (THEME / "templates" / "base.html").read_text(encoding="utf-8")
    order = [
        base.index('<meta charset="utf-8">'),
        base.index("partials/security_meta.html"),
        base.index('<link rel="stylesheet"'),
        base.index("{% block extra_head %}"),
        base.index("<body>"),
        base.index("partials/quick_exit.html"),
        base.index("partials/preview_banner.html"),
        base.index('<main id="contenido"'),
    ]
    assert order == sorted(order)
    # The security parts are required: a theme without them does not build.
    for partial in ("security_meta", "quick_exit"):
        assert f'{{% include "partials/{partial}.html" %}}' in base
    assert '{% include "partials/preview_banner.html" ignore missing %}' in base
    assert '<html lang="{{ lang }}">' in base and "current_lang()" in base


def test_css_weight_and_readable_sizes():
    css = CSS.read_text(encoding="utf-8")
    # 18 KB (~4.6 KB gzipped): issue 12 added the help box, topic index, search and
    # share rules to the one stylesheet every page already loads.
    assert len(css.encode()) < 18_000, f"site.css is {len(css.encode())} bytes (budget 18 KB)"
    body = re.search(r"\nbody\s*\{(.*?)\}", css, re.S).group(1)
    size = re.search(r"font:\s*\d+\s+([\d.]+)rem", body).group(1)
    assert float(size) * 16 >= 18, f"body text is {float(size) * 16}px, needs >= 18px"
    assert re.search(r"--measure:\s*3[0-6]em", css), "lines must stay short (~34em)"
    assert re.search(r"--tap:\s*2\.75rem", css), "tap targets 44px"
    assert ":focus-visible" in css and "outline: 3px" in css, "visible focus"
    assert "@import" not in css


def test_fonts_are_self_hosted_latin_woff2_and_credited():
    css = CSS.read_text(encoding="utf-8")
    # The site uses the *-web files (cut to Spanish and English characters by
    # scripts/subset_fonts.py, issue 12); the full Latin files stay for print.
    files = sorted(FONTS.glob("*-web.woff2"))
    assert 2 <= len(files) <= 4
    total = sum(f.stat().st_size for f in files)
    assert total < 60_000, f"web fonts weigh {total} bytes (budget ~60 KB, ~36 KB a visit)"
    assert all("-latin-" in f.name for f in FONTS.glob("*.woff2"))
    faces = re.findall(r"@font-face\s*\{(.*?)\}", css, re.S)
    assert len(faces) == len(files)
    for face in faces:
        assert "font-display: optional" in face  # no layout shift when a font arrives
        assert "-web.woff2" in face
        url = re.search(r"url\(\"?([^\")]+)\"?\)", face).group(1)
        assert not re.match(r"(https?:)?//", url)
        assert (CSS.parent / url).resolve().exists(), f"{url} does not exist"
    for licence in ("LICENSE-atkinson-hyperlegible.txt", "LICENSE-source-serif-4.txt"):
        text = (FONTS / licence).read_text(encoding="utf-8")
        assert "SIL OPEN FONT LICENSE Version 1.1" in text
    assert (ROOT / "scripts" / "fetch_fonts.sh").exists()
