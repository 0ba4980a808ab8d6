"""``voces revisar`` (``check``): every problem the build would stop on, without building.

voces revisar [CARPETA] [-s publishconf.py] [--terminos ARCHIVO] [--fuente]
"""

from __future__ import annotations

import sys
from pathlib import Path

NAMES = ("revisar", "check")
HELP = (
    "Revisa el contenido (estado, consentimiento, imágenes, enlaces, términos "
    "protegidos...) sin construir. / Checks content without building."
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
    from voces import review

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
    settings = review.load_settings(args.settings, args.carpeta)
    content_root = Path(settings["PATH"]).resolve()
    problems, notices, entries = review.review(content_root, settings, args.terms)
    review.print_report(content_root, problems, notices, entries)
    return 1 if problems else 0
