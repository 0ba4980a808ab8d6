"""``voces``: la orden de las editoras / the editors' command.

One parser, one thin entry point. Each command lives in its own module in
``voces/commands/`` (listed in ``voces.commands.COMMANDS``); every subcommand has a
Spanish name and English aliases, and shares ``--ayuda``/``--help``, ``--version``,
``-q``/``--silencio``/``--quiet`` and ``-v``/``--detalle``/``--verbose``:

    voces construir   (build)     sitio de producción en output/
    voces ver         (serve)     vista previa con recarga automática
    voces publicar    (publish)   construir y subir al repositorio del sitio
    voces edicion N   (edition)   los PDF de una edición
    voces revisar     (check)     revisar el contenido sin escribir nada
    voces verificar-imagenes (check-images)  buscar metadatos en imágenes y PDF
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from voces import __version__
from voces.commands import load as load_commands
from voces.commands.common import add_help_option, say, spanish_titles


class SpanishHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


def find_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pelicanconf.py").exists():
            return folder
    raise SystemExit(
        "No se encontró pelicanconf.py: ejecute voces dentro de la carpeta del proyecto.\n"
        "  / pelicanconf.py not found: run voces inside the project folder."
    )


def shared_options(parser, *, top: bool) -> None:
    """``--ayuda``, ``-q`` and ``-v``, defined once for ``voces`` and every command.

    On the commands their default is "not given", so ``voces -q construir`` and
    ``voces construir -q`` mean the same.
    """
    unset = {} if top else {"default": argparse.SUPPRESS}
    add_help_option(parser)
    parser.add_argument(
        "-q",
        "--silencio",
        "--quiet",
        dest="quiet",
        action="store_true",
        help="mostrar solo los errores / errors only",
        **({"default": False} if top else unset),
    )
    parser.add_argument(
        "-v",
        "--detalle",
        "--verbose",
        dest="verbose",
        action="store_true",
        help="contar cada paso de la construcción / tell every step",
        **({"default": False} if top else unset),
    )


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voces",
        formatter_class=SpanishHelpFormatter,
        add_help=False,
        description="Voces: construir, revisar y publicar el periódico.\n"
        "(Voces: build, check and publish the newspaper.)",
    )
    spanish_titles(parser, "órdenes")
    shared_options(parser, top=True)
    parser.add_argument(
        "--version",
        action="version",
        version=f"voces {__version__}",
        help="mostrar la versión y salir / show the version",
    )
    sub = parser.add_subparsers(dest="command", metavar="ORDEN", title="órdenes")
    for module in load_commands():
        command = sub.add_parser(
            module.NAMES[0],
            aliases=list(module.NAMES[1:]),
            help=module.HELP,
            description=module.HELP,
            add_help=False,
            formatter_class=SpanishHelpFormatter,
        )
        spanish_titles(command)
        shared_options(command, top=False)
        module.configure(command)
        command.set_defaults(run=module.run, needs_project=getattr(module, "NEEDS_PROJECT", True))
    return parser


def main(argv=None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    cwd = os.getcwd()
    args.root = None
    if args.needs_project:
        args.root = find_root()
        os.chdir(args.root)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        say(
            "Interrumpido (Ctrl+C); lo que ya estaba publicado no cambió.",
            "Interrupted (Ctrl+C); what was already published is unchanged.",
        )
        return 130
    finally:
        os.chdir(cwd)


if __name__ == "__main__":
    sys.exit(main())
