"""``voces verificar-imagenes`` (``check-images``): metadata left in a built folder.

Looks at every image, every image inside a PDF and every image embedded in a page of
a built folder (``output/`` by default); the checks are the images plugin's own
(``voces_plugins.images.check``), the same the build runs before publishing.
"""

from __future__ import annotations

NAMES = ("verificar-imagenes", "check-images")
HELP = (
    "Busca metadatos (GPS, cámara...) en las imágenes y PDF de una carpeta construida. "
    "/ Looks for metadata left in a built folder."
)


def configure(parser) -> None:
    parser.add_argument(
        "carpeta",
        nargs="?",
        default="output",
        help="carpeta a revisar (por defecto: output) / folder to check",
    )


def run(args) -> int:
    from voces_plugins.images.check import report_folder

    return report_folder(args.carpeta)
