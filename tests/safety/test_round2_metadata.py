"""Issue 9, injection through metadata: no metadata value chooses markup, an address,
an output file or a template.

- ``slug:`` is checked against a strict pattern: a quote or a tag in it stops the build
  (it used to write a ``<meta http-equiv=refresh>`` into the home page and listings).
- ``save_as:`` / ``url:`` are refused: only the site's URL patterns place a story.
- ``plantilla:`` / ``template:``: articles never choose; pages only from an allow-list
  whose templates all carry the CSP and the quick exit.
- A theme without its security partials does not build (no ``ignore missing``).
- The ``href`` macro escapes whatever it is given.
"""

from __future__ import annotations

import shutil

import jinja2
import pytest
from voces_testing import ROOT, run_build, write_md

EVIL = "evil.example"


def article(content, rel="salud/nota.md", **extra):
    meta = {
        "título": "Nota de salud",
        "fecha": "2026-11-01",
        "estado": "publicado",
        **extra,
    }
    return write_md(content, rel, meta, "Texto de la nota.")


def build(tmp_path, **kwargs):
    out = tmp_path / "output"
    proc = run_build(tmp_path / "content", out, check=False, **kwargs)
    return proc, out


def leaked(out) -> list[str]:
    if not out.exists():
        return []
    return [
        str(p.relative_to(out))
        for p in out.rglob("*")
        if p.is_file() and EVIL.encode() in p.read_bytes()
    ]


@pytest.mark.parametrize(
    "slug",
    [
        f'x"><meta http-equiv="refresh" content="0;url=https://{EVIL}/">',
        f"x' onmouseover='location=`//{EVIL}`",
        "Mi Historia",
        "historia/../../index",
    ],
)
def test_a_slug_that_is_not_a_plain_slug_stops_the_build(tmp_path, slug):
    article(tmp_path / "content", slug=slug)
    proc, out = build(tmp_path)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"built with slug {slug!r}"
    assert "nota.md" in log and "slug" in log
    assert "minúsculas" in log and "lower-case" in log
    assert not leaked(out)


def test_a_plain_slug_is_accepted(tmp_path):
    article(tmp_path / "content", slug="mi-historia-2")
    proc, out = build(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (out / "articulos" / "mi-historia-2" / "index.html").is_file()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("save_as", "index.html"),
        ("save_as", "feeds/todos.atom.xml"),
        ("save_as", "theme/fonts/x.woff2"),
        ("url", f"https://{EVIL}/foto.jpg"),
        ("URL", "index.html"),
    ],
)
def test_a_file_cannot_choose_where_it_is_written(tmp_path, key, value):
    article(tmp_path / "content", **{key: value})
    proc, out = build(tmp_path)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"built with {key}: {value}"
    assert "nota.md" in log and key.lower() in log
    assert "ARTICLE_URL" in log
    assert not leaked(out)


@pytest.mark.parametrize(
    ("rel", "template"),
    [
        ("salud/nota.md", "page"),
        ("salud/nota.md", "edition_print"),
        ("paginas/rosa.md", "edition_print"),
        ("paginas/rosa.md", "archives"),
        ("paginas/rosa.md", "../../evil"),
    ],
)
def test_templates_are_not_chosen_by_members(tmp_path, rel, template):
    article(tmp_path / "content", rel=rel, plantilla=template)
    proc, _out = build(tmp_path)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"{rel} built with template {template}"
    assert "plantilla" in log and "page, directory" in log


def test_a_page_may_use_the_directory_template(tmp_path):
    article(tmp_path / "content", rel="paginas/recursos.md", plantilla="directory")
    proc, out = build(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (out / "nota-de-salud" / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and 'class="quick-exit"' in page


@pytest.mark.parametrize("partial", ["security_meta.html", "quick_exit.html"])
def test_a_theme_without_its_security_partials_does_not_build(tmp_path, partial):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "partials" / partial).unlink()
    article(tmp_path / "content")
    proc, out = build(tmp_path, extra={"THEME": str(theme)})
    assert proc.returncode != 0, f"built without {partial}"
    index = out / "index.html"
    assert not index.exists() or "Content-Security-Policy" in index.read_text(encoding="utf-8")


def test_href_escapes_what_it_is_given():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "theme" / "templates")))
    env.globals["url_for"] = lambda path: "/" + path
    module = env.get_template("partials/links.html").make_module(
        {"url_for": env.globals["url_for"]}
    )
    for value in ('x"><meta http-equiv=refresh>', '/x"><script>', 'https://a/"onclick="x'):
        out = str(module.href(value))
        assert '"' not in out and "<" not in out, out


@pytest.mark.parametrize("key", ["authors", "autoras", "Authors"])
def test_pelicans_authors_field_is_escaped_too(tmp_path, key):
    """Found in the second attack: Pelican's own «authors:» reached the page as markup."""
    payload = f'<meta http-equiv="refresh" content="0,url=https://{EVIL}/">'
    article(tmp_path / "content", **{key: payload})
    proc, out = build(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (out / "articulos" / "nota-de-salud" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh"' not in page
    assert "&lt;meta http-equiv" in page  # shown as the text she typed
    for path in out.rglob("*.html"):
        assert f'url=https://{EVIL}/">' not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("slug", ["escuchar", "feeds", "theme", "archivo"])
def test_a_page_over_a_part_of_the_site_is_refused_with_a_message(tmp_path, slug):
    """Found in the second attack: a page «escuchar» (the audio plugin's page) ended
    in an English traceback from Pelican's writer instead of a message."""
    article(tmp_path / "content", rel="paginas/p.md", slug=slug)
    proc, _out = build(tmp_path)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "es de una parte del sitio" in log and "Traceback" not in log
    assert "FileOverwriteFailedError" not in log
