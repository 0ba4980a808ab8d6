"""``voces retirar SLUG [--borrar]`` (``withdraw``): withdrawal reaches the sources too.

Sets ``estado: retirado`` in the story and its translations; ``--borrar`` deletes
their files and the drawings only they used, and records the slug so the build never
publishes anything at that address again. See :mod:`voces.withdraw`.
"""

from __future__ import annotations

NAMES = ("retirar", "withdraw")
HELP = (
    "Retira una historia y sus traducciones (--borrar: borra también sus archivos y "
    "dibujos). / Withdraws a story and its translations (--delete: deletes its files too)."
)


def configure(parser) -> None:
    parser.add_argument("slug", metavar="SLUG", help="la última parte de la dirección / the slug")
    parser.add_argument(
        "--borrar",
        "--delete",
        dest="delete",
        action="store_true",
        help="borrar los archivos y los dibujos que solo usaba esta historia / delete its files",
    )


def run(args) -> int:
    from voces.withdraw import run as withdraw

    return withdraw(args.root, args.slug, args.delete)
