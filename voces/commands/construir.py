"""``voces construir`` (``build``): the production site in output/, PDFs included.

Builds with ``publishconf.py`` in this process; the build guard writes into a fresh
folder next to the output and swaps it in only when the build succeeded.
"""

from __future__ import annotations

from .common import build

NAMES = ("construir", "build")
HELP = "Construye el sitio de producción en output/ (con los PDF). / Production build into output/."


def configure(parser) -> None:
    parser.add_argument(
        "-o",
        "--salida",
        "--output",
        dest="output",
        default="output",
        metavar="CARPETA",
        help="carpeta de salida (por defecto: output) / output folder",
    )


def run(args) -> int:
    return build(args.root, "publishconf.py", args.output, quiet=args.quiet, verbose=args.verbose)
