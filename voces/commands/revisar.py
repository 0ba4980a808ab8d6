"""``voces revisar`` (``check``): every problem the build would stop on, writing nothing.

The production build's own plugins judge the content and stop before writing
(:mod:`voces.check`); then the checks that only make sense on sources (protected
terms in content/, files that still carry metadata). ``--fuente`` checks only what a
commit is about to save (:mod:`voces.source_check`, the pre-commit hook).

voces revisar [CARPETA] [-s publishconf.py] [--terminos ARCHIVO] [--fuente]
"""

from __future__ import annotations

import sys
from pathlib import Path

NAMES = ("revisar", "check")
HELP = (
    "Revisa el contenido con las mismas revisiones de la construcción de producción "
    "(estado, consentimiento, imágenes, enlaces, términos protegidos...), sin escribir "
    "nada. / Runs the production build's own checks on the content, writing nothing."
)


def configure(parser) -> None:
    parser.add_argument(
        "carpeta",
        nargs="?",
        default=None,
        metavar="CARPETA",
        help="carpeta del contenido (por defecto: la de los ajustes, content/) / content folder",
    )
    parser.add_argument(
        "-s",
        "--ajustes",
        "--settings",
        dest="settings",
        default=None,
        help="archivo de ajustes (por defecto: publishconf.py) / settings file",
    )
    parser.add_argument(
        "--fuente",
        "--sources",
        dest="sources",
        action="store_true",
        help="revisar solo lo que se va a guardar en git (lo usa el gancho pre-commit) / "
        "check only what is about to be committed (the pre-commit hook)",
    )
    parser.add_argument(
        "--terminos",
        "--terms",
        dest="terms",
        default=None,
        metavar="ARCHIVO",
        help="lista de términos protegidos (por defecto: VOCES_PROTECTED_TERMS "
        "o SAFETY['protected_terms_file']) / protected-terms file",
    )


def run(args) -> int:
    if args.sources:
        from voces.source_check import main as check_sources

        return check_sources([])
    if args.carpeta and not Path(args.carpeta).is_dir():
        print(
            f"No existe la carpeta de contenido «{args.carpeta}». Revise la ruta. / The "
            f"content folder '{args.carpeta}' does not exist. Check the path.",
            file=sys.stderr,
        )
        return 2
    if args.settings and not Path(args.settings).is_file():
        print(
            f"No existe el archivo de ajustes «{args.settings}». / The settings file "
            f"'{args.settings}' does not exist.",
            file=sys.stderr,
        )
        return 2
    from voces.check import check_content, print_report

    report = check_content(
        args.carpeta or args.root / "content",
        settings=str(Path(args.settings).resolve()) if args.settings else "publishconf.py",
        terms_file=args.terms,
        root=args.root,
    )
    print_report(report)
    print_machine_notes()
    return report.returncode


def print_machine_notes() -> None:
    """What this computer lacks to make the PDFs well (never a reason to fail)."""
    from voces_plugins.editions.pdf import machine_notes

    for note in machine_notes():
        print(f"Aviso sobre este equipo / About this computer: {note}")
