"""Issue 9, protected terms: every string of every PDF, page joins, invisible characters,
any phone separator, an empty list, a list inside the repository, misspelt names.
"""

from __future__ import annotations

import base64
import io
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from voces_testing import ROOT, run_build, write_md

TERMS = """# lista de prueba
María Secreta
Bar La Sirena
962 123 4567
"""


@pytest.fixture(scope="module")
def matcher():
    from voces_plugins.protected_terms.matching import Matcher
    from voces_plugins.protected_terms.terms import parse_terms

    return Matcher(parse_terms(TERMS, "terminos"))


def found_in(name: str, data: bytes, matcher) -> set[str]:
    from voces_plugins.protected_terms.scan import scan_bytes

    return {term.text for finding in scan_bytes(name, data, matcher) for term in finding.terms}


def weasy_pdf(body: str, title: str = "Voces") -> bytes:
    import weasyprint

    html = (
        f"<html><head><title>{title}</title><style>@page {{ @top-center {{ content: "
        '"Voces · edición 1" } @bottom-center { content: counter(page) } }</style></head>'
        f"<body>{body}</body></html>"
    )
    return weasyprint.HTML(string=html).write_pdf(pdf_tags=True)


def tiny_png_uri() -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


# -- every string a PDF carries -------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "body", "title", "term"),
    [
        ("link target", '<a href="https://wa.me/529621234567">escríbenos</a>', "V", "962 123 4567"),
        ("alt text", '<img alt="María Secreta en su puerta" src="{png}">', "V", "María Secreta"),
        (
            "bookmark",
            "<h1 style=\"bookmark-label: 'Bar La Sirena'\">Capítulo</h1>",
            "V",
            "Bar La Sirena",
        ),
        ("metadata", "<p>Texto.</p>", "María Secreta", "María Secreta"),
    ],
)
def test_every_string_of_a_pdf_is_searched(matcher, where, body, title, term):
    data = weasy_pdf(body.replace("{png}", tiny_png_uri()), title)
    assert found_in("voces-01.pdf", data, matcher) == {term}, where


def test_a_name_split_by_a_page_break_is_found(matcher):
    data = weasy_pdf(
        "<p>Ella se llamaba María</p><p style='break-before: page'>Secreta y vivía cerca.</p>"
    )
    from voces_plugins.core.pdf_strings import read_pdf

    pages = read_pdf(data).pages
    assert "Voces · edición 1" in pages[0]  # the running head sits between the words
    assert found_in("voces-01.pdf", data, matcher) == {"María Secreta"}


def test_a_name_split_under_a_running_head_that_changes_is_found(matcher):
    """Found in the second attack: the edition's running head is the story's title
    (string-set), different on each page, so it is not a repeated line."""
    import weasyprint

    html = (
        "<html><head><style>@page { @top-left { content: string(story) } "
        "@bottom-center { content: counter(page) } } h2 { string-set: story content() }"
        "</style></head><body><h2>Primera historia</h2><p>Ella se llamaba María</p>"
        "<h2 style='break-before: page'>Otra historia distinta</h2><p>Secreta y vivía cerca.</p>"
        "</body></html>"
    )
    data = weasyprint.HTML(string=html).write_pdf()
    assert found_in("voces-01.pdf", data, matcher) == {"María Secreta"}


def test_a_phone_split_by_a_page_break_is_found(matcher):
    data = weasy_pdf("<p>Llame al 962 123</p><p style='break-before: page'>4567 de noche.</p>")
    assert found_in("voces-01.pdf", data, matcher) == {"962 123 4567"}


def test_running_heads_alone_raise_no_false_alarm(matcher):
    data = weasy_pdf("<p>María</p><p style='break-before: page'>Otra Secreta historia.</p>" * 1)
    # "María" then "Otra Secreta": not the protected name.
    assert found_in("voces-01.pdf", data, matcher) == set()


# -- invisible characters and phones ---------------------------------------------------

DISGUISES = {
    "zero-width space": "Ma\u200bría Secreta",
    "word joiner": "María\u2060 Secreta",
    "soft hyphen": "Ma\u00adría Se\u00adcreta",
    "variation selector": "Mari\ufe0fa Secreta",
    "tag characters": "Mar\U000e0041\U000e0042ía Secreta",
    "bidi isolate": "\u2066María\u2069 \u2067Secreta\u2069",
    "arabic letter mark": "María\u061c Secreta",
    "mongolian vowel sep.": "Mar\u180eía Secreta",
    "hangul filler": "María\u3164Secreta",
    "right-to-left override, reversed": "\u202eaterceS aíraM\u202c",
    "override until end of line": "Vi a \u202eaterceS aíraM",
}


@pytest.mark.parametrize("text", DISGUISES.values(), ids=DISGUISES.keys())
def test_invisible_characters_do_not_hide_a_name(matcher, text):
    page = f"<html><body><p>{text}</p></body></html>".encode()
    assert found_in("index.html", page, matcher) == {"María Secreta"}


def test_the_invisible_set_covers_every_format_character_of_this_python():
    from voces_plugins.protected_terms.terms import INVISIBLE

    missing = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf" and not INVISIBLE.match(chr(code))
    ]
    assert not missing


def _normalise_as_before(text: str) -> str:
    """``normalise`` as it was written before it was made faster (one pattern for every
    invisible character, ``str.translate`` for the look-alikes): the reference."""
    from voces_plugins.protected_terms import terms as t

    text = unicodedata.normalize("NFKD", text)
    if text.isascii():
        return text
    text = t.INVISIBLE.sub("", t.FILLERS.sub(" ", t.as_displayed(text)))
    text = text.translate(t.CONFUSABLES)
    return t.NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(), 0)), text)


def test_the_fast_invisible_patterns_remove_exactly_what_invisible_removes():
    """normalise removes invisible characters with a pattern of characters up to U+FFFF
    (one table lookup per character of a long text) and, only in a text that has any,
    one of the characters beyond: together, every character INVISIBLE matches."""
    from voces_plugins.protected_terms.terms import INVISIBLE, INVISIBLE_ASTRAL, INVISIBLE_BMP

    assert max(map(ord, INVISIBLE_BMP.pattern[1:-1])) <= 0xFFFF
    differ = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if bool(INVISIBLE.match(chr(code)))
        != bool(INVISIBLE_BMP.match(chr(code)) or INVISIBLE_ASTRAL.match(chr(code)))
    ]
    assert not differ


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(),
            st.sampled_from("аеорсΑΒμıɡ\u200b\u00ad\u3164\u202e\u202c\U000e0041٩９ﬁ"),
        ),
        max_size=60,
    )
)
def test_normalise_gives_what_it_gave_before_it_was_made_faster(text):
    from voces_plugins.protected_terms.terms import normalise

    assert normalise(text) == _normalise_as_before(text)


def test_normalise_of_binary_files_read_as_text_is_unchanged():
    """The Pagefind program and recordings are searched as bytes read as text: long
    texts of every script, where the faster normalise saves the most."""
    import random

    from voces_plugins.protected_terms.extract import binary_views
    from voces_plugins.protected_terms.terms import normalise

    chance = random.Random(9)
    data = bytes(chance.randrange(256) for _ in range(20000))
    for view in binary_views(data):
        assert normalise(view) == _normalise_as_before(view)


PHONES = [
    "962 • 123 • 4567",
    "962 ~~ 123 ~~ 4567",
    "962 -- 123 -- 4567",
    "(962) / 123 / 45 67",
    "9 6 2 1 2 3 4 5 6 7",
    "962 → 123 → 4567",
    "962<br>123<br>4567",
    "962 *** 123 *** 4567",
    "+52 1 (962) :: 123 :: 4567",
]


@pytest.mark.parametrize("phone", PHONES)
def test_a_phone_is_found_whatever_separates_its_digits(matcher, phone):
    page = f"<html><body><p>Llame al {phone}.</p></body></html>".encode()
    assert found_in("index.html", page, matcher) == {"962 123 4567"}


def test_numbers_near_each_other_are_not_a_phone(matcher):
    page = b"<p>El 2026-11-24 a las 12:30, mesa 962, sala 12.</p>"
    assert found_in("index.html", page, matcher) == set()


# -- real builds -------------------------------------------------------------------------


def story(content, rel="salud/nota.md", body="Texto.", **extra):
    meta = {"título": "Nota", "fecha": "2026-11-01", "estado": "publicado", **extra}
    return write_md(content, rel, meta, body)


def test_a_name_behind_a_right_to_left_override_stops_the_build_and_is_flagged(tmp_path):
    terms = tmp_path / "privado" / "terminos.txt"
    terms.parent.mkdir()
    terms.write_text(TERMS, encoding="utf-8")
    story(tmp_path / "content", body="La vecina \u202eaterceS aíraM\u202c me ayudó.")
    proc = run_build(
        tmp_path / "content",
        tmp_path / "output",
        check=False,
        env={"VOCES_PROTECTED_TERMS": str(terms)},
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "U+202E" in log and "nota.md" in log  # the content is flagged, the build stops
    assert not (tmp_path / "output").exists()  # (the name itself: the matcher tests above)


def test_a_zero_width_space_is_flagged_but_does_not_stop_a_clean_build(tmp_path):
    story(tmp_path / "content", body="Palabra\u200bpegada.")
    proc = run_build(tmp_path / "content", tmp_path / "output", check=False)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "U+200B" in log and "nota.md" in log


@pytest.mark.parametrize("text", ["", "\n\n", "# solo comentarios\n   # y más\n"])
def test_an_empty_terms_file_stops_a_production_build(tmp_path, text):
    terms = tmp_path / "privado" / "terminos.txt"
    terms.parent.mkdir()
    terms.write_text(text, encoding="utf-8")
    story(tmp_path / "content")
    proc = run_build(
        tmp_path / "content",
        tmp_path / "output",
        check=False,
        env={"VOCES_PROTECTED_TERMS": str(terms)},
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert str(terms) in log
    assert "no tiene ningún término" in log and "has no terms" in log


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_a_terms_file_inside_a_repository_is_refused_unless_ignored(tmp_path):
    repo = tmp_path / "proyecto"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    terms = repo / "mis-terminos.txt"
    terms.write_text(TERMS, encoding="utf-8")
    story(tmp_path / "content")
    env = {"VOCES_PROTECTED_TERMS": str(terms)}
    proc = run_build(tmp_path / "content", tmp_path / "output", check=False, env=env)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "dentro del repositorio" in log and "inside the repository" in log
    assert ".gitignore" in log

    (repo / ".gitignore").write_text("mis-terminos.txt\n", encoding="utf-8")
    proc = run_build(tmp_path / "content", tmp_path / "output", check=False, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_terms_file_already_committed_is_refused_even_if_ignored_now(tmp_path):
    """Found in the second attack: git check-ignore says «ignored» for a file that was
    committed before its name went into .gitignore; it is still in every push."""
    repo = tmp_path / "proyecto"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    terms = repo / "terminos-protegidos.txt"
    terms.write_text(TERMS, encoding="utf-8")
    git("add", "terminos-protegidos.txt", cwd=repo)
    (repo / ".gitignore").write_text("terminos-protegidos.txt\n", encoding="utf-8")
    story(tmp_path / "content")
    proc = run_build(
        tmp_path / "content",
        tmp_path / "output",
        check=False,
        env={"VOCES_PROTECTED_TERMS": str(terms)},
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "ya está guardado en git" in log and "already committed" in log


@pytest.mark.parametrize(
    "name",
    [
        "terminos-protegidos.txt",
        "términos-protegidos.txt",
        "Términos Protegidos.txt",
        "terminos_protegidos.txt",
        "TERMINOS-PROTEGIDOS.TXT",
        "terminos-protegidos.txt.txt",
        "terminos-protegidos (1).txt",
        "terminos-protegidos",
        "protected_terms.txt",
        "Protected-Terms.txt.txt",
        "privado/terminos-protegidos.csv",
    ],
)
def test_likely_misspellings_of_the_terms_file_are_git_ignored(name):
    proc = subprocess.run(
        ["git", "check-ignore", "-q", "--no-index", name], cwd=ROOT, capture_output=True
    )
    assert proc.returncode == 0, f"{name} is not ignored by .gitignore"


@pytest.mark.parametrize(
    "path", ["plugins/protected_terms/terms.py", "docs/terminos-protegidos.md"]
)
def test_the_code_and_docs_about_terms_are_not_ignored(path):
    proc = subprocess.run(
        ["git", "check-ignore", "-q", "--no-index", path], cwd=ROOT, capture_output=True
    )
    assert proc.returncode == 1, f"{path} would be ignored"


def test_copy_shop_pdf_links_and_alt_texts_are_searched(tmp_path):
    """The issue's case: a print-only story whose wa.me link and alt text carry terms."""
    terms = tmp_path / "privado" / "terminos.txt"
    terms.parent.mkdir()
    terms.write_text(TERMS, encoding="utf-8")
    content = tmp_path / "content"
    (content / "dibujos").mkdir(parents=True)
    (content / "dibujos" / "mariposa.jpg").write_bytes(
        (ROOT / "content" / "dibujos" / "mariposa.jpg").read_bytes()
    )
    story(content, body="La clínica abre los lunes.", edición=1)
    story(
        content,
        "testimonios/papel.md",
        body="[Escríbeme](https://wa.me/529621234567) si quieres hablar.\n\n"
        "![María Secreta frente a su casa](dibujos/mariposa.jpg)",
        título="Papel",
        edición=1,
        consentimiento="sí",
        consentimiento_fecha="2026-10-01",
        consentimiento_alcance="impreso",
    )
    write_md(
        content,
        "ediciones/01.md",
        {"número": 1, "título": "Número de prueba", "fecha": "2026-11-01"},
        "Presentación.",
    )
    shop = tmp_path / "imprenta"
    proc = run_build(
        content,
        tmp_path / "output",
        check=False,
        env={"VOCES_PROTECTED_TERMS": str(terms)},
        extra={
            "EDITIONS": {"copy_shop_dir": str(shop), "print_sample": True},
            "SITEURL": "https://voces.example.net",
        },
    )
    lines = (proc.stdout + proc.stderr).splitlines()
    assert proc.returncode != 0
    shop_lines = [line for line in lines if str(shop) in line and "término protegido" in line]
    assert any("962 123 4567" in line for line in shop_lines), lines
    assert any("María Secreta" in line for line in shop_lines), lines
    assert not list(shop.rglob("*.pdf"))


def test_a_name_in_a_file_name_is_found(tmp_path, matcher):
    """Found in the second attack: only file contents were searched, not their names."""
    from voces_plugins.protected_terms.scan import scan_tree

    folder = tmp_path / "escuchar" / "maria-secreta"
    folder.mkdir(parents=True)
    (folder / "audio.opus").write_bytes(b"OggS\x00\x02")
    findings = scan_tree(tmp_path, matcher.terms)
    assert [f.path for f in findings] == ["escuchar/maria-secreta/audio.opus"]
    assert findings[0].terms[0].text == "María Secreta"


@pytest.mark.parametrize("where", ["content", "output", "theme"])
def test_a_terms_file_inside_the_sites_folders_is_refused(tmp_path, where):
    """Found in the second attack: a git-ignored list inside output/ (or the content,
    the theme) passed the repository check but travels with the site."""
    story(tmp_path / "content")
    if where == "output":  # a site built before, the list put inside it afterwards
        run_build(tmp_path / "content", tmp_path / "output")
    folder = tmp_path / where
    folder.mkdir(exist_ok=True)
    terms = folder / "terminos-protegidos.txt"
    terms.write_text(TERMS, encoding="utf-8")
    extra = {"THEME": str(ROOT / "theme")}
    if where == "theme":
        extra["THEME"] = str(tmp_path / "theme")
        import shutil

        shutil.rmtree(tmp_path / "theme")
        shutil.copytree(ROOT / "theme", tmp_path / "theme")
        terms = tmp_path / "theme" / "terminos-protegidos.txt"
        terms.write_text(TERMS, encoding="utf-8")
    proc = run_build(
        tmp_path / "content",
        tmp_path / "output",
        check=False,
        env={"VOCES_PROTECTED_TERMS": str(terms)},
        extra=extra,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "una carpeta de la que se construye" in log and "built from or written to" in log
