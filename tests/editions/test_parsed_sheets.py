"""Print style sheets parsed once per process (editions/pdf.py ``with_parsed_sheets``)
are parsed again after any edit, even one that keeps the file's size and date (a copy
with ``cp -p``, a restore from a backup): otherwise the PDF made with the old sheet
would be cached under the new sheet's key and handed out for good."""

from __future__ import annotations

import io
import os

from pypdf import PdfReader

from voces_plugins.editions import pdf


def render_text(html: str, sheet) -> str:
    import weasyprint

    fetcher = pdf.local_only_fetcher([sheet.parent])
    page_html, options = pdf.with_parsed_sheets(html, fetcher)
    document = weasyprint.HTML(string=page_html, base_url=sheet.parent.as_uri() + "/")
    data = document.render(**options).write_pdf()
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_an_edit_that_keeps_size_and_date_is_read(tmp_path):
    sheet = tmp_path / "print.css"
    sheet.write_text(".secret { display: none; }\n", encoding="utf-8")
    html = (
        f'<html><head><link rel="stylesheet" href="{sheet.as_uri()}"></head>'
        '<body><p class="secret">Rosa Quetzal</p><p>visible</p></body></html>'
    )
    assert "Rosa" not in render_text(html, sheet)
    before = os.stat(sheet)
    sheet.write_text(".secret { display: block }\n", encoding="utf-8")  # same size
    assert os.stat(sheet).st_size == before.st_size
    os.utime(sheet, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert "Rosa Quetzal" in render_text(html, sheet)


def test_a_font_replaced_under_the_same_name_is_read(tmp_path):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    theme_fonts = sorted(
        (pdf.Path(__file__).resolve().parents[2] / "theme/static/fonts").glob("*.woff2")
    )
    font = fonts / "letra.woff2"
    font.write_bytes(theme_fonts[0].read_bytes())
    sheet = tmp_path / "print.css"
    sheet.write_text(
        '@font-face { font-family: L; src: url("fonts/letra.woff2") format("woff2"); }\n'
        "p { font-family: L; }\n",
        encoding="utf-8",
    )
    first = pdf._sheet_digest(str(sheet))
    font.write_bytes(theme_fonts[1].read_bytes())
    assert pdf._sheet_digest(str(sheet)) != first


def test_a_name_in_widely_spaced_letters_is_found_in_the_pdf(tmp_path):
    """PDFium reads letters spread by letter-spacing (~0.1em and more) as words of their
    own ("Ro s a Q u e t z a l"); such a page is also read with pypdf, so a theme that
    spreads a running head's letters never hides a protected name from the search."""
    import weasyprint

    from voces_plugins.protected_terms.scan import scan_tree
    from voces_plugins.protected_terms.terms import parse_terms

    fonts = pdf.Path(__file__).resolve().parents[2] / "theme" / "static" / "fonts"
    face = fonts / "source-serif-4-latin-700-normal.woff2"
    site = tmp_path / "output"
    site.mkdir()
    for n, spacing in enumerate(("0.1em", "0.15em", "0.2em")):
        html = (
            f"<style>@font-face {{ font-family: S; src: url({face.as_uri()}); }}"
            f"p {{ font-family: S; letter-spacing: {spacing}; }}</style>"
            "<p>Rosa Quetzal</p><p>ANA</p><p>Un texto sin nombres.</p>"
        )
        (site / f"edicion-{n}.pdf").write_bytes(weasyprint.HTML(string=html).write_pdf())
    terms = parse_terms("Rosa Quetzal\nAna\n", "terminos.txt")
    found = {f.path: sorted(t.text for t in f.terms) for f in scan_tree(site, terms)}
    assert found == {f"edicion-{n}.pdf": ["Ana", "Rosa Quetzal"] for n in range(3)}, found


def test_an_edit_to_an_imported_sheet_is_read(tmp_path):
    """A sheet that @imports another: an edit to the imported one (same size and date)
    changes the parsed sheet's key and the edition PDF cache's key too."""
    imported = tmp_path / "partes.css"
    imported.write_text(".secret { display: none; }\n", encoding="utf-8")
    sheet = tmp_path / "print.css"
    sheet.write_text('@import "partes.css";\np { margin: 0; }\n', encoding="utf-8")
    first = pdf._sheet_digest(str(sheet))
    first_pdf_key = pdf.cache_key("<html></html>", sheet)
    before = os.stat(imported)
    imported.write_text(".secret { display: block }\n", encoding="utf-8")
    os.utime(imported, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert pdf._sheet_digest(str(sheet)) != first
    # The cached PDF made with the old imported sheet is not used either.
    assert pdf.cache_key("<html></html>", sheet) != first_pdf_key
