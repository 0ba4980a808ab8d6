"""Each bad edition input stops the build with a message that names the file and the fix,
and nothing is published."""

from __future__ import annotations


def failed(site, *fragments):
    proc = site.build(pdf=False, check=False)
    log = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0, log
    for fragment in fragments:
        assert fragment in log, f"{fragment!r} not in build log:\n{log}"
    assert not (site.output / "index.html").exists(), "a failed build must publish nothing"
    assert not list(site.output.rglob("*.pdf")) if site.output.exists() else True
    return log


def test_unknown_article_slug_stops_the_build(tiny_site):
    tiny_site.article("nuestro-circulo")
    tiny_site.edition(articles=["nuestro-circulo", "no-existe-este"])
    failed(
        tiny_site,
        "ediciones/01.md",
        "'no-existe-este' no existe",
        "does not exist",
        "Revise el 'slug'",
    )


def test_duplicate_edition_number_stops_the_build(tiny_site):
    tiny_site.article("nuestro-circulo")
    tiny_site.edition("01.md", number=1)
    tiny_site.edition("uno-otra-vez.md", number=1, title="Otra")
    failed(
        tiny_site, "ediciones/uno-otra-vez.md", "el número 1 ya lo usa", "number 1 is already used"
    )


def test_article_listed_in_two_editions_stops_the_build(tiny_site):
    tiny_site.article("nuestro-circulo", edition=None)
    tiny_site.edition("01.md", number=1, articles=["nuestro-circulo"])
    tiny_site.edition("02.md", number=2, articles=["nuestro-circulo"], title="Segunda")
    failed(
        tiny_site,
        "ediciones/02.md",
        "ya está en la edición 1",
        "An article goes in one edition only",
    )


def test_article_whose_file_names_another_edition_stops_the_build(tiny_site):
    tiny_site.article("nuestro-circulo", edition=1)
    tiny_site.edition("01.md", number=1, articles=[])
    tiny_site.edition("02.md", number=2, articles=["nuestro-circulo"], title="Segunda")
    failed(tiny_site, "ediciones/02.md", "dice 'edición: 1'", "its file says 'edition: 1'")


def test_article_in_an_edition_that_does_not_exist_stops_the_build(tiny_site):
    tiny_site.article("nuestro-circulo", edition=3)
    tiny_site.edition("01.md", number=1)
    failed(tiny_site, "comunidad/nuestro-circulo.md", "content/ediciones/03.md", "does not exist")


def test_article_left_out_of_an_explicit_list_stops_the_build(tiny_site):
    tiny_site.article("nuestro-circulo", edition=1)
    tiny_site.article("otra-historia", edition=1)
    tiny_site.edition(articles=["nuestro-circulo"])
    failed(
        tiny_site,
        "comunidad/otra-historia.md",
        "no está en la lista",
        "Add 'otra-historia' to the list",
    )


def test_edition_without_date_or_with_unknown_key_stops_the_build(tiny_site):
    tiny_site.article("nuestro-circulo")
    path = tiny_site.edition(date=None)
    path.write_text(
        path.read_text(encoding="utf-8").replace("número: 1", "número: 1\ncolor: rojo"),
        encoding="utf-8",
    )
    failed(tiny_site, "falta la fecha", "the date is missing", "la clave 'color' no se conoce")


def test_missing_cover_drawing_stops_the_build(tiny_site):
    tiny_site.article("nuestro-circulo")
    tiny_site.edition(cover="dibujos/no-esta.jpg")
    failed(tiny_site, "la portada 'dibujos/no-esta.jpg' no existe", "Check the file name")


def test_withdrawn_story_in_the_list_is_left_out_without_failing(tiny_site):
    tiny_site.article("nuestro-circulo")
    tiny_site.article("historia-retirada", status="retirado", title="Marcadorretirado")
    tiny_site.edition(articles=["nuestro-circulo", "historia-retirada"])
    proc = tiny_site.build(pdf=False)
    assert proc.returncode == 0
    page = (tiny_site.output / "ediciones" / "01" / "index.html").read_text(encoding="utf-8")
    assert "nuestro-circulo" in page
    assert "historia-retirada" not in page and "Marcadorretirado" not in page


def test_editorial_that_would_load_something_from_another_site_stops_the_build(tiny_site):
    tiny_site.article("nuestro-circulo")
    tiny_site.edition(
        body="Hola. ![x](https://rastreo.example.com/pixel.gif)\n\n<img src=x onerror=alert(1)>"
    )
    failed(tiny_site, "el editorial solo puede llevar texto", "the editorial may only hold text")
