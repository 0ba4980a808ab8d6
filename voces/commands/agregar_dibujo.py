"""``voces agregar-dibujo FOTO… [--nombre NOMBRE]`` (``add-drawing``): clean at the door.

Each photo is turned upright and re-encoded from its pixels at full resolution (no
GPS, phone model, date or comment survives), then written into ``content/dibujos/``
under a neutral name; the Markdown line to paste is printed. ``--en-su-lugar`` cleans
images already in ``content/`` keeping their names. See :mod:`voces.drawings`.
"""

from __future__ import annotations

from .common import absolute_path

NAMES = ("agregar-dibujo", "add-drawing")
HELP = (
    "Agrega fotos de dibujos a content/dibujos/ sin metadatos y con un nombre neutro. "
    "/ Adds drawing photos to content/dibujos/ without metadata, under a neutral name."
)


def configure(parser) -> None:
    parser.add_argument(
        "fotos",
        nargs="+",
        metavar="FOTO",
        type=absolute_path,  # parsed before voces moves to the newsroom's folder
        help="JPEG, PNG, HEIC o WebP",
    )
    parser.add_argument(
        "--nombre",
        "--name",
        dest="name",
        default=None,
        metavar="NOMBRE",
        help="nombre del dibujo (por defecto: dibujo-001...) / drawing name",
    )
    parser.add_argument(
        "--en-su-lugar",
        "--in-place",
        dest="in_place",
        action="store_true",
        help="limpiar imágenes que ya están en content/, con el mismo nombre / clean images "
        "already in content/, keeping their names",
    )


def run(args) -> int:
    from voces.drawings import run as add

    return add(args.root, args.fotos, args.name, args.in_place)
