"""Red-team findings on editions, each on a real build: edition files are escaped and
sanitised, the directory is escaped on the print page and in the PDFs, copy-shop PDFs
appear only after a build that passed every check, and the PDF cache keeps only what
the last build used."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from editions_helpers import TinySite, pdf_text, shared_pdf_cache
from pypdf import PdfReader

THEME_SCRIPTS = "/theme/js/"
HOSTILE_TITLE = "Nos cuidamos <b>entre</b> todas & juntas<script src=/x.js></script>"
HOSTILE_SUMMARY = '"><meta http-equiv="refresh" content="0;url=https://evil.example/">'
HOSTILE_EDITORIAL = """Editorial de prueba, Marcaeditorial.

<a href="&#106;avascript:alert(1)">enlacejs</a> y
<a href="data:text/html;base64,PHNjcmlwdD4=">enlacedata</a>.

<base href="/otra-raiz/">

<!-- confirmar con Rosa López Hernández, tel 962 555 0101 -->

<script>alert(1)</script><p onclick="alert(2)">Parrafoclic</p>
"""
HOSTILE_MARKUP = (
    '<a href="javascript:alert(1)">llame</a>'
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    '<script src="/x.js"></script>'
)
DIRECTORY = f"""
[categories]
salud = {{ es = "Salud <i>sexual</i>", en = "Health" }}

[[entries]]
id = "clinica"
category = "salud"
name = "Clinicamarca <b>negrita</b>"
description_es = '''Descripcionmarca {HOSTILE_MARKUP}'''
description_en = "English description"
phone = "+529620000001"
phone_display = '''962 000 0001<script src="/t.js"></script>'''
hours_es = '''Lunes a viernes<img src=x onerror=alert(1)>'''
hours_en = "Monday to Friday"
address_es = '''Centro<iframe src="https://evil.example/"></iframe>'''

[[entries]]
id = "colectiva"
category = "salud"
name = "La colectiva"
description_es = '''Contactomarca <a href="javascript:alert(3)">escribanos</a>'''
description_en = "Contact"
phone = "+529620000002"
phone_display = '''962 000 0002<meta http-equiv="refresh" content="0">'''
hours_es = '''Jueves<script>alert(4)</script>'''
hours_en = "Thursdays"
"""


class Markup(HTMLParser):
    """Every element and attribute a browser (or WeasyPrint) would act on."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.comments: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: (v or "") for k, v in attrs}))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)

    def named(self, *names):
        return [(tag, attrs) for tag, attrs in self.tags if tag in names]

    def hrefs(self):
        return [
            attrs.get("href", "").strip().lower() for tag, attrs in self.tags if "href" in attrs
        ]


def assert_inert(page: Path):
    """No script, refresh, base, frame or event handler; no javascript:/data: link."""
    markup = Markup(page.read_text(encoding="utf-8"))
    for tag, attrs in markup.tags:
        if tag == "script":  # only the theme's own files (the quick exit)
            assert attrs.get("src", "").startswith(THEME_SCRIPTS), (page, attrs)
        assert tag not in ("base", "iframe", "object", "embed"), (page, tag, attrs)
        assert not (tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh"), page
        assert not [name for name in attrs if name.startswith("on")], (page, tag, attrs)
    for href in markup.hrefs():
        assert not href.startswith(("javascript:", "data:", "vbscript:")), (page, href)
    return markup


def pdf_link_uris(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def text_of(folder: Path) -> str:
    return " ".join(
        p.read_text(encoding="utf-8", errors="ignore")
        for p in folder.rglob("*")
        if p.suffix in (".html", ".xml", ".json", ".txt", ".js")
    )


def build_log(proc) -> str:
    return " ".join((proc.stdout + proc.stderr).split())


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """Edition 1 and the directory written by someone trying to break the site."""
    site = TinySite(tmp_path_factory.mktemp("hostile"))
    for number, slug in enumerate(("primera-historia", "segunda-historia"), start=1):
        site.article(slug, f"Historia {number}", date=f"2026-11-0{number}")
    path = site.edition(title="x", body=HOSTILE_EDITORIAL)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "título: x", f"título: {HOSTILE_TITLE}\nresumen: {HOSTILE_SUMMARY}"
        ),
        encoding="utf-8",
    )
    (site.content / "directorio.toml").write_text(DIRECTORY, encoding="utf-8")
    site.proc = site.build(cache=shared_pdf_cache("edicion-hostil"))
    return site


def test_edition_title_and_summary_are_shown_as_text_not_run(hostile_site):
    out = hostile_site.output
    pages = [
        out / "ediciones" / "01" / "index.html",
        out / "ediciones" / "index.html",
        out / "ediciones" / "01" / "imprimir" / "index.html",
    ]
    for page in pages:
        assert_inert(page)
        html = page.read_text(encoding="utf-8")
        assert "&lt;script src=/x.js&gt;&lt;/script&gt;" in html, page
        assert "&amp;amp;" not in html and "&amp;lt;" not in html, f"double escaping in {page}"
    edition_page = pages[0].read_text(encoding="utf-8")
    title = edition_page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "todas &amp; juntas&lt;script" in title
    assert 'http-equiv="refresh"' not in edition_page
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in edition_page  # the summary, as text
    assert "&lt;meta http-equiv" in pages[1].read_text(encoding="utf-8")  # summary as text


def test_no_article_page_carries_the_edition_title_as_markup(hostile_site):
    stories = list((hostile_site.output / "articulos").rglob("index.html"))
    assert len(stories) == 2
    for story in stories:
        assert_inert(story)
        html = story.read_text(encoding="utf-8")
        assert "ediciones/01/" in html
        assert "todas &amp; juntas&lt;script src=/x.js&gt;" in html


def test_editorial_keeps_its_text_and_loses_active_html_and_comments(hostile_site):
    out = hostile_site.output
    for page in (
        out / "ediciones" / "01" / "index.html",
        out / "ediciones" / "01" / "imprimir" / "index.html",
    ):
        markup = assert_inert(page)
        html = page.read_text(encoding="utf-8")
        assert "Marcaeditorial" in html and "enlacejs" in html and "Parrafoclic" in html
        assert not markup.comments, f"an HTML comment was published in {page}"
        assert not markup.named("base") and "/otra-raiz/" not in html
    everything = text_of(out)
    assert "Rosa" not in everything and "555 0101" not in everything
    assert "confirmar con" not in everything


def test_pdfs_carry_no_comment_no_script_link_and_the_title_as_plain_text(hostile_site):
    folder = hostile_site.output / "ediciones" / "01"
    for name in ("voces-01.pdf", "voces-01-bn.pdf", "voces-01-cuadernillo.pdf"):
        text = pdf_text(folder / name)
        assert "Rosa" not in text and "555 0101" not in text, name
        assert "Marcaeditorial" in text
        assert not [
            uri
            for uri in pdf_link_uris(folder / name)
            if uri.strip().lower().startswith(("javascript:", "data:"))
        ], name
    colour = PdfReader(folder / "voces-01.pdf")
    assert "todas & juntas<script src=/x.js></script>" in pdf_text(folder / "voces-01.pdf")
    assert "&amp;" not in str(colour.metadata.title)
    booklet = PdfReader(folder / "voces-01-cuadernillo.pdf")
    assert "todas & juntas" in str(booklet.metadata.title)
    assert "&amp;" not in str(booklet.metadata.title)


def test_directory_is_escaped_on_the_print_page(hostile_site):
    page = hostile_site.output / "ediciones" / "01" / "imprimir" / "index.html"
    markup = assert_inert(page)
    html = page.read_text(encoding="utf-8")
    assert "Descripcionmarca" in html and "Contactomarca" in html and "Clinicamarca" in html
    assert "&lt;script src=&#34;/x.js&#34;&gt;" in html or "&lt;script src=&quot;/x.js" in html
    assert "javascript:alert(3)" in html  # shown as text, never a link (assert_inert)
    assert "&lt;b&gt;negrita&lt;/b&gt;" in html and "&lt;i&gt;sexual&lt;/i&gt;" in html
    assert not [attrs for tag, attrs in markup.tags if tag == "img" and attrs.get("src") == "x"]


def test_directory_is_text_in_the_pdfs(hostile_site):
    folder = hostile_site.output / "ediciones" / "01"
    for name in ("voces-01.pdf", "voces-01-bn.pdf"):
        text = pdf_text(folder / name)
        assert "Descripcionmarca" in text and "Contactomarca" in text
        assert "<script" in text, "the markup should be printed as harmless text"
        assert "javascript:" not in " ".join(pdf_link_uris(folder / name))


def test_intrasite_link_in_the_editorial_stops_the_build(tiny_site):
    tiny_site.article("nuestro-circulo")
    tiny_site.edition(
        body="Lea [la historia]({filename}/comunidad/nuestro-circulo.md) y "
        "[el dibujo]({static}/dibujos/x.jpg)."
    )
    proc = tiny_site.build(pdf=False, check=False)
    log = build_log(proc)
    assert proc.returncode != 0, log
    assert "ediciones/01.md" in log and "{filename}" in log and "{static}" in log
    assert "/articulos/" in log, "the message should say what to write instead"
    assert not (tiny_site.output / "index.html").exists()


def test_editorial_that_loads_from_another_host_names_the_file_and_the_address(tiny_site):
    tiny_site.article("nuestro-circulo")
    tiny_site.edition(
        body='Hola.\n\n<div style="background:url(https://rastreo.example.com/'
        'p.gif)">fondo</div>\n\n<link rel="stylesheet" '
        'href="https://fuentes.example.net/a.css">\n\n'
        '<base href="https://base.example.org/">\n'
    )
    proc = tiny_site.build(pdf=False, check=False)
    log = build_log(proc)
    assert proc.returncode != 0, log
    assert "ediciones/01.md" in log
    assert "https://rastreo.example.com/p.gif" in log
    assert "https://fuentes.example.net/a.css" in log
    assert "https://base.example.org/" in log
    assert "otro sitio" in log and "another" in log
    assert not (tiny_site.output / "index.html").exists()


# -- copy-shop PDFs and the cache ---------------------------------------------


def protected_terms_file(site, *terms) -> Path:
    path = site.root / "terminos.txt"
    path.write_text("\n".join(terms) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("scope", [None, "impreso"], ids=["web-story", "print-only-story"])
def test_failed_final_checks_leave_no_copy_shop_pdf(tiny_site, scope):
    """A protected term in a story of the site, or only in the copy-shop PDFs (a story
    consented for paper): the final checks find it, and no copy-shop PDF stays on disk."""
    tiny_site.article("nuestro-circulo")
    tiny_site.article(
        "con-nombre",
        "Con nombre",
        date="2026-11-02",
        scope=scope,
        body="Me ayudó Rosaprotegida Hernández cuando llegué.",
    )
    tiny_site.edition()
    shop = tiny_site.root / "imprenta"
    (shop / "01").mkdir(parents=True)
    (shop / "01" / "voces-01.pdf").write_bytes(b"%PDF-1.7 previous good run")
    terms = protected_terms_file(tiny_site, "Rosaprotegida Hernández")
    cache = shared_pdf_cache(f"comprobaciones-fallidas-{scope or 'web'}")  # not about the cache
    proc = tiny_site.build(
        check=False,
        extra={
            "EDITIONS": {
                "copy_shop_dir": str(shop),
                "cache_dir": str(cache),
                "print_sample": True,
            },
            "SAFETY": {"consent_sections": ["testimonios"], "protected_terms_file": str(terms)},
        },
    )
    log = build_log(proc)
    assert proc.returncode != 0, log
    assert "Rosaprotegida" in log and "voces-01" in log
    if scope:  # found only where the copy-shop PDFs wait for the checks
        assert str(shop) in log
    assert not (tiny_site.output / "index.html").exists()
    left = sorted(p.relative_to(shop).as_posix() for p in shop.rglob("*") if p.is_file())
    assert left == ["01/voces-01.pdf"], f"a failed build left copy-shop PDFs: {left}"
    assert (shop / "01" / "voces-01.pdf").read_bytes() == b"%PDF-1.7 previous good run"


def test_cache_keeps_only_the_pdfs_of_the_last_build_and_a_failed_build_prunes_nothing(
    tiny_site,
):
    """A build that passed prunes the cache to the PDFs it used; a build that failed (in
    the final checks, after making new PDFs) deletes none of them."""
    cache = tiny_site.root / "cache"
    shop = tiny_site.root / "imprenta"
    tiny_site.article("nuestro-circulo", "Nuestro circulo")
    story = tiny_site.article("por-retirar", "Marcaretirada historia", date="2026-11-02")
    tiny_site.article("solo-papel", "Marcapapelsolo", date="2026-11-03", scope="impreso")
    tiny_site.edition()
    tiny_site.build(
        extra={
            "EDITIONS": {"copy_shop_dir": str(shop), "cache_dir": str(cache), "print_sample": True}
        }
    )
    # site and copy-shop: colour, b/w, booklet each; the copy shop's sheet is shared
    # when both have as many pages
    assert len(list(cache.glob("*.pdf"))) in (7, 8)
    assert sorted(p.relative_to(shop).as_posix() for p in shop.rglob("*")) == [
        "01",
        "01/voces-01-bn.pdf",
        "01/voces-01-cuadernillo.pdf",
        "01/voces-01-imprenta.pdf",
        "01/voces-01.pdf",
    ]
    assert "Marcapapelsolo" in pdf_text(shop / "01" / "voces-01.pdf")

    story.write_text(
        story.read_text(encoding="utf-8").replace("estado: publicado", "estado: retirado"),
        encoding="utf-8",
    )
    tiny_site.build(cache=cache)
    kept = sorted(cache.glob("*.pdf"))
    assert len(kept) == 4, [p.name for p in kept]  # colour, b/w, booklet, copy shop's sheet
    published = {p.read_bytes() for p in (tiny_site.output / "ediciones" / "01").glob("*.pdf")}
    assert {p.read_bytes() for p in kept} == published
    for path in kept:
        text = pdf_text(path)
        assert "Marcaretirada" not in text and "Marcapapelsolo" not in text, path.name
    assert not list(cache.glob("*.part")), "leftover half-written files"

    # A new title (new PDFs) and a protected term: the build fails in the final checks.
    before = {p.name for p in kept}
    tiny_site.edition(title="Otro titulo con Rosaprotegida")
    terms = protected_terms_file(tiny_site, "Rosaprotegida")
    proc = tiny_site.build(
        check=False,
        extra={
            "EDITIONS": {"cache_dir": str(cache)},
            "SAFETY": {"consent_sections": ["testimonios"], "protected_terms_file": str(terms)},
        },
    )
    assert proc.returncode != 0, build_log(proc)
    after = {p.name for p in cache.glob("*.pdf")}
    assert after - before, "the failed build made no new PDF: nothing to prune"
    assert before <= after, "a failed build pruned the cache"
