"""Typography tuned for Spanish: «comillas», dashes, ¿¡ kept, no English-only rules."""

from voces_testing import run_build

ARTICLE = """título: ¿Dónde hacerse la prueba?
fecha: 2026-11-01
autora: Lucero
estado: publicado
slug: donde

Ella dijo: "No tengo miedo"... y fue -- sola -- a la clínica del CAPASITS.

¡Es gratis!
"""


def test_spanish_quotes_dashes_and_marks(tmp_path):
    content = tmp_path / "content" / "salud"
    content.mkdir(parents=True)
    (content / "donde.md").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    run_build(
        tmp_path / "content",
        out,
        extra={
            "PLUGINS": ["voces_plugins.build_guard", "voces_plugins.content_model"],
            "THEME": "simple",
            "PAGINATED_TEMPLATES": {
                "index": None,
                "tag": None,
                "category": None,
            },  # as simple expects
            "DIRECT_TEMPLATES": ["index"],
        },
    )
    html = (out / "articulos" / "donde" / "index.html").read_text(encoding="utf-8")
    assert "&laquo;No tengo miedo&raquo;" in html
    assert "&hellip;" in html and "&ndash;" in html
    assert "¡Es" in html and "¿Dónde" in html
    assert 'class="caps"' not in html, "CAPASITS must not be wrapped as English small caps"
    assert "&#8220;" not in html and "“" not in html
