"""``voces edicion N`` (``edition N``): make one edition's three PDFs and say where.

A real production build of the whole site runs in this process into a temporary
folder, with only edition N's PDFs rendered (``voces_plugins.editions.delivery``).
Only if the whole build succeeds are the three PDFs copied into
``output-ediciones/NN/`` (kept out of git). The site in ``output/`` is not touched.
Rendered PDFs are cached in ``.cache/editions/``, so running it again without changes
takes only the time of the site build.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

NAMES = ("edicion", "edición", "edition")
HELP = "Construye los PDF de una edición y dice dónde están. / Builds one edition's PDFs."
#: Lines of the build's log an editor needs to see while the PDFs are made.
SHOWN = ("Edición", "ERROR", "CRITICAL", "WARNING")


def configure(parser) -> None:
    parser.add_argument("numero", metavar="N", help="número de la edición / edition number")
    parser.add_argument(
        "--papel",
        "--paper",
        dest="paper",
        choices=("letter", "a4"),
        help="tamaño de papel (Carta por defecto) / paper size (Letter by default)",
    )
    parser.add_argument(
        "--salida",
        "--output",
        dest="output",
        type=Path,
        default=None,
        metavar="CARPETA",
        help="carpeta para los PDF (por defecto: output-ediciones) / folder for the PDFs",
    )


def run(args) -> int:
    from voces.build import read_project_settings, run_build
    from voces_plugins.editions.delivery import deliver, edition_settings, parse_number

    number = parse_number(args.numero)
    if number is None:
        print(
            f"'{args.numero}' no es un número de edición. Ejemplo: voces edicion 1\n"
            f"'{args.numero}' is not an edition number. Example: voces edition 1",
            file=sys.stderr,
        )
        return 2
    root = args.root
    nn = f"{number:02d}"
    print(f"Haciendo los PDF de la edición {number}... / Making the PDFs of edition {number}...")
    configured = dict(read_project_settings("publishconf.py", root=root).get("EDITIONS") or {})
    with tempfile.TemporaryDirectory(prefix="voces-edicion-") as tmp:
        shop = Path(tmp) / "imprenta"
        result = run_build(
            root / "content",
            Path(tmp) / "sitio",
            settings="publishconf.py",
            overrides={"EDITIONS": edition_settings(configured, number, shop, args.paper)},
            verbose=True,
            echo=False,
            root=root,
        )
        for line in result.log.splitlines():
            if any(word in line for word in SHOWN):
                print(line.strip())
        if result.returncode != 0:
            if result.message:
                print(result.message, file=sys.stderr)
            print(
                "No se pudieron hacer los PDF: vea los mensajes de arriba.\n"
                "The PDFs could not be made: see the messages above.",
                file=sys.stderr,
            )
            return 1
        target = args.output or root / "output-ediciones"
        delivered = deliver(shop, number, target)
        if delivered is None:
            print(
                f"No existe la edición {number}: cree content/ediciones/{nn}.md.\n"
                f"Edition {number} does not exist: create content/ediciones/{nn}.md.",
                file=sys.stderr,
            )
            return 1
        print(f"Listo. Los PDF están en / Done. The PDFs are in: {Path(target) / nn}")
        for path, size, label in delivered:
            print(f"  {path}  ({size:.1f} MB) {label}")
    return 0
