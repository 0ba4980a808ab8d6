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
        help="tamaño de la página: letter (Carta, por defecto; el cuadernillo va en doble "
        "carta, 11×17 pulgadas) o a4 (el cuadernillo va en A3) / page size: letter (default; "
        "the booklet is on 11×17 in) or a4 (the booklet is on A3)",
    )
    parser.add_argument(
        "--muestra",
        "--sample",
        dest="sample",
        action="store_true",
        help="hace los PDF aunque el sitio o el directorio tengan datos de ejemplo, con "
        "«MUESTRA» en cada página (para un taller, no para repartir) / makes the PDFs even "
        "with sample data, marked SAMPLE on every page (for a workshop, not to hand out)",
    )
    parser.add_argument(
        "--prueba",
        "--proof",
        dest="proof",
        action="store_true",
        help="además, una prueba: cada página junto a su fotocopia simulada (PNG) y una hoja "
        "de contacto, para revisar antes de imprimir / also a proof: each page next to its "
        "simulated photocopy (PNG) and a contact sheet, to check before printing",
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


def unsafe_target(target: Path, root, settings) -> str | None:
    """Why ``--salida`` must not be ``target``: the copy-shop PDFs carry print-only
    stories, so they never go where the site (or its preview, or the content) is."""
    root = Path(root).resolve()
    target = target.resolve()  # as the command will use it (relative to where it runs)
    forbidden = {
        root / "output",
        root / ".preview",
        (root / str(settings.get("OUTPUT_PATH") or "output")).resolve(),
        (root / str(settings.get("PATH") or "content")).resolve(),
    }
    for folder in sorted(forbidden):
        if target == folder or folder in target.parents:
            return (
                f"--salida {target}: está dentro de {folder}, que se publica o se construye "
                "como sitio. Los PDF para la imprenta llevan historias que solo se permiten en "
                "papel: elija una carpeta fuera (por defecto output-ediciones/).\n"
                f"--output {target}: it is inside {folder}, which is published or built as the "
                "site. The copy-shop PDFs carry stories allowed on paper only: choose a folder "
                "outside it (output-ediciones/ by default)."
            )
    return None


def edition_files(content: Path, number: int) -> list[Path]:
    """The edition files whose name starts with ``number`` (``01.md``, ``01.en.md``).

    Said before building: a missing edition is known without a build (which would stop
    first on anything else, such as the sample data of a new project).
    """
    folder = content / "ediciones"
    found = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        digits = path.name[: len(path.name) - len(path.name.lstrip("0123456789"))]
        if digits and int(digits) == number:
            found.append(path)
    return found


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
    site_settings = read_project_settings("publishconf.py", root=root)
    problem = unsafe_target(
        Path(args.output or Path(root) / "output-ediciones"), root, site_settings
    )
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if not edition_files(Path(site_settings["PATH"]), number):
        print(
            f"No existe la edición {number}: cree content/ediciones/{nn}.md.\n"
            f"Edition {number} does not exist: create content/ediciones/{nn}.md.",
            file=sys.stderr,
        )
        return 1
    print(f"Haciendo los PDF de la edición {number}... / Making the PDFs of edition {number}...")
    configured = dict(site_settings.get("EDITIONS") or {})
    with tempfile.TemporaryDirectory(prefix="voces-edicion-") as tmp:
        shop = Path(tmp) / "imprenta"
        result = run_build(
            root / "content",
            Path(tmp) / "sitio",
            settings="publishconf.py",
            overrides={
                "EDITIONS": {
                    **edition_settings(configured, number, shop, args.paper),
                    **({"print_sample": True} if getattr(args, "sample", False) else {}),
                }
            },
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
        if delivered is None and (Path(root) / "content" / "ediciones" / f"{nn}.md").is_file():
            print(
                f"La edición {number} no está publicada (estado: borrador, revisión o "
                f"retirado en content/ediciones/{nn}.md): sus PDF no se hacen. Escriba "
                "«estado: publicado» cuando esté lista.\n"
                f"Edition {number} is not published (status draft, review or withdrawn in "
                f"content/ediciones/{nn}.md): its PDFs are not made. Write 'estado: "
                "publicado' when it is ready.",
                file=sys.stderr,
            )
            return 1
        if delivered is None:
            print(
                f"No existe la edición {number}: cree content/ediciones/{nn}.md.\n"
                f"Edition {number} does not exist: create content/ediciones/{nn}.md.",
                file=sys.stderr,
            )
            return 1
        # A later withdrawal must reach this folder too (withdrawn_prints.prune).
        from voces_plugins.editions.withdrawn_prints import remember_delivery

        remember_delivery(root, Path(target))
        print(f"Listo. Los PDF están en / Done. The PDFs are in: {Path(target) / nn}")
        for path, size, label in delivered:
            print(f"  {path}  ({size:.1f} MB) {label}")
        folder = Path(target) / nn
        print_copy_shop_instructions(folder, nn, configured, args.paper)
        if getattr(args, "proof", False):
            make_proof(folder, nn)
    return 0


def print_copy_shop_instructions(folder: Path, nn: str, configured: dict, paper) -> None:
    """The same instructions as voces-NN-imprenta.pdf, in the terminal."""
    from pypdf import PdfReader

    from voces_plugins.editions.printer_sheet import text_lines

    pages = len(PdfReader(folder / f"voces-{nn}.pdf").pages)
    print("Para la imprenta / For the copy shop:")
    for line in text_lines(
        pages, paper or configured.get("paper", "letter"), configured.get("booklet_sheet", "double")
    ):
        print(line)


def make_proof(folder: Path, nn: str) -> None:
    """``--prueba``: each page of the B/W PDF next to its simulated photocopy."""
    from voces_plugins.editions.proof import proof

    print("Haciendo la prueba... / Making the proof...")
    made = proof(folder / f"voces-{nn}-bn.pdf", folder / "prueba")
    print(
        f"Prueba: {len(made['pages'])} páginas junto a su fotocopia en {folder / 'prueba'}; "
        f"vea primero {made['contact_sheet']} / Proof: {len(made['pages'])} pages next to "
        f"their photocopy; look first at the contact sheet."
    )
