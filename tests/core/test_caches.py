"""Caches between builds never hide a change (issue 8.6: speed at scale).

Each cache is keyed so that a change to a file, a setting or a list is still caught:
the content cache (Markdown and Typogrify once per file), the protected-terms scan and
the image metadata check of the output. Every test builds twice or more into the
same cache folder and changes one thing in between.
"""

from __future__ import annotations

from pathlib import Path

from voces_testing import run_build, write_md


def cache_settings(tmp: Path) -> dict:
    return {
        "CACHE_PATH": str(tmp / "cache" / "pelican"),
        "IMAGES": {"cache_dir": str(tmp / "cache" / "images")},
    }


def story(content: Path, rel: str, marker: str, status="publicado", **extra) -> Path:
    return write_md(
        content,
        rel,
        {
            "título": f"Historia {marker}",
            "fecha": "2026-10-20",
            "autora": "Garza",
            "resumen": f"Resumen {marker}.",
            "estado": status,
            "slug": marker,
            **extra,
        },
        f"Texto de {marker} con varias palabras al final.\n",
    )


CONSENT = {
    "consentimiento": "sí",
    "consentimiento_fecha": "2026-10-01",
    "consentimiento_alcance": "web, impreso",
}


def page_of(out: Path, slug: str) -> Path:
    return out / "articulos" / slug / "index.html"


# -- content cache ---------------------------------------------------------------------


def test_a_preview_reading_never_reaches_production(tmp_path):
    """A story in review is published (marked) in a preview; the cache must not carry
    that reading into a production build: the settings are part of the key."""
    content = tmp_path / "content"
    story(content, "salud/lista.md", "historialista")
    story(content, "salud/revision.md", "enrevisionpendiente", status="revisión")
    cache = cache_settings(tmp_path)
    preview = tmp_path / ".preview"
    run_build(content, preview, settings="pelicanconf.py", extra={**cache, "VOCES_PREVIEW": True})
    assert page_of(preview, "enrevisionpendiente").exists()
    assert list((tmp_path / "cache" / "pelican" / "contenido").glob("*.pickle"))

    out = tmp_path / "output"
    run_build(content, out, extra=cache)
    assert page_of(out, "historialista").exists()
    assert not page_of(out, "enrevisionpendiente").exists()
    assert not [
        p for p in out.rglob("*") if p.is_file() and b"enrevisionpendiente" in p.read_bytes()
    ]


def test_edits_to_status_and_consent_take_effect_through_the_cache(tmp_path):
    content = tmp_path / "content"
    path = story(content, "testimonios/mia.md", "testimoniocacheado", **CONSENT)
    story(content, "salud/otra.md", "otrahistoria")
    cache = cache_settings(tmp_path)
    out = tmp_path / "output"

    run_build(content, out, extra=cache)
    first = page_of(out, "testimoniocacheado").read_text(encoding="utf-8")
    run_build(content, out, extra=cache)  # every file from the cache
    cached = page_of(out, "testimoniocacheado").read_text(encoding="utf-8")
    assert cached == first
    # Typogrify still ran (inside the cache): no lone last word.
    assert "al&nbsp;final." in cached

    # Withdrawn: the page and every trace of it are gone on the next build.
    path.write_text(path.read_text(encoding="utf-8").replace("publicado", "retirado"), "utf-8")
    run_build(content, out, extra=cache)
    assert not page_of(out, "testimoniocacheado").exists()
    assert page_of(out, "otrahistoria").exists()
    assert not [
        p for p in out.rglob("*") if p.is_file() and b"testimoniocacheado" in p.read_bytes()
    ]

    # Published again, but the consent line removed: the build stops, every time.
    text = path.read_text(encoding="utf-8").replace("retirado", "publicado")
    path.write_text(text.replace("consentimiento: sí\n", ""), "utf-8")
    for _ in range(2):
        failed = run_build(content, out, extra=cache, check=False)
        assert failed.returncode != 0
        assert "testimonios/mia.md" in failed.stdout + failed.stderr
        assert "consentimiento" in failed.stdout + failed.stderr


# -- protected terms: files found clean are remembered per list of terms ---------------


def terms_of(tmp: Path, text: str):
    from voces_plugins.protected_terms.terms import load_terms

    path = tmp / "privado" / "terminos.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_terms(path)


def test_a_term_added_to_the_list_after_a_cached_scan_is_found(tmp_path):
    from voces_plugins.protected_terms.scan import clean_files_cache, scan_tree

    site = tmp_path / "site"
    (site / "articulos" / "a").mkdir(parents=True)
    (site / "articulos" / "a" / "index.html").write_text(
        "<p>Me acompañó Rosaura Tzunún a la clínica.</p>", encoding="utf-8"
    )
    (site / "index.html").write_text("<p>Portada</p>", encoding="utf-8")
    folder = tmp_path / "cache"
    before = terms_of(tmp_path, "Otro Nombre Cualquiera\n")
    for _ in range(2):
        cache = clean_files_cache(folder, before)
        assert scan_tree(site, before, clean_cache=cache) == []
    assert cache.hits == 2  # the second scan read nothing again

    after = terms_of(tmp_path, "Otro Nombre Cualquiera\nRosaura Tzunun\n")
    cache = clean_files_cache(folder, after)
    findings = scan_tree(site, after, clean_cache=cache)
    assert [(f.path, [t.text for t in f.terms]) for f in findings] == [
        ("articulos/a/index.html", ["Rosaura Tzunun"])
    ]
    # Found again on the next scan: a file with a finding is never remembered as clean.
    assert scan_tree(site, after, clean_cache=clean_files_cache(folder, after))

    # Same list, the file changed: searched again.
    (site / "index.html").write_text("<p>Otro   nombre cualquiera</p>", encoding="utf-8")
    findings = scan_tree(site, before, clean_cache=clean_files_cache(folder, before))
    assert [f.path for f in findings] == ["index.html"]


def test_a_build_finds_a_term_added_after_a_cached_build(tmp_path):
    content = tmp_path / "content"
    story(content, "salud/vecina.md", "vecinacachada")
    path = content / "salud" / "vecina.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nMe acompañó Rosaura Tzunún.\n", encoding="utf-8"
    )
    terms = tmp_path / "privado" / "terminos.txt"
    terms.parent.mkdir()
    terms.write_text("Otro Nombre Cualquiera\n", encoding="utf-8")
    env = {"VOCES_PROTECTED_TERMS": str(terms)}
    # No search index: its Pagefind files (the same for every site) were most of each
    # scan (~1 s a build, 3-4 s on a busy machine); the page is what holds the term.
    cache = {**cache_settings(tmp_path), "SEARCH": {"index": False}}
    out = tmp_path / "output"
    run_build(content, out, extra=cache, env=env)
    assert list((tmp_path / "cache" / "pelican" / "protected_terms_clean").glob("*.pickle"))

    terms.write_text("Otro Nombre Cualquiera\nRosaura Tzunún\n", encoding="utf-8")
    failed = run_build(content, out, extra=cache, env=env, check=False)
    assert failed.returncode != 0
    log = failed.stdout + failed.stderr
    assert "articulos/vecinacachada/index.html" in log and "Rosaura Tzunún" in log
    assert "vecinacachada" in page_of(out, "vecinacachada").read_text(encoding="utf-8")
    assert "Rosaura" not in log.replace("Rosaura Tzunún", "")  # only the term found is named


# -- image metadata check of the output: clean files remembered by hash ---------------


def jpeg(path: Path, exif: bool = False) -> None:
    from PIL import Image

    image = Image.new("RGB", (40, 30), (200, 180, 160))
    if exif:
        data = Image.Exif()
        data[0x010F] = "TelefonoDeMaria"  # camera make
        image.save(path, "JPEG", exif=data.tobytes())
    else:
        image.save(path, "JPEG")


def test_the_image_check_catches_a_changed_or_missing_image_after_a_cached_check(tmp_path):
    from voces_plugins.images.check import clean_files_cache, scan_tree

    site = tmp_path / "site"
    (site / "imagenes").mkdir(parents=True)
    jpeg(site / "imagenes" / "a.jpg")
    (site / "index.html").write_text(
        '<img src="/imagenes/a.jpg" alt="a"><img srcset="imagenes/a.jpg 40w" alt="b">',
        encoding="utf-8",
    )
    folder = tmp_path / "cache"
    for _ in range(2):
        cache = clean_files_cache(folder)
        report = scan_tree(site, cache)
        assert report.problems == [] and report.image_files == 1 and report.referenced == 2
    assert cache.hits == 2

    jpeg(site / "imagenes" / "a.jpg", exif=True)  # same name, now with EXIF
    report = scan_tree(site, clean_files_cache(folder))
    assert len(report.problems) == 1 and "EXIF" in report.problems[0]
    assert "site/imagenes/a.jpg" in report.problems[0]

    (site / "imagenes" / "a.jpg").unlink()  # the page did not change; the image is gone
    report = scan_tree(site, clean_files_cache(folder))
    assert len(report.problems) == 2
    assert all("/imagenes/a.jpg" in p or "imagenes/a.jpg" in p for p in report.problems)
    assert all("missing from the built site" in p for p in report.problems)

    # A page whose own text has a problem (an embedded image with EXIF) is never cached.
    import base64
    import io

    from PIL import Image

    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "TelefonoDeMaria"
    Image.new("RGB", (4, 4)).save(buffer, "JPEG", exif=exif.tobytes())
    uri = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()
    (site / "index.html").write_text(f'<img src="{uri}" alt="x">', encoding="utf-8")
    for _ in range(2):
        report = scan_tree(site, clean_files_cache(folder))
        assert len(report.problems) == 1 and "data:" in report.problems[0]


# -- sanitiser: cleaned texts remembered, every remote resource reported every time ----


class Text:
    """What sanitize_content reads from an article."""

    def __init__(self, settings, content, summary=""):
        self.settings = settings
        self._content = content
        self._summary = summary
        self.metadata = {"title": "Historia"}
        self.source_path = "/c/salud/x.md"
        self.relative_source_path = "salud/x.md"


class Generator:
    def __init__(self, settings):
        self.settings = settings


def sanitized(tmp: Path, content: str, site_url: str = ""):
    """One 'build': a fresh settings dict, one text cleaned, the cache saved."""
    from voces_plugins.sanitize.cache import save
    from voces_plugins.sanitize.sanitize import sanitize_content

    settings = {"CACHE_PATH": str(tmp / "cache"), "SITEURL": site_url, "SAFETY": {}, "PATH": "c"}
    text = Text(settings, content)
    sanitize_content(text)
    save([Generator(settings)])
    return text._content


def test_the_sanitiser_cache_never_hides_a_remote_resource(tmp_path, caplog):
    clean = '<p>Hola <b>vecina</b><script>alert(1)</script></p><img src="/imagenes/a.jpg" alt="a">'
    first = sanitized(tmp_path, clean)
    assert "<script" not in first
    assert sanitized(tmp_path, clean) == first  # from the cache, the same clean text
    assert list((tmp_path / "cache" / "sanitize").glob("*.pickle"))

    remote = clean + '<img src="https://rastreo.example/pixel.gif" alt="">'
    for _ in range(2):
        caplog.clear()
        sanitized(tmp_path, remote)
        assert "rastreo.example/pixel.gif" in caplog.text

    # The same text is local under one SITEURL and remote under another: the address is
    # part of the key, so a cached "clean" never carries over.
    own = '<img src="https://voces.example.org/imagenes/a.jpg" alt="a">'
    caplog.clear()
    sanitized(tmp_path, own, site_url="https://voces.example.org")
    sanitized(tmp_path, own, site_url="https://voces.example.org")
    assert "voces.example.org/imagenes" not in caplog.text
    sanitized(tmp_path, own, site_url="https://otro.example.net")
    assert "voces.example.org/imagenes/a.jpg" in caplog.text


def test_the_output_check_cache_is_keyed_by_this_computers_paths(tmp_path, monkeypatch):
    """A page found clean is searched again when the paths to look for change (another
    home folder) and when its bytes change."""
    import functools

    from voces_plugins.sanitize.cache import output_cache
    from voces_plugins.sanitize.output_check import check_tree

    site = tmp_path / "site"
    site.mkdir()
    page = site / "index.html"
    page.write_text("<p>Guardado en /home/ana-lopez/Escritorio/voces</p>", encoding="utf-8")
    settings = {"PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache")}
    cache = functools.partial(output_cache, settings)

    monkeypatch.setenv("HOME", "/home/otra-persona")
    assert check_tree(site, settings, cache=cache) == []
    assert check_tree(site, settings, cache=cache) == []  # remembered as clean
    assert list((tmp_path / "cache" / "sanitize_salida").glob("*.pickle"))

    monkeypatch.setenv("HOME", "/home/ana-lopez")  # this editor's computer
    for _ in range(2):
        errors = check_tree(site, settings, cache=cache)
        assert len(errors) == 1 and errors[0].startswith("index.html:"), errors

    monkeypatch.setenv("HOME", "/home/otra-persona")
    page.write_text('<img src="https://rastreo.example/p.gif" alt="">', encoding="utf-8")
    errors = check_tree(site, settings, cache=cache)
    assert len(errors) == 1 and "rastreo.example" in errors[0]


def test_every_cache_key_is_the_same_in_every_process(tmp_path):
    """String hashing differs between processes: a key built from a set in set order
    would miss on every build (found so: the output check rescanned everything)."""
    import os
    import subprocess
    import sys

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<p>Hola</p>", encoding="utf-8")
    program = f"""
import functools
from voces_plugins.core.build_cache import settings_digest
from voces_plugins.sanitize.cache import output_cache
from voces_plugins.sanitize.output_check import check_tree
settings = {{"PATH": "{tmp_path}/content", "THEME": "{tmp_path}/theme",
            "CACHE_PATH": "{tmp_path}/cache", "SITEURL": "",
            "SAFETY": {{"consent_sections": {{"testimonios", "salud", "derechos"}}}}}}
assert check_tree("{tmp_path}/site", settings, cache=functools.partial(output_cache, settings)) == []
print(settings_digest(settings))
"""
    # The four processes run side by side (each is mostly Python starting up).
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", program],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        )
        for seed in (1, 2, 3, 4)
    ]
    digests = set()
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        digests.add(out)
    assert len(digests) == 1, digests
    assert len(list((tmp_path / "cache" / "sanitize_salida").glob("*.pickle"))) == 1


# -- links to stories not on the site: clean output files remembered per hidden set ----


def test_a_story_withdrawn_after_a_cached_build_still_stops_a_page_that_links_to_it(tmp_path):
    """The links check remembers clean pages for one set of hidden addresses: the page
    that links to a story is unchanged when the story is withdrawn, and still caught."""
    content = tmp_path / "content"
    target = story(content, "salud/enlazada.md", "enlazadacache")
    story(content, "salud/vecina.md", "vecinaenlaza")
    vecina = content / "salud" / "vecina.md"
    vecina.write_text(
        vecina.read_text(encoding="utf-8") + "\nVea [la otra](/articulos/enlazadacache/).\n",
        encoding="utf-8",
    )
    story(content, "salud/borrador.md", "unborradorcualquiera", status="borrador")
    cache = cache_settings(tmp_path)
    out = tmp_path / "output"
    for _ in range(2):
        run_build(content, out, extra=cache)
    assert list((tmp_path / "cache" / "pelican" / "hidden_links").glob("sitio-*.pickle"))
    assert "/articulos/enlazadacache/" in page_of(out, "vecinaenlaza").read_text("utf-8")

    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("publicado", "retirado"), encoding="utf-8")
    for _ in range(2):  # a page with a finding is never remembered as clean
        failed = run_build(content, out, extra=cache, check=False)
        assert failed.returncode != 0
        log = failed.stdout + failed.stderr
        assert "articulos/vecinaenlaza/index.html: enlaza a /articulos/enlazadacache/" in log
    # Nothing was published: the page still on the site is the one from before.
    assert page_of(out, "enlazadacache").exists()


def test_the_links_check_reads_a_changed_file_again_and_keys_are_stable(tmp_path):
    from voces_plugins.publication_rules.hidden_links import clean_files_cache, find_in_tree

    site = tmp_path / "site"
    (site / "articulos" / "a").mkdir(parents=True)
    page = site / "articulos" / "a" / "index.html"
    page.write_text('<p><a href="../b/">otra</a></p>', encoding="utf-8")
    (site / "index.html").write_text("<p>Portada</p>", encoding="utf-8")
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "SITEURL": "https://voces.example.org"}
    hosts = [("voces.example.org", "")]
    hidden = {"articulos/oculta": "salud/oculta.md", "rosa": "paginas/rosa.md"}
    for _ in range(2):
        cache = clean_files_cache(settings, hidden, hosts)
        assert find_in_tree(site, hidden, hosts, cache=cache) == []
    assert cache.hits == 2  # the second check read nothing again
    # The same addresses found in another order are the same cache.
    same = dict(reversed(list(hidden.items())))
    assert clean_files_cache(settings, same, hosts).path == cache.path

    # Same hidden addresses, the page changed: read again and caught, every time.
    page.write_text(
        '<p><a href="https://voces.example.org/articulos/oculta/">otra</a></p>', "utf-8"
    )
    for _ in range(2):
        errors = find_in_tree(site, hidden, hosts, cache=clean_files_cache(settings, hidden, hosts))
        assert len(errors) == 1 and errors[0].startswith(
            "articulos/a/index.html: enlaza a /articulos/oculta/ (salud/oculta.md)"
        ), errors

    # Another SITEURL is another cache: a link through it is caught in an unchanged file
    # (a page at the top, /rosa/: its bare slug in the text is no finding, its link is).
    page.write_text('<p><a href="https://otro.example/rosa/">x</a></p>', "utf-8")
    assert find_in_tree(site, hidden, hosts, cache=clean_files_cache(settings, hidden, hosts)) == []
    other = [("otro.example", "")]
    errors = find_in_tree(site, hidden, other, cache=clean_files_cache(settings, hidden, other))
    assert len(errors) == 1 and "enlaza a /rosa/ (paginas/rosa.md)" in errors[0], errors

    # voces revisar reads the cache and writes none.
    check_only = {
        **settings,
        "CACHE_PATH": str(tmp_path / "cache-revisar"),
        "VOCES_CHECK_ONLY": True,
    }
    find_in_tree(site, hidden, hosts, cache=clean_files_cache(check_only, hidden, hosts))
    assert not (tmp_path / "cache-revisar").exists()


# -- audio verification of the output: clean files remembered by hash ------------------


def test_the_audio_check_catches_a_tagged_file_or_a_new_budget_after_a_cached_check(tmp_path):
    import hashlib
    import shutil
    import subprocess

    import pytest

    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg no está instalado / is not installed")
    from audio_fixtures import voice_note_ogg

    from voces_plugins.audio import pipeline
    from voces_plugins.audio.check import clean_files_cache, scan_tree
    from voces_plugins.audio.config import merge

    config = merge({})
    clean = pipeline.process(voice_note_ogg(tmp_path / "nota.ogg"), config, aac=False)["ogg"]
    site = tmp_path / "site"
    (site / "audio").mkdir(parents=True)
    good = site / "audio" / f"{hashlib.sha256(clean['data']).hexdigest()[:24]}.ogg"
    good.write_bytes(clean["data"])
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    for _ in range(2):
        cache = clean_files_cache(settings, config)
        assert scan_tree(site, config, cache) == (1, [])
    assert cache.hits == 1  # the second check did not run ffprobe again

    # A file with a tag, named by its own hash (as a clean one would be): probed, caught.
    tagged = tmp_path / "tagged.ogg"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(good), "-c", "copy", "-metadata", "artist=Rosa",
         str(tagged)],
        check=True,
    )  # fmt: skip
    data = tagged.read_bytes()
    (site / "audio" / f"{hashlib.sha256(data).hexdigest()[:24]}.ogg").write_bytes(data)
    for _ in range(2):
        checked, problems = scan_tree(site, config, clean_files_cache(settings, config))
        assert checked == 2 and len(problems) == 1 and "artist" in problems[0], problems

    # A smaller budget is another cache: the clean file, unchanged, is over it.
    tight = {**config, "budget_bytes_per_minute": 1000}
    (site / "audio" / f"{hashlib.sha256(data).hexdigest()[:24]}.ogg").unlink()
    checked, problems = scan_tree(site, tight, clean_files_cache(settings, tight))
    assert checked == 1 and len(problems) == 1 and good.name in problems[0], problems


# -- compiled templates ----------------------------------------------------------------


def test_an_edited_template_shows_on_the_next_build_through_the_template_cache(tmp_path):
    """The theme's templates are compiled once and kept in CACHE_PATH/plantillas/
    (plugins/content_cache/templates.py); an edit to a template must still show on
    the next build, and a build from the cache gives the same page."""
    import shutil

    from voces_testing import BUILD_ENV, ROOT, build_in_process

    content = tmp_path / "content"
    story(content, "salud/lista.md", "historiaplantilla")
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    extra = {**cache_settings(tmp_path), "THEME": str(theme)}

    def build(out: Path) -> str:
        result = build_in_process(
            content, out, overrides=extra, env=BUILD_ENV, echo=False, root=ROOT
        )
        assert result.returncode == 0, result.log
        return page_of(out, "historiaplantilla").read_text(encoding="utf-8")

    first = build(tmp_path / "out1")
    assert list((tmp_path / "cache" / "pelican" / "plantillas").glob("*.jinja"))
    assert build(tmp_path / "out2") == first  # compiled code from the cache, same page

    template = theme / "templates" / "article.html"
    text = template.read_text(encoding="utf-8")
    assert "{% block content %}" in text
    template.write_text(
        text.replace("{% block content %}", "{% block content %}<p>marcaplantillanueva</p>", 1),
        encoding="utf-8",
    )
    assert "marcaplantillanueva" in build(tmp_path / "out3")
    assert "marcaplantillanueva" not in first
