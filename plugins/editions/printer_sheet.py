"""What the copy shop needs to print the booklet right, said once for the PDF and the CLI.

``instructions(pages, paper, booklet_sheet)`` gives the lines (Spanish, with the
English after a slash); ``theme/templates/edition_printer_sheet.html`` lays them
out as ``voces-NN-imprenta.pdf`` (one page the editor hands over with the booklet)
and ``voces edicion`` prints the same lines.
"""

from __future__ import annotations

#: Booklet sheet per page size: the sheet is twice the page, so the text keeps its size.
SHEETS = {
    ("letter", "double"): ("11 × 17 pulgadas (doble carta, tabloide)", "11 × 17 in (tabloid)"),
    ("a4", "double"): ("A3 (297 × 420 mm)", "A3"),
    ("letter", "same"): ("carta (8.5 × 11 pulgadas), horizontal", "letter, landscape"),
    ("a4", "same"): ("A4, horizontal", "A4, landscape"),
}


def instructions(pages: int, paper: str = "letter", booklet_sheet: str = "double") -> list:
    """[(label_es, value_es, value_en)] for the copy shop; ``pages`` of the edition."""
    sheet_es, sheet_en = SHEETS[(paper, booklet_sheet)]
    sheets = -(-pages // 4)
    return [
        ("Archivo", "el cuadernillo (…-cuadernillo.pdf)", "the booklet file"),
        ("Papel", sheet_es, sheet_en),
        (
            "Hojas por ejemplar",
            f"{sheets} ({pages} páginas)",
            f"{sheets} sheets ({pages} pages)",
        ),
        ("Impresión", "a doble cara (dúplex)", "double-sided (duplex)"),
        (
            "Voltear",
            "por el borde CORTO (si no, la vuelta sale de cabeza)",
            "flip on the SHORT edge (otherwise every back is upside down)",
        ),
        (
            "Tamaño",
            "real, 100 %: NO «ajustar a la página»",
            "actual size, 100%: NO 'fit to page'",
        ),
        ("Color", "blanco y negro", "black and white"),
        (
            "Armado",
            "doblar a la mitad, en orden, y engrapar dos veces en el doblez",
            "fold in half, in order, and staple twice on the fold",
        ),
    ]


def text_lines(pages: int, paper: str = "letter", booklet_sheet: str = "double") -> list[str]:
    """The instructions as lines for the terminal (Spanish, then English)."""
    return [
        f"  {label}: {value_es}  / {value_en}"
        for label, value_es, value_en in instructions(pages, paper, booklet_sheet)
    ]
