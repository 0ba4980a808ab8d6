"""The shipped sample content, built for real with publishconf.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from voces_testing import ROOT, all_output_files

SECTIONS = {
    "testimonios": "testimonies",
    "prevencion-de-la-trata": "trafficking-prevention",
    "salud": "health",
    "derechos": "rights",
    "comunidad": "community",
}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def html_lang(text: str) -> str:
    match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", text)
    assert match, "page has no <html lang>"
    return match.group(1)


def source_articles():
    """(path, metadata) of the shipped published articles, parsed from the files."""
    found = []
    for path in sorted((ROOT / "content").glob("*/*.md")):
        if path.parts[-2] in {"paginas", "ediciones"}:
            continue
        meta = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                break
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip()
        found.append((path, meta))
    return found


def published(meta):
    status = (meta.get("estado") or meta.get("status") or "").lower()
    return status in {"publicado", "published"}


def test_front_page_and_english_front_page(sample_site):
    home = read(sample_site / "index.html")
    assert html_lang(home) == "es"
    home_en = read(sample_site / "en" / "index.html")
    assert html_lang(home_en) == "en"
    assert 'href="/en/"' in home, "the Spanish front page links to the English one"
    assert 'href="/"' in home_en


def test_every_published_article_has_its_page(sample_site):
    articles = [(p, m) for p, m in source_articles() if published(m)]
    assert len(articles) >= 12
    for path, meta in articles:
        lang = meta.get("idioma") or meta.get("lang") or "es"
        folder = "articulos" if lang == "es" else "en/articles"
        page = sample_site / folder / meta["slug"] / "index.html"
        assert page.exists(), f"{path} was not published at {page}"
        assert html_lang(read(page)) == lang


def test_translations_link_both_ways(sample_site):
    translated = [
        m["slug"]
        for p, m in source_articles()
        if published(m) and (m.get("lang") or m.get("idioma")) == "en"
    ]
    assert len(translated) >= 4
    for slug in translated:
        es = read(sample_site / "articulos" / slug / "index.html")
        en = read(sample_site / "en" / "articles" / slug / "index.html")
        assert f'href="/en/articles/{slug}/"' in es, f"{slug}: Spanish page lacks English link"
        assert f'href="/articulos/{slug}/"' in en, f"{slug}: English page lacks Spanish link"
        assert 'hreflang="en"' in es and 'hreflang="es"' in en


@pytest.mark.parametrize("es_slug", sorted(SECTIONS))
def test_section_pages_and_feeds_in_both_languages(sample_site, es_slug):
    """A section has its English page and feed only when it has an English story: an
    English reader never lands on an empty section, and the Spanish page links to its
    English page only when there is one."""
    en_slug = SECTIONS[es_slug]
    es = sample_site / "secciones" / es_slug / "index.html"
    en = sample_site / "en" / "sections" / en_slug / "index.html"
    en_feed = sample_site / "feeds" / "en" / "sections" / f"{en_slug}.atom.xml"
    assert html_lang(read(es)) == "es"
    assert (sample_site / "feeds" / "secciones" / f"{es_slug}.atom.xml").exists()
    in_english = [
        path
        for path, meta in source_articles()
        if path.parts[-2] == es_slug
        and published(meta)
        and (meta.get("lang") or meta.get("idioma")) == "en"
    ]
    if in_english:
        assert html_lang(read(en)) == "en"
        assert en_feed.exists()
        assert f"/en/sections/{en_slug}/" in read(es)
    else:
        assert not en.exists() and not en_feed.exists()
        assert f"/en/sections/{en_slug}/" not in read(es)


def test_language_feeds(sample_site):
    es = read(sample_site / "feeds" / "todos-es.atom.xml")
    en = read(sample_site / "feeds" / "todos-en.atom.xml")
    assert es.count("<entry>") >= 10
    assert en.count("<entry>") >= 4
    assert "/en/articles/" in en and "/en/articles/" not in es


def test_no_author_pages_or_feeds(sample_site):
    for path in all_output_files(sample_site):
        rel = path.relative_to(sample_site).as_posix()
        assert not re.search(r"(^|/)(authors?|autoras?|autor)(/|\.|s?$)", rel), rel
    for path in sample_site.rglob("*.html"):
        assert not re.search(r"href=\"[^\"]*/(author|autora?)/", read(path)), path


def test_directory_page(sample_site):
    es = read(sample_site / "directorio" / "index.html")
    en = read(sample_site / "en" / "directorio" / "index.html")
    # Verified numbers dial (911 at least); sample entries (example = true) never do.
    dialable = re.findall(r'href="tel:([+\d]+)"', es)
    assert "911" in dialable
    assert not [n for n in dialable if n.startswith("+52962000")], dialable
    assert len(re.findall(r"962 000", es)) >= 8  # the sample numbers are shown, not dialable
    assert "Ejemplo" in es and "Example" in en


def test_about_and_404(sample_site):
    assert (sample_site / "sobre-nosotras" / "index.html").exists()
    assert (sample_site / "en" / "sobre-nosotras" / "index.html").exists()
    assert (sample_site / "404.html").exists()


class ResourceParser(HTMLParser):
    """Collects every URL a browser would load (not plain links)."""

    def __init__(self):
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "poster", "data"):
            if attrs.get(name):
                self.loads.append(attrs[name])
        if attrs.get("srcset"):
            self.loads.extend(part.strip().split(" ")[0] for part in attrs["srcset"].split(","))
        if tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower()
            if any(
                r in rel
                for r in ("stylesheet", "preload", "icon", "modulepreload", "prefetch", "manifest")
            ):
                self.loads.append(attrs["href"])
        if attrs.get("style"):
            self.loads.extend(re.findall(r"url\(\s*['\"]?([^'\")]+)", attrs["style"]))


def is_other_host(url: str) -> bool:
    parsed = urlparse(url.strip())
    return bool(parsed.netloc) or (parsed.scheme not in ("", "data") and parsed.scheme != "")


def test_nothing_is_loaded_from_another_host(sample_site):
    checked = 0
    for page in sample_site.rglob("*.html"):
        parser = ResourceParser()
        parser.feed(read(page))
        for url in parser.loads:
            assert not is_other_host(url), f"{page}: loads {url}"
            checked += 1
    for css in sample_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", read(css)):
            assert not is_other_host(url), f"{css}: url({url})"
            checked += 1
        assert "@import" not in read(css) or "http" not in read(css)
    assert checked > 20


def test_no_original_drawing_is_copied(sample_site):
    originals = {p.read_bytes() for p in (ROOT / "content" / "dibujos").iterdir() if p.is_file()}
    for path in all_output_files(sample_site):
        if path.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp", ".heic"}:
            assert path.read_bytes() not in originals, path


def test_sitemap_lists_exactly_the_published_pages(sample_site):
    sitemap = read(sample_site / "sitemap.xml")
    locs = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    for path, meta in source_articles():
        lang = meta.get("idioma") or meta.get("lang") or "es"
        url = f"/articulos/{meta['slug']}/" if lang == "es" else f"/en/articles/{meta['slug']}/"
        assert (url in locs) == published(meta), f"{path}: {url}"
    assert "/" in locs and "/en/" in locs and "/directorio/" in locs
    assert not any("imprimir" in loc or loc.endswith("404.html") for loc in locs)
    pages = {p for p in sample_site.rglob("index.html") if "imprimir" not in p.parts}
    assert len(locs) == len(pages)


def test_lead_story_is_the_one_editors_marked(sample_site):
    featured = [
        m["slug"]
        for p, m in source_articles()
        if published(m) and (m.get("destacado") or m.get("featured"))
    ]
    assert featured, "the sample marks a lead story with destacado: sí"
    home = read(sample_site / "index.html")
    lead = re.search(r'class="lead__title"><a href="([^"]+)"', home)
    assert lead and lead.group(1).endswith(f"/{featured[0]}/")
