"""Words that must never be published: the editors' protected terms.

A production build that would publish a term of the list (whatever its case, accents,
markup or the spacing of a phone number) stops, names the file and the term (never
the whole list), and leaves the previous output/ as it was.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from voces_testing import run_build, write_md

TERMS = """# Nombres reales y lugares: nunca se publican
Maria Lopez
Bar La Sirena Escondida   # un bar de la zona
962 123 4567
"""


def article(content, rel, slug, body, **extra):
    meta = {
        "título": f"Historia {slug}",
        "fecha": "2026-10-20",
        "autora": "Garza",
        "estado": "publicado",
        "slug": slug,
        **extra,
    }
    return write_md(content, rel, meta, body)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def terms_file(tmp_path) -> Path:
    path = tmp_path / "privado" / "terminos-protegidos.txt"
    path.parent.mkdir()
    path.write_text(TERMS, encoding="utf-8")
    return path


def test_term_in_output_stops_build_and_keeps_previous_site(tmp_path, terms_file):
    content = tmp_path / "content"
    article(content, "salud/clinica.md", "clinica", "La clínica abre los lunes.")
    out = tmp_path / "output"
    run_build(content, out, env={"VOCES_PROTECTED_TERMS": str(terms_file)})
    before = snapshot(out)

    article(
        content, "salud/vecina.md", "vecina", "Me acompañó mi vecina *MARÍA* López, que vive cerca."
    )
    proc = run_build(
        content, out, check=False, quiet=True, env={"VOCES_PROTECTED_TERMS": str(terms_file)}
    )
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    assert "articulos/vecina/index.html" in log
    assert "Maria Lopez" in log
    assert "feeds/todos.atom.xml" in log
    # The message names the term found, never the rest of the list.
    assert "Sirena" not in log and "962" not in log
    assert snapshot(out) == before


@pytest.mark.parametrize("written", ["9621234567", "+52 (962) 123-45-67", "962.123.4567"])
def test_phone_number_is_found_whatever_the_spacing(tmp_path, terms_file, written):
    content = tmp_path / "content"
    article(content, "derechos/ayuda.md", "ayuda", f"Llame al {written} si necesita ayuda.")
    out = tmp_path / "output"
    proc = run_build(
        content, out, check=False, quiet=True, env={"VOCES_PROTECTED_TERMS": str(terms_file)}
    )
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    assert "articulos/ayuda/index.html" in log and "962 123 4567" in log
    assert not out.exists()


def test_edition_pdfs_are_searched_too(tmp_path, terms_file):
    """The site's PDFs and the copy-shop PDFs (print-only stories) are searched."""
    content = tmp_path / "content"
    article(content, "salud/clinica.md", "clinica", "Pregunte por maria lopez.", edición=1)
    article(
        content,
        "testimonios/papel.md",
        "papel",
        "Trabajé en el bar la sirena escondida dos años.",
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
    out = tmp_path / "output"
    shop = tmp_path / "imprenta"
    proc = run_build(
        content,
        out,
        check=False,
        quiet=True,
        env={"VOCES_PROTECTED_TERMS": str(terms_file)},
        extra={"EDITIONS": {"copy_shop_dir": str(shop), "print_sample": True}},
    )
    assert proc.returncode != 0
    lines = (proc.stdout + proc.stderr).splitlines()
    site_pdf = [
        line
        for line in lines
        if "ediciones/01/" in line and ".pdf" in line and str(shop) not in line
    ]
    assert site_pdf and all("Maria Lopez" in line for line in site_pdf)
    shop_pdf = [
        line
        for line in lines
        if str(shop) in line and ".pdf" in line and "término protegido" in line
    ]
    assert shop_pdf and all("Bar La Sirena Escondida" in line for line in shop_pdf)
    assert not out.exists()


def test_the_setting_names_the_file_too(tmp_path, terms_file):
    content = tmp_path / "content"
    article(content, "salud/vecina.md", "vecina", "Habló con maria lopez.")
    proc = run_build(
        content,
        tmp_path / "output",
        check=False,
        quiet=True,
        extra={"SAFETY": {"protected_terms_file": str(terms_file)}},
    )
    assert proc.returncode != 0
    assert "Maria Lopez" in proc.stdout + proc.stderr


def test_a_named_file_that_does_not_exist_stops_the_build(tmp_path):
    content = tmp_path / "content"
    article(content, "salud/clinica.md", "clinica", "La clínica abre los lunes.")
    missing = tmp_path / "no-esta" / "terminos-protegidos.txt"
    out = tmp_path / "output"
    proc = run_build(
        content, out, check=False, quiet=True, env={"VOCES_PROTECTED_TERMS": str(missing)}
    )
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    assert str(missing) in log and "no existe" in log and "does not exist" in log
    assert not out.exists()


def test_a_term_inside_another_word_is_not_a_false_alarm(tmp_path):
    terms = tmp_path / "terminos.txt"
    terms.write_text("Lupe\n", encoding="utf-8")
    content = tmp_path / "content"
    article(
        content,
        "comunidad/fiesta.md",
        "fiesta",
        "La fiesta de la Virgen de Guadalupe fue muy bonita.",
    )
    run_build(content, tmp_path / "output", env={"VOCES_PROTECTED_TERMS": str(terms)})
    assert (tmp_path / "output/articulos/fiesta/index.html").is_file()


# -- the search itself, on files a build may write (compressed, JSON) ------------------


@pytest.fixture
def scanner():
    from voces_plugins.protected_terms.scan import scan_tree
    from voces_plugins.protected_terms.terms import parse_terms

    return lambda root: scan_tree(root, parse_terms(TERMS, "terminos"))


def test_compressed_files_and_json_are_opened(tmp_path, scanner):
    (tmp_path / "pagina.html.gz").write_bytes(
        gzip.compress("<p>Mar<em>í</em>a L&oacute;pez</p>".encode())
    )
    index = json.dumps({"pages": [{"text": "visitó el Bar La Sirena Escondida"}]})
    (tmp_path / "buscar.json").write_text(index.replace("Sirena", "Siren\\u0061"), encoding="utf-8")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("dentro/nota.txt", "tel. 962-123-45-67")
    (tmp_path / "edicion.zip").write_bytes(archive.getvalue())
    (tmp_path / "limpio.html").write_text("<p>Marianita y Lopezca</p>", encoding="utf-8")

    found = {f.path: [t.text for t in f.terms] for f in scanner(tmp_path)}
    assert found == {
        "pagina.html": ["Maria Lopez"],
        "buscar.json": ["Bar La Sirena Escondida"],
        "edicion.zip:dentro/nota.txt": ["962 123 4567"],
    }


def test_search_index_is_read_as_pagefind_writes_it(tmp_path):
    """Pagefind writes gzip under its own names (.pf_fragment, .pf_index); inside, a
    page's text as JSON and the words as CBOR. A name in the search index is found
    there, in the page's fragment and in the index, not only in the page."""
    import subprocess

    from voces_plugins.protected_terms.scan import scan_tree
    from voces_plugins.protected_terms.terms import parse_terms
    from voces_plugins.search.search import pagefind_executable

    site = tmp_path / "sitio"
    pages = {
        "vecina": "Me acompañó mi vecina Rosaura Tzunún al mercado.",
        "clinica": "La clínica abre los lunes.",
    }
    for slug, text in pages.items():
        (site / slug).mkdir(parents=True)
        (site / slug / "index.html").write_text(
            f'<!doctype html><html lang="es"><head><meta charset="utf-8"><title>{slug}</title>'
            f"</head><body><main><p>{text}</p></main></body></html>",
            encoding="utf-8",
        )
    subprocess.run(
        [str(pagefind_executable()), "--site", str(site), "--silent"], check=True, timeout=120
    )
    index = site / "pagefind"

    # The index keeps single words (and their stems): a surname is found there.
    findings = scan_tree(index, parse_terms("Rosaura Tzunún\nTzunún\n", "terminos"))
    found = {Path(f.path).suffix: [t.text for t in f.terms] for f in findings}
    assert found == {".pf_fragment": ["Rosaura Tzunún", "Tzunún"], ".pf_index": ["Tzunún"]}
    # Only the fragment of the page that has the name, not the other page's.
    assert len([f for f in findings if f.path.endswith(".pf_fragment")]) == 1


PERCENT_PIECES = ["%", "%C3", "%A1", "%ad", "%E2%82%AC", "%F0%9F", "%98%80", "%zz", "%2", "%25"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(PERCENT_PIECES), st.text(max_size=3)), max_size=12),
    st.sampled_from(["utf-8", "latin-1"]),
)
def test_percent_decoding_reads_as_urllib_does(pieces, encoding):
    """The term search undoes percent-encoding faster than urllib (only the escapes are
    decoded), and to the same text, broken and mixed escapes included."""
    from urllib.parse import unquote as urllib_unquote

    from voces_plugins.protected_terms.matching import unquote

    text = "".join(pieces)
    assert unquote(text, encoding) == urllib_unquote(text, encoding=encoding, errors="replace")


# -- disguised terms (red-team review) -------------------------------------------------

DISGUISE_TERMS = """María Secreta
Bar Estrella
962 123 4567
"""


@pytest.fixture
def disguise_terms(tmp_path) -> Path:
    path = tmp_path / "privado" / "terminos.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(DISGUISE_TERMS, encoding="utf-8")
    return path


DISGUISES = [
    (
        'Lea <a href="https://es.wikipedia.org/wiki/Mar%C3%ADa_Secreta">su historia</a>.',
        "María Secreta",
    ),
    ("Vea [el mapa](https://example.org/buscar?q=Bar+Estrella).", "Bar Estrella"),
    ("Llame al 962·123·4567.", "962 123 4567"),
    ("Llame al 962_123_4567.", "962 123 4567"),
    ("Llame al 962,123,4567.", "962 123 4567"),
    ("Llame al ９６２ １２３ ４５６７.", "962 123 4567"),
    ("Llame al ٩٦٢ ١٢٣ ٤٥٦٧.", "962 123 4567"),
    ("Habló Mar<picture></picture>ía Secreta.", "María Secreta"),
    ("Habló Mar<audio></audio>ía Secreta.", "María Secreta"),
    ("Habló M\u0430r\u00eda Secreta.", "María Secreta"),  # Cyrillic а
    ("Fuimos al B\u0430r \u0395str\u0435ll\u0430.", "Bar Estrella"),  # Cyrillic/Greek
    ("Llame al +52 962 123 4567.", "962 123 4567"),
]


@pytest.fixture(scope="module")
def disguised_build(tmp_path_factory):
    """One build with one article per disguise (each its own page): (proc, output, slugs)."""
    base = tmp_path_factory.mktemp("disguises")
    terms = base / "privado" / "terminos.txt"
    terms.parent.mkdir()
    terms.write_text(DISGUISE_TERMS, encoding="utf-8")
    content = base / "content"
    slugs = {}
    for number, (written, _term) in enumerate(DISGUISES, start=1):
        slugs[written] = f"ayuda-{number}"
        article(content, f"derechos/ayuda-{number}.md", slugs[written], written, resumen="Nota.")
    out = base / "output"
    proc = run_build(
        content, out, check=False, quiet=True, env={"VOCES_PROTECTED_TERMS": str(terms)}
    )
    return proc, out, slugs


@pytest.mark.parametrize(
    "written, term",
    DISGUISES,
    ids=[
        "url-percent",
        "url-plus",
        "middot",
        "underscore",
        "comma",
        "fullwidth",
        "arabic-digits",
        "picture",
        "audio",
        "cyrillic",
        "mixed-script",
        "country-code",
    ],
)
def test_a_disguised_term_is_still_found(disguised_build, written, term):
    """Every page and feed that carries the disguised term is named; nothing is written."""
    proc, out, slugs = disguised_build
    assert proc.returncode != 0, proc.stdout + proc.stderr
    lines = (proc.stdout + proc.stderr).splitlines()
    page = f"articulos/{slugs[written]}/index.html"
    hits = [line for line in lines if page in line and "protegido" in line]
    assert hits and all(term in line for line in hits), (page, lines)
    feed = [line for line in lines if "feeds/todos.atom.xml" in line and "protegido" in line]
    assert any(term in line for line in feed), lines
    assert not out.exists()


def test_a_phone_term_with_country_code_finds_the_national_number(tmp_path):
    terms = tmp_path / "terminos.txt"
    terms.write_text("+52 962 123 4567\n+504 9876 5432\n00503 7123 4567\n", encoding="utf-8")
    content = tmp_path / "content"
    article(content, "derechos/uno.md", "uno", "Llame al 962 123 4567.")
    article(content, "derechos/dos.md", "dos", "O al 9621234567 de noche.")
    article(content, "derechos/tres.md", "tres", "En Honduras: 9876-5432.")
    article(content, "derechos/cuatro.md", "cuatro", "En El Salvador: (503) 7123 4567.")
    proc = run_build(
        content,
        tmp_path / "output",
        check=False,
        quiet=True,
        env={"VOCES_PROTECTED_TERMS": str(terms)},
    )
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    expected = {
        "uno": "+52 962 123 4567",
        "dos": "+52 962 123 4567",
        "tres": "+504 9876 5432",
        "cuatro": "00503 7123 4567",
    }
    for slug, term in expected.items():
        line = next(line for line in log.splitlines() if f"articulos/{slug}/index.html" in line)
        assert term in line


def test_the_looser_search_raises_no_false_alarm(tmp_path, disguise_terms):
    """Whole words and whole numbers only: look-alikes of the terms are published."""
    content = tmp_path / "content"
    article(
        content,
        "comunidad/fiesta.md",
        "fiesta",
        "En Guadalupe, María Secretaria y el Bar Estrellas celebraron el 2026-10-20. "
        "Costó 962 pesos; llame al 911 o al 962 123 4568. "
        '<a href="https://es.wikipedia.org/wiki/Mar%C3%ADa_Secretaria">Secretaria</a>',
    )
    out = tmp_path / "output"
    run_build(content, out, env={"VOCES_PROTECTED_TERMS": str(disguise_terms)})
    assert "Bar Estrellas" in (out / "articulos/fiesta/index.html").read_text("utf-8")


def _id3_mp3(title: str) -> bytes:
    """An MP3 with an ID3v2.3 title in UTF-16 (as phones write it) and ID3v1 in latin-1."""
    text = b"\x01" + "\ufeff".encode("utf-16-le") + title.encode("utf-16-le")
    frame = b"TIT2" + len(text).to_bytes(4, "big") + b"\x00\x00" + text
    size = len(frame)
    synchsafe = bytes([(size >> 21) & 127, (size >> 14) & 127, (size >> 7) & 127, size & 127])
    audio = bytes(range(256)) * 8
    return b"ID3\x03\x00\x00" + synchsafe + frame + audio


def test_audio_video_and_unknown_files_are_searched_not_skipped(tmp_path, scanner):
    (tmp_path / "entrevista.mp3").write_bytes(_id3_mp3("Voz de María López"))
    # A Vorbis comment ends where the next one's length begins: here "B" (66 bytes).
    (tmp_path / "canto.ogg").write_bytes(
        b"OggS\x00\x02" + bytes(20) + b"\x03vorbis" + b"\x1e\x00\x00\x00ARTIST=Bar La "
        b"Sirena Escondida" + b"B\x00\x00\x00TITLE=" + bytes(range(200))
    )
    (tmp_path / "video.mp4").write_bytes(
        b"\x00\x00\x00\x18ftypmp42"
        + bytes(40)
        + b"\xa9nam\x00\x00\x00\x1bdata"
        + "Llamé al 962 123 4567".encode()
        + bytes(range(120))
    )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(
            "audio/nota.m4a",
            b"\x00\x00\x00\x14ftypM4A "
            + bytes(8)
            + b"\x00\x00\x00\x23\xa9ART\x00\x00\x00\x1bdata"
            + bytes(8)
            + "María López".encode()
            + bytes(range(60)),
        )
    (tmp_path / "paquete.zip").write_bytes(archive.getvalue())
    (tmp_path / "datos.bin").write_bytes(b"\xff\xfe\x00" + "María López".encode("latin-1"))
    (tmp_path / "roto.jpg").write_bytes(b"\xff\xd8\xff\xfe\x00\x10Maria Lopez" + bytes(30))
    (tmp_path / "limpio.mp3").write_bytes(_id3_mp3("Canción de cuna"))

    found = {f.path: [t.text for t in f.terms] for f in scanner(tmp_path)}
    assert found == {
        "entrevista.mp3": ["Maria Lopez"],
        "canto.ogg": ["Bar La Sirena Escondida"],
        "video.mp4": ["962 123 4567"],
        "paquete.zip:audio/nota.m4a": ["Maria Lopez"],
        "datos.bin": ["Maria Lopez"],
        "roto.jpg": ["Maria Lopez"],
    }


def test_a_file_found_clean_is_not_searched_again_in_the_same_process(tmp_path, monkeypatch):
    """A preview that builds again (or a build into another cache folder) takes the
    files found clean by this process; a file holding a term is searched and reported
    every time, and another list of terms searches everything again."""
    from voces_plugins.protected_terms import scan
    from voces_plugins.protected_terms.terms import parse_terms

    searched = []
    real = scan._search_files

    def counted(items, *args, **kwargs):  # the real search, with the names it was given
        searched.extend(rel for rel, _path, _key in items)
        return real(items, *args, **kwargs)

    monkeypatch.setattr(scan, "_search_files", counted)
    site = tmp_path / "output"
    site.mkdir()
    (site / "limpia.html").write_text("<p>Una historia sin nombres.</p>", encoding="utf-8")
    (site / "con-nombre.html").write_text("<p>Ella es Rosa Quetzal.</p>", encoding="utf-8")
    terms = parse_terms("Rosa Quetzal\n", "terminos.txt")
    for folder, expected in (("a", {"limpia.html", "con-nombre.html"}), ("b", {"con-nombre.html"})):
        searched.clear()
        cache = scan.clean_files_cache(tmp_path / folder, terms)
        found = scan.scan_tree(site, terms, clean_cache=cache)
        assert [f.path for f in found] == ["con-nombre.html"]
        assert set(searched) == expected, folder
    # b's own folder now remembers the clean file, as if it had searched it
    again = scan.clean_files_cache(tmp_path / "b", terms)
    assert again.get(next(k for k in again._load() if k.startswith("limpia.html"))) is True
    searched.clear()
    other = parse_terms("Ana\n", "terminos.txt")
    scan.scan_tree(site, other, clean_cache=scan.clean_files_cache(tmp_path / "c", other))
    assert set(searched) == {"limpia.html", "con-nombre.html"}  # another list: all again


def _cbor(value) -> bytes:
    """A small CBOR encoder for the test (RFC 8949, definite lengths)."""

    def head(major, n):
        if n < 24:
            return bytes([major << 5 | n])
        for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if n < 1 << (8 * size):
                return bytes([major << 5 | info]) + n.to_bytes(size, "big")
        raise ValueError(n)

    if isinstance(value, bool):
        return bytes([0xF5 if value else 0xF4])
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + __import__("struct").pack(">d", value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return head(3, len(data)) + data
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(_cbor(v) for v in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(_cbor(k) + _cbor(v) for k, v in value.items())
    raise TypeError(value)


def test_every_string_of_a_search_index_is_read_in_order():
    """cbor_strings reads Pagefind's CBOR index; a name anywhere in it must be seen."""
    from voces_plugins.protected_terms.extract import cbor_strings

    index = {
        "version": "1.5",
        "pages": [[0, 1, 2, [3, 4, {"w": "María", "n": [5, 6, 7]}]], 1.5, True, -300, 70000],
        "meta": [b"bytes", "Quetzal", [], {}, [[["hondo", 2**40]]]],
    }
    data = _cbor(index)
    assert cbor_strings(data) == [
        "version", "1.5", "pages", "w", "María", "n", "meta", "bytes", "Quetzal", "hondo"
    ]  # fmt: skip
    # indefinite-length array and text string, a tag, and two items in a row
    indefinite = b"\x9f\x7f\x62Ro\x63sa \xff\xc1\x1a\x00\x01\x00\x00\xff" + _cbor(["Ana"])
    assert cbor_strings(indefinite) == ["Ro", "sa ", "Ana"]
    for broken in (data[:-1], data[:7], b"\x9f\x01", b"\xff", b"\x1c"):
        with pytest.raises(ValueError):
            cbor_strings(broken)
