"""Bad input stops the build with a clear, bilingual message, and publishes nothing."""

from __future__ import annotations

import pytest
from voces_testing import run_build

GOOD = """título: Una historia buena
fecha: 2026-11-01
autora: Lucero
estado: publicado
slug: historia-buena

Texto.
"""


def tiny_site(tmp_path, files: dict[str, bytes | str]):
    content = tmp_path / "content"
    (content / "salud").mkdir(parents=True)
    (content / "salud" / "buena.md").write_text(GOOD, encoding="utf-8")
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return content


def page_text(path):
    """The page's HTML with no-break spaces (typogrify's widont) read as spaces."""
    return path.read_text(encoding="utf-8").replace("\xa0", " ").replace("&nbsp;", " ")


BAD_CASES = {
    "bad_date": (
        "salud/mala.md",
        "título: X\nfecha: 2026-13-45\nestado: publicado\n\nx\n",
        ["salud/mala.md", "fecha", "2026-13-45", "AAAA-MM-DD", "YYYY-MM-DD"],
    ),
    "missing_title": (
        "salud/mala.md",
        "fecha: 2026-11-01\nestado: publicado\n\nx\n",
        ["salud/mala.md", "título", "title"],
    ),
    "unknown_status": (
        "salud/mala.md",
        "título: X\nfecha: 2026-11-01\nestado: listo\n\nx\n",
        [
            "salud/mala.md",
            "estado",
            "listo",
            "borrador, revisión, publicado",
            "draft, review, published",
        ],
    ),
    "empty_status": (
        "salud/mala.md",
        "título: X\nfecha: 2026-11-01\nestado:\n\nx\n",
        ["salud/mala.md", "estado", "vacío", "empty"],
    ),
    "missing_status": (
        "salud/mala.md",
        "título: X\nfecha: 2026-11-01\n\nx\n",
        ["salud/mala.md", "estado", "vacío", "empty"],
    ),
    "not_utf8": (
        "salud/mala.md",
        "título: Canción\nfecha: 2026-11-01\nestado: publicado\n\nañ\n".encode("latin-1"),
        ["salud/mala.md", "UTF-8"],
    ),
    "unknown_section": (
        "salud/mala.md",
        "título: X\nfecha: 2026-11-01\nestado: publicado\nsección: Deportes\n\nx\n",
        ["salud/mala.md", "sección", "Deportes", "testimonios"],
    ),
    "bad_edition": (
        "salud/mala.md",
        "título: X\nfecha: 2026-11-01\nestado: publicado\nedición: tres\n\nx\n",
        ["salud/mala.md", "edición", "tres"],
    ),
    "not_markdown": (
        "salud/mi-historia.md.txt",
        "título: X\nfecha: 2026-11-01\nestado: publicado\n\nx\n",
        ["salud/mi-historia.md.txt", ".md", "not Markdown"],
    ),
    "upper_case_extension": (
        "salud/HISTORIA.MD",
        "título: X\nfecha: 2026-11-01\nestado: publicado\n\nx\n",
        ["salud/HISTORIA.MD", ".md", "not Markdown"],
    ),
    "file_in_unknown_folder": ("testimonio/nota.txt", "hola\n", ["testimonio/nota.txt", ".md"]),
    "line_separator_in_header": (
        "salud/mala.md",
        "título: X\nfecha: 2026-11-01\n"
        "estado: publicado\u2028consentimiento_alcance: impreso\n\nx\n",
        ["salud/mala.md", "estado"],
    ),
    "duplicate_field": (
        "salud/mala.md",
        "título: X\nfecha: 2026-11-01\nfecha: 2026-11-02\nestado: publicado\n\nx\n",
        ["salud/mala.md", "[fecha]", "dos veces", "twice"],
    ),
    "bad_language": (
        "salud/mala.md",
        "título: X\nfecha: 2026-11-01\nestado: publicado\nidioma: fr\n\nx\n",
        ["salud/mala.md", "idioma", "fr"],
    ),
    "bad_consent": (
        "testimonios/mala.md",
        "título: X\nfecha: 2026-11-01\nestado: publicado\nconsentimiento: tal vez\n\nx\n",
        ["testimonios/mala.md", "consentimiento", "tal vez"],
    ),
}

BASE_EXTRA = {
    "PLUGINS": ["voces_plugins.build_guard", "voces_plugins.content_model"],
    "THEME": "simple",
    "PAGINATED_TEMPLATES": {"index": None, "tag": None, "category": None},  # as simple expects
    "DIRECT_TEMPLATES": ["index"],
}


@pytest.mark.parametrize("quiet", [False, True], ids=["normal", "quiet"])
@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_stops_the_build_and_names_file_and_field(tmp_path, case, quiet):
    name, text, words = BAD_CASES[case]
    content = tiny_site(tmp_path, {name: text})
    output = tmp_path / "output"
    proc = run_build(content, output, extra=BASE_EXTRA, check=False, quiet=quiet)
    said = proc.stdout + proc.stderr
    assert proc.returncode != 0, said
    flat = " ".join(said.split())
    for word in words:
        assert word in flat, f"{word!r} missing from:\n{said}"
    assert "Traceback" not in said
    # Nothing was published, not even the good article.
    assert not (output / "articulos" / "historia-buena" / "index.html").exists()


def test_failed_build_leaves_previous_output_as_it_was(tmp_path):
    content = tiny_site(tmp_path, {})
    output = tmp_path / "output"
    run_build(content, output, extra=BASE_EXTRA)
    page = output / "articulos" / "historia-buena" / "index.html"
    before = page.read_bytes()
    (content / "salud" / "mala.md").write_text(
        "título: X\nfecha: nunca\nestado: publicado\n\nx\n", encoding="utf-8"
    )
    proc = run_build(content, output, extra=BASE_EXTRA, check=False)
    assert proc.returncode != 0
    assert page.read_bytes() == before
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock"))
    assert left == ["content", "output"], "no staging folder may be left behind"


def test_spanish_and_english_keys_give_the_same_article(tmp_path):
    english = (
        "title: Same story\ndate: 2026-11-02\nauthor: Lucero\nstatus: published\n"
        "tags: uno, dos\nslug: same\n\nBody.\n"
    )
    spanish = (
        "Título: Misma historia\nFecha: 2026-11-02\nAutora: Lucero\nEstado: Publicado\n"
        "Etiquetas: uno, dos\nSección: Salud\nslug: misma\n\nCuerpo.\n"
    )
    content = tiny_site(tmp_path, {"salud/en.md": english, "derechos/es.md": spanish})
    output = tmp_path / "output"
    run_build(content, output, extra=BASE_EXTRA)
    same = page_text(output / "articulos" / "same" / "index.html")
    misma = page_text(output / "articulos" / "misma" / "index.html")
    assert "Same story" in same and "Misma historia" in misma
    # sección overrides the folder; both land in the Salud section
    salud = page_text(output / "secciones" / "salud" / "index.html")
    assert "Misma historia" in salud
    assert (output / "etiquetas" / "uno" / "index.html").exists()


def test_drafts_reviews_and_withdrawn_never_reach_a_production_build(tmp_path):
    files = {}
    for status in ("borrador", "draft", "revisión", "review", "retirado", "withdrawn"):
        slug = f"marca-{status.replace('ó', 'o')}"
        files[f"salud/{slug}.md"] = (
            f"título: MARCA {status}\nfecha: 2026-11-01\n"
            f"estado: {status}\nslug: {slug}\n\nTexto secreto.\n"
        )
    content = tiny_site(tmp_path, files)
    output = tmp_path / "output"
    run_build(content, output, extra=BASE_EXTRA)
    for path in output.rglob("*"):
        if path.is_file():
            text = path.read_bytes()
            assert b"MARCA" not in text and b"marca-" not in text, path
    assert not (output / "drafts").exists()


@pytest.mark.parametrize(
    "files, words",
    [
        (
            {
                "salud/dos.md": "título: Dos\nfecha: 2026-11-01\nestado: publicado\nslug: historia-buena\n\nx\n"
            },
            ["salud/dos.md", "salud/buena.md", "slug"],
        ),
        (
            {"paginas/dibujos.md": "título: Mis dibujos\nestado: publicado\nslug: dibujos\n\nx\n"},
            ["paginas/dibujos.md", "dibujos", "parte del sitio"],
        ),
        (
            {
                "salud/fuera.md": "título: Fuera\nfecha: 2026-11-01\nestado: publicado\nslug: ../seguridad\n\nx\n"
            },
            ["salud/fuera.md", "../seguridad"],
        ),
    ],
    ids=["two-articles-one-address", "page-over-the-gallery", "slug-leaving-its-folder"],
)
def test_pages_that_would_collide_stop_the_build_before_writing(tmp_path, files, words):
    content = tiny_site(tmp_path, files)
    proc = run_build(content, tmp_path / "output", check=False)
    said = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0, said
    assert "Traceback" not in said and "antes de escribir" in said
    for word in words:
        assert word in said, word
