"""Red team (review): the four speed changes of 1 Dec 2026 (4790a0e, e7f23e8, ffee5d0,
3c98a6d).

1. Cached files linked, not copied, into the site (``core.cache_files.link_or_copy``;
   the images generator, whose ``ImageCache`` now trusts a file it verified earlier in
   the build while its inode, size and date stay the same; the kept search index).
2. The section bar and the footer made once per build (``fragment``).
3. The help links and the acronyms return early when nothing matches the whole HTML.

Two holes are kept here as strict ``xfail`` tests (see their reasons); every other test
is an attack that did not succeed, asserting what a reader would see.

One small bilingual site (readers_helpers' stories, one drawing) is built twice: once as
it is and once with ``fragment`` turned off (the bar and the footer rendered for every
page, as before ffee5d0). The second build is warm: its drawing's variants and its
search index are linked from the caches of the first.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import os
import random
import re
import shutil
from pathlib import Path

import pytest
from image_fixtures import drawing
from readers_helpers import make_content
from voces_testing import run_build

from voces_plugins.bilingual import bilingual
from voces_plugins.core.html_text import rewrite_text
from voces_plugins.directory import help as help_links
from voces_plugins.directory.loader import load_directory
from voces_plugins.reading import glossary

ROOT = Path(__file__).resolve().parents[2]
DRAWN = {
    "comunidad/dibujada.md": (
        {
            "título": "Un dibujo de la plaza",
            "fecha": "2026-10-10",
            "autora": "Lucero",
            "etiquetas": "comunidad",
            "resumen": "La plaza de noche.",
            "estado": "publicado",
            "slug": "dibujada",
        },
        "![La plaza de noche](dibujos/plaza.jpg)\n\nLa plaza de noche.",
    ),
    "comunidad/dibujada.en.md": (
        {
            "title": "A drawing of the square",
            "date": "2026-10-10",
            "author": "Lucero",
            "tags": "community",
            "summary": "The square at night.",
            "status": "published",
            "lang": "en",
            "slug": "dibujada",
        },
        "![The square at night](dibujos/plaza.jpg)\n\nThe square at night.",
    ),
}


def _settings(root: Path, images: Path | None = None) -> dict:
    """Every cache of these builds in ``root`` (never the test worker's own)."""
    return {
        "VOCES_CACHE": str(root / "cache"),
        "CACHE_PATH": str(root / "cache" / "pelican"),
        "IMAGES": {"cache_dir": str(images or root / "cache" / "images")},
    }


def _build(content: Path, out: Path, root: Path, check=True, **more):
    return run_build(content, out, extra={**_settings(root), **more}, check=check, verbose=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(root, content, built as it is, built with ``fragment`` off)."""
    root = tmp_path_factory.mktemp("speed")
    content = make_content(root, DRAWN)
    (content / "dibujos").mkdir()
    drawing(size=(480, 360), seed=7).save(content / "dibujos" / "plaza.jpg", "JPEG", quality=85)
    _build(content, root / "uno", root)

    real = bilingual.install

    def without_fragment(env, settings, catalogs):
        real(env, settings, catalogs)
        env.globals["fragment"] = lambda name, *parts, caller: caller()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bilingual, "install", without_fragment)
        said = _build(content, root / "dos", root).stdout
    assert "índice de Pagefind reutilizado" in said  # the same HTML: the index was linked
    return root, content, root / "uno", root / "dos"


def _pages(out: Path) -> dict:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml")
    }


def _nav(text: str) -> str:
    start = text.index('class="sections-nav"')
    return text[start : text.index("</nav>", start)]


def _footer(text: str) -> str:
    start = text.index('<footer class="site-footer"')
    return text[start : text.index("</footer>", start)]


def _index_text(out: Path) -> str:
    texts = []
    for path in (out / "pagefind").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            texts.append(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    return b"\n".join(texts).decode("utf-8", errors="replace")


# -- 2. The section bar and the footer, made once ----------------------------------


def test_every_page_and_feed_is_the_same_as_with_bar_and_footer_made_for_each_page(site):
    """Stories, translations, English listings, the gallery, the topics, the search
    page, the directory: byte for byte what the templates make without ``fragment``."""
    _root, _content, uno, dos = site
    made_once, made_each = _pages(uno), _pages(dos)
    assert made_once.keys() == made_each.keys()
    assert len(made_once) > 30
    assert any(name.startswith(("dibujos/", "en/drawings/")) for name in made_once)
    different = [name for name in made_once if made_once[name] != made_each[name]]
    assert different == []


def test_a_rebuild_in_the_same_process_drops_withdrawn_sections_and_shows_a_new_page(
    site, tmp_path
):
    """``voces ver`` rebuilds in its own process: the bar and the footer of the second
    build follow the content of the second build, in both languages."""
    root, content, uno, _dos = site
    copy = tmp_path / "content"
    shutil.copytree(content, copy)
    out = tmp_path / "vista"
    _build(copy, out, root)
    spanish = (out / "index.html").read_text(encoding="utf-8")
    english = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert 'href="/secciones/testimonios/"' in _nav(spanish)
    assert 'href="/secciones/comunidad/"' in _nav(spanish)
    assert 'href="/en/sections/community/"' in _nav(english)
    assert "sobre-nosotras" not in _footer(spanish) + _footer(english)

    # Withdrawn: the only story of two sections (one with its English translation).
    for name in ("testimonios/camino.md", "comunidad/dibujada.md", "comunidad/dibujada.en.md"):
        story = copy / name
        text = story.read_text(encoding="utf-8")
        story.write_text(
            re.sub(r"(?m)^(estado|status): .*$", r"\1: retirado", text), encoding="utf-8"
        )
    for name in ("sobre-nosotras.md", "sobre-nosotras.en.md"):  # a page added
        shutil.copy(ROOT / "content" / "paginas" / name, copy / "paginas" / name)
    _build(copy, out, root)

    pages = [p for p in out.rglob("*.html") if "sections-nav" in p.read_text(encoding="utf-8")]
    assert len(pages) > 20
    langs = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="(\w+)"', text).group(1)
        langs.add(lang)
        links = re.findall(r'<a href="([^"]*)"', _nav(text))
        assert links and not [u for u in links if "testimon" in u or "comunid" in u], page
        assert [u for u in links if u.startswith("/en/")] == (links if lang == "en" else [])
        about = "/en/sobre-nosotras/" if lang == "en" else "/sobre-nosotras/"
        assert f'href="{about}"' in _footer(text), page
    assert langs == {"es", "en"}
    assert not (out / "secciones" / "comunidad").exists()
    assert not (out / "en" / "sections" / "community").exists()
    assert "cocuyo" not in _index_text(out)  # the withdrawn story left the index too
    assert "cocuyo" in _index_text(uno)


# -- 1. Cached files linked into the site ------------------------------------------


def _damage_in_place(cache_root: Path):
    """A receiver that damages, in place, every cached variant under ``cache_root``
    (one byte, in the middle), keeping each file's size and date (as ``cp -p``,
    ``rsync --inplace -t`` or ``exiftool -P -overwrite_original_in_place`` do). Sent
    once the articles are written: after the images generator verified its variants
    (``prepare``), before it places them (``generate_output``)."""
    damaged = {}

    def damage(sender, **_ignored):
        for path in sorted(cache_root.rglob("*")):
            if not path.is_file() or path.suffix == ".json":
                continue
            stat = path.stat()
            with open(path, "r+b") as fh:
                fh.seek(stat.st_size // 2)
                byte = fh.read(1)
                fh.seek(stat.st_size // 2)
                fh.write(bytes([byte[0] ^ 0x55]))
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            damaged[path] = hashlib.sha256(path.read_bytes()).hexdigest()

    return damage, damaged


def test_a_variant_damaged_in_place_with_its_date_kept_never_reaches_the_site(site, tmp_path):
    from pelican import signals

    root, content, _uno, _dos = site
    cache = tmp_path / "imagenes"
    shutil.copytree(root / "cache" / "images", cache, copy_function=shutil.copy2)
    damage, damaged = _damage_in_place(cache)
    signals.article_writer_finalized.connect(damage)
    try:
        built = run_build(
            content,
            tmp_path / "out",
            extra=_settings(root, images=cache),
            check=False,
        )
    finally:
        signals.article_writer_finalized.disconnect(damage)
    assert damaged  # the drawing's variants were verified, then damaged
    placed = {hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.glob("out/imagenes/*")}
    assert not placed & set(damaged.values()), "a damaged variant was published"
    assert built.returncode != 0  # as before: "la caché de imágenes cambió..."


@pytest.mark.xfail(
    strict=True,
    reason="ACCEPTED TRADE (4790a0e, docs/ARCHITECTURE.md 'Caches between builds'): a "
    "published site shares its drawings' variants and its search index with the caches "
    "(hard links; 0.3 s of every warm build): a cache file damaged in place after the "
    "build changes output/ with no check, and a tool that edits output/ in place changes "
    "the cache (refused by the next build's SHA-256 check, then made again). Nothing in "
    "the project writes a file in place; every file placed was hashed as it was placed.",
)
def test_a_published_site_does_not_change_when_a_cache_file_is_damaged(site):
    root, _content, _uno, dos = site
    published = {p: p.read_bytes() for p in (dos / "imagenes").glob("*")}
    published.update({p: p.read_bytes() for p in (dos / "pagefind").rglob("*") if p.is_file()})
    kept = [
        p
        for p in [*(root / "cache" / "images").rglob("*"), *(root / "cache" / "search").rglob("*")]
        if p.is_file() and p.suffix != ".json"
    ]
    assert kept
    originals = {p: p.read_bytes() for p in kept}
    try:
        for path in kept:  # a hand edit, in place
            path.write_bytes(b"otra cosa" + originals[path][9:])
        changed = [
            str(p.relative_to(dos)) for p, data in published.items() if p.read_bytes() != data
        ]
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
    assert changed == []


# -- 3. Help links and acronyms: the early return ----------------------------------


def _old_link_help(html, directory, directory_url, lang="es"):
    """link_help as it was before e7f23e8 (no early return)."""
    if not html:
        return html
    patterns = help_links._patterns(directory, lang)
    linked_directory = not directory_url

    def change(part):
        nonlocal linked_directory
        for regex, kind, value in sorted(patterns, key=lambda p: p[1] == "directory"):
            if kind == "directory":
                if linked_directory:
                    continue
                part, count = regex.subn(
                    lambda m: f'<a href="{directory_url}">{m.group(0)}</a>', part, count=1
                )
                linked_directory = bool(count)
            else:
                part = regex.sub(lambda m, v=value: f'<a href="tel:{v}">{m.group(0)}</a>', part)
        return part

    return rewrite_text(html, help_links._NO_TOUCH, change)


def _old_explain(content, lang="es"):
    """glossary.explain as it was before e7f23e8 (no early return)."""
    if not content:
        return content
    pending = {k: v.get(lang) or v.get("es") for k, v in glossary.load().items()}
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, pending)) + r")(?![\w-])")

    def mark(match):
        title = pending.pop(match.group(1), None)
        if title is None:
            return match.group(1)
        return f'<abbr title="{html.escape(title, quote=True)}">{match.group(1)}</abbr>'

    return rewrite_text(
        content, glossary._NO_TOUCH, lambda p: pattern.sub(mark, p) if pending else p
    )


def _directory():
    data = load_directory(ROOT / "content" / "directorio.toml")
    entries = [dict(e) for e in data["entries"]]
    entries.append({"id": "linea", "phone": "+529620001111", "phone_display": "962 000 1111"})
    return {**data, "entries": entries}


CASES = [
    "<p>Llama al 911.</p>",
    "<p>911</p>",
    "911<br/>962 000 1111",
    "<p><em>962 000 1111</em> o el <strong>Directorio</strong>.</p>",
    '<p><a href="/x/">911</a> y 911</p>',
    "<p>+911 no; 9110 no; <code>911</code> no; Tel.&nbsp;911 sí</p>",
    '<img alt="911 Directorio"><p>Sin número</p>',
    "<p>Pregunta en la COMAR<sup>1</sup>, CAPASITS y <abbr>PrEP</abbr>; PEP.</p>",
    "<h2>COMAR</h2><p>COMAR-2 no, la COMAR sí</p>",
    "<p>a < b Directorio > c</p>",
    "<p>Nada que enlazar ni explicar.</p>",
]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_help_links_and_acronyms_mark_what_they_marked_before(lang):
    directory = _directory()
    rnd = random.Random(1)
    atoms = [
        *CASES,
        "<",
        ">",
        "<p>",
        "</a>",
        "<a>",
        "<abbr>",
        "+",
        "-",
        "9",
        "1",
        "911",
        "Directorio",
        "Directory",
        "962 000 1111",
        "COMAR",
        "PrEP",
        " ",
        "x",
        "&amp;",
    ]
    samples = CASES + [
        "".join(rnd.choice(atoms) for _ in range(rnd.randint(1, 9))) for _ in range(1500)
    ]
    for page in samples:
        for url in ("/directorio/", ""):
            assert help_links.link_help(page, directory, url, lang) == _old_link_help(
                page, directory, url, lang
            ), page
        assert glossary.explain(page, lang) == _old_explain(page, lang), page
    linked = help_links.link_help(CASES[3], directory, "/directorio/", lang)
    assert '<a href="tel:+529620001111">962 000 1111</a>' in linked
    assert ('<a href="/directorio/">Directorio</a>' in linked) == (lang == "es")
    assert 'Tel.&nbsp;<a href="tel:911">911</a>' in help_links.link_help(
        CASES[5], directory, "", lang
    )
    explained = glossary.explain(CASES[7], lang)
    assert "<abbr title=" in explained and ">COMAR</abbr>" in explained


def test_a_story_with_a_number_only_in_its_text_gets_the_link_in_the_page(site):
    """The filters in the page (help_links, then siglas): 911 and CAPASITS become a link
    and an explanation in a built story, unescaped."""
    _root, _content, uno, _dos = site
    text = (uno / "articulos" / "prueba" / "index.html").read_text(encoding="utf-8")
    assert '<a href="tel:911">911</a>' in text
    prep = (uno / "articulos" / "prep" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="[^"]+">CAPASITS</abbr>', prep)
    assert "&lt;abbr" not in prep and "&lt;a href" not in text
