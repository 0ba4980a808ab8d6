"""Handing one edition's PDFs to an editor (``voces edicion N``).

The command (``voces/commands/edicion.py``) runs a real production build of the whole
site (consent, scope, withdrawals and every check applied) into a temporary folder,
with only edition N's PDFs rendered and the copy-shop PDFs asked for (they also carry
the stories whose authors consented to paper only). These functions say which
settings that build needs and copy the three PDFs out once it passed.
"""

from __future__ import annotations

from pathlib import Path

from .pdf import write_atomic

VARIANT_LABELS = (
    ("voces-{nn}.pdf", "a color / colour"),
    ("voces-{nn}-bn.pdf", "blanco y negro, para fotocopiar / black and white, for photocopying"),
    (
        "voces-{nn}-cuadernillo.pdf",
        "cuadernillo: doble cara, doblar y engrapar / booklet: double-sided, fold and staple",
    ),
    (
        "voces-{nn}-imprenta.pdf",
        "instrucciones para la imprenta (entréguela con el cuadernillo) / instructions for "
        "the copy shop (hand it over with the booklet)",
    ),
)


def parse_number(text: str) -> int | None:
    """The edition number an editor typed, or None when it is not one."""
    try:
        number = int(text)
    except ValueError:
        return None
    return number if number >= 1 else None


def edition_settings(configured: dict, number: int, shop: Path, paper: str | None) -> dict:
    """``EDITIONS`` for a build that renders edition ``number`` only, copy-shop PDFs in ``shop``."""
    editions = {**configured, "only": number, "pdf": True, "copy_shop_dir": str(shop)}
    if paper:
        editions["paper"] = paper
    return editions


def deliver(shop: Path, number: int, target: Path) -> list[tuple[Path, float, str]] | None:
    """Copy the three PDFs the build left in ``shop`` into ``target``/NN.

    Returns (path, size in MB, label) for each, or None when the build made no such
    edition (there is no ``content/ediciones/NN.md``); nothing is copied then.
    """
    nn = f"{number:02d}"
    made = Path(shop) / nn
    if not (made / f"voces-{nn}.pdf").is_file():
        return None
    folder = Path(target) / nn
    folder.mkdir(parents=True, exist_ok=True)
    delivered = []
    for pattern, label in VARIANT_LABELS:
        name = pattern.format(nn=nn)
        write_atomic(folder / name, (made / name).read_bytes())
        delivered.append((folder / name, (folder / name).stat().st_size / 1048576, label))
    return delivered
