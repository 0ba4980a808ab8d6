"""The commands of ``voces``: one module each, listed once here.

Each module has ``NAMES`` (Spanish first, then aliases), ``HELP`` ("Español. /
English."), ``configure(parser)`` (its own arguments; the shared ``-q``, ``-v`` and
``--ayuda`` are added by ``voces.cli``) and ``run(args) -> int`` (the exit status).
``args.root`` is the project folder (the one holding ``pelicanconf.py``), already the
working directory. A module is imported only when ``voces`` starts, so keep imports of
Pelican, WeasyPrint and the plugins inside ``run``.

To add a command, write its module and add one line to ``COMMANDS``.
"""

from __future__ import annotations

import importlib

COMMANDS = [
    "construir",
    "ver",
    "publicar",
    "edicion",
    "revisar",
    "verificar_imagenes",
    "nueva_redaccion",
    "agregar_dibujo",
    "agregar_audio",
    "retirar",
    "buzon",
    "importar_whatsapp",
]


def load() -> list:
    """The command modules, in the order of ``COMMANDS`` (the order ``--ayuda`` shows)."""
    return [importlib.import_module(f"{__name__}.{name}") for name in COMMANDS]
