"""core.pdf_strings: every string a PDF carries, for the checks that must not miss one.

The object tree is read with qpdf (pikepdf) since it was 4x faster than pypdf on 400
PDFs; these tests hold it to what the pypdf walk found before, string for string."""

from __future__ import annotations

import io

import pytest

from voces_plugins.core.pdf_strings import read_pdf

HTML = """<html lang="es"><head><meta charset="utf-8"><title>Historia de María Peña</title>
<meta name="author" content="Garza Ñandú"></head><body>
<h1>Lo que aprendí cruzando</h1>
<p>Texto con <a href="https://voces.example/articulos/cruzando/">un enlace</a>.</p>
<p><img alt="Dibujo de la mariposa de Rosa" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="></p>
</body></html>"""


@pytest.fixture(scope="module")
def pdf_bytes():
    import weasyprint

    return weasyprint.HTML(string=HTML).write_pdf(pdf_tags=True)


def pypdf_walk(data: bytes) -> set[str]:
    """What the pypdf walk read (before pikepdf): every string object, decoded."""
    from pypdf import PdfReader
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        IndirectObject,
        TextStringObject,
    )

    reader = PdfReader(io.BytesIO(data))
    found, seen, stack = set(), set(), [reader.trailer]
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        if isinstance(node, TextStringObject):
            found.add(str(node))
        elif isinstance(node, ByteStringObject):
            found.add(bytes(node).decode("utf-8", errors="ignore") or bytes(node).decode("latin-1"))
        elif isinstance(node, DictionaryObject):
            stack.extend(v for k, v in node.items() if k not in ("/Parent", "/P"))
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return found


def test_links_alt_texts_and_metadata_are_read(pdf_bytes):
    found = read_pdf(pdf_bytes, pages=False)
    assert "https://voces.example/articulos/cruzando/" in found.uris
    assert "Dibujo de la mariposa de Rosa" in found.strings  # tagged PDF /Alt
    assert "Historia de María Peña" in found.metadata  # /Info, UTF-16 in the file
    assert any("Garza Ñandú" in m for m in found.metadata)
    assert "Lo que aprendí cruzando" in found.strings  # the bookmark


def test_every_string_the_pypdf_walk_found_is_still_found(pdf_bytes):
    found = read_pdf(pdf_bytes, pages=False)
    assert pypdf_walk(pdf_bytes) <= set(found.strings) | set(found.metadata)


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_a_damaged_pdf_is_refused_not_half_read(pdf_bytes, cut):
    """A truncated PDF is refused: a check must not vouch for what it could not read."""
    with pytest.raises(Exception):  # noqa: B017 (pikepdf.PdfError or ValueError)
        read_pdf(pdf_bytes[: int(len(pdf_bytes) * cut)], pages=False)
