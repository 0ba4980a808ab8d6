"""What the commands share: bilingual messages and building through voces.build."""

from __future__ import annotations

import sys
from pathlib import Path


def absolute_path(path: str) -> Path:
    """An argparse ``type``: the path as given, made absolute before voces moves to
    the newsroom's folder."""
    return Path(path).expanduser().absolute()


def spanish_titles(parser, positionals: str = "argumentos") -> None:
    """argparse's section titles in Spanish ("opciones", and ``positionals``)."""
    parser._optionals.title = "opciones"
    parser._positionals.title = positionals


def add_help_option(parser) -> None:
    """``-h/--ayuda/--help``, the same on ``voces``, every command and every action."""
    parser.add_argument(
        "-h", "--ayuda", "--help", action="help", help="mostrar esta ayuda y salir / show help"
    )


def say(es: str, en: str) -> None:
    """A message for the editor on stderr: Spanish, then English on the next line."""
    print(f"{es}\n  / {en}", file=sys.stderr, flush=True)


def build(
    root: Path,
    settings: str,
    output,
    *,
    preview: bool = False,
    quiet: bool = False,
    verbose: bool = False,
    env=None,
) -> int:
    """A build in this process (voces.build.run_build), then one line saying how it went."""
    from voces.build import run_build

    result = run_build(
        root / "content",
        output,
        settings=settings,
        preview=preview,
        quiet=quiet,
        verbose=verbose,
        env=env,
        root=root,
    )
    if result.returncode == 0:
        say(f"Listo en {result.took:.1f} s: {output}", f"Done in {result.took:.1f} s: {output}")
    elif result.returncode != 130:  # Ctrl+C: run_build already said so
        say(
            f"La construcción falló (código {result.returncode}); lea los mensajes de arriba. "
            f"Lo que ya estaba en {output} no cambió.",
            f"The build failed (code {result.returncode}); read the messages above. "
            f"What was in {output} is unchanged.",
        )
    return result.returncode


def add_actions(parser, dest: str, title: str = "acciones"):
    """Sub-actions of a command (``voces buzon invitar``) with the same Spanish help as
    the commands: ``-h/--ayuda/--help``, "uso:" and Spanish section titles."""
    actions = parser.add_subparsers(dest=dest, metavar="ACCIÓN", title=title)
    plain_add_parser = actions.add_parser

    def add_parser(name, **kwargs):
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", parser.formatter_class)
        if "help" in kwargs:
            kwargs.setdefault("description", kwargs["help"])
        action = plain_add_parser(name, **kwargs)
        spanish_titles(action)
        add_help_option(action)
        return action

    actions.add_parser = add_parser
    return actions
