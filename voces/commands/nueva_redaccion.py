"""``voces nueva-redaccion CARPETA`` (``new-newsroom``): a newsroom that starts safe.

Settings, section folders, one example article (a draft marked EJEMPLO), the
directory, a ``.gitignore`` keeping built sites, caches and submissions out of git,
``git init`` and the pre-commit hook. A folder with files is refused, untouched.
Works outside any newsroom (it makes one); see :mod:`voces.newsroom`.
"""

from __future__ import annotations

NAMES = ("nueva-redaccion", "nueva-redacción", "new-newsroom")
HELP = (
    "Crea una redacción nueva, segura desde el principio, en una carpeta nueva o vacía. "
    "/ Creates a new newsroom, safe from the start, in a new or empty folder."
)
#: Runs anywhere: it does not need (and must not look for) an existing newsroom.
NEEDS_PROJECT = False


def configure(parser) -> None:
    parser.add_argument(
        "carpeta", metavar="CARPETA", help="carpeta nueva o vacía / new or empty folder"
    )


def run(args) -> int:
    from pathlib import Path

    from voces.newsroom import NewsroomError, create

    from .common import say

    try:
        root = create(Path(args.carpeta))
    except NewsroomError as error:
        say(error.es, error.en)
        return 1
    say(
        f"Redacción nueva en {root}. Siguientes pasos: cd {root}; voces ver (vista previa); "
        "copie voces.local.toml.ejemplo como voces.local.toml y siga docs/guia-publicar.md "
        "para tener un repositorio PRIVADO de las fuentes y uno PÚBLICO del sitio.",
        f"New newsroom in {root}. Next: cd {root}; voces serve (preview); copy "
        "voces.local.toml.ejemplo to voces.local.toml and follow docs/guia-publicar.md for "
        "a PRIVATE sources repository and a PUBLIC site repository.",
    )
    return 0
