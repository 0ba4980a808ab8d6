"""``voces edicion N`` (``voces edition N``): make one edition's three PDFs.

It runs a real production build of the whole site (consent, scope, withdrawals
and every check applied) into a temporary folder, with only edition N's PDFs
rendered, and asks for the copy-shop PDFs: these also carry the stories whose
authors consented to paper only, which the PDFs published on the site never do.
Only if the whole build succeeds are the three PDFs copied into
``output-ediciones/NN/`` (kept out of git); then it says where they are. The site
in ``output/`` is not touched. Rendered PDFs are cached in ``.cache/editions/``, so
running it again without changes takes only the time of the site build.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .pdf import write_atomic

ROOT = Path(__file__).resolve().parents[2]
VARIANT_LABELS = (
    ("voces-{nn}.pdf", "a color / colour"),
    ("voces-{nn}-bn.pdf", "blanco y negro, para fotocopiar / black and white, for photocopying"),
    (
        "voces-{nn}-cuadernillo.pdf",
        "cuadernillo: doble cara, doblar y engrapar / booklet: double-sided, fold and staple",
    ),
)


def _parser():
    parser = argparse.ArgumentParser(
        prog="voces edicion", description="Hace los PDF de una edición. / Makes one edition's PDFs."
    )
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
        default=ROOT / "output-ediciones",
        help="carpeta para los PDF / folder for the PDFs",
    )
    return parser


def _configured_editions(root: Path) -> dict:
    """The EDITIONS setting as pelicanconf.py/publishconf.py define it."""
    from pelican.settings import read_settings

    cwd = os.getcwd()
    try:
        os.chdir(root)
        settings = read_settings(str(root / "publishconf.py"))
    finally:
        os.chdir(cwd)
    return dict(settings.get("EDITIONS") or {})


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        number = int(args.numero)
        if number < 1:
            raise ValueError
    except ValueError:
        print(
            f"'{args.numero}' no es un número de edición. Ejemplo: voces edicion 1\n"
            f"'{args.numero}' is not an edition number. Example: voces edition 1",
            file=sys.stderr,
        )
        return 2
    nn = f"{number:02d}"
    print(f"Haciendo los PDF de la edición {number}... / Making the PDFs of edition {number}...")
    with tempfile.TemporaryDirectory(prefix="voces-edicion-") as tmp:
        site = Path(tmp) / "sitio"
        shop = Path(tmp) / "imprenta"
        editions = {
            **_configured_editions(ROOT),
            "only": number,
            "pdf": True,
            "copy_shop_dir": str(shop),
        }
        if args.paper:
            editions["paper"] = args.paper
        cmd = [
            sys.executable,
            "-m",
            "pelican",
            str(ROOT / "content"),
            "-s",
            str(ROOT / "publishconf.py"),
            "-o",
            str(site),
            "-v",
            "-e",
            f"EDITIONS={json.dumps(editions)}",
        ]
        proc = subprocess.run(
            cmd, cwd=ROOT, text=True, capture_output=True, env={**os.environ, "COLUMNS": "200"}
        )
        for line in (proc.stdout + proc.stderr).splitlines():
            if any(word in line for word in ("Edición", "ERROR", "CRITICAL", "WARNING")):
                print(line.strip())
        if proc.returncode != 0:
            print(
                "No se pudieron hacer los PDF: vea los mensajes de arriba.\n"
                "The PDFs could not be made: see the messages above.",
                file=sys.stderr,
            )
            return 1
        made = shop / nn
        if not (made / f"voces-{nn}.pdf").is_file():
            print(
                f"No existe la edición {number}: cree content/ediciones/{nn}.md.\n"
                f"Edition {number} does not exist: create content/ediciones/{nn}.md.",
                file=sys.stderr,
            )
            return 1
        target = args.output / nn
        target.mkdir(parents=True, exist_ok=True)
        print(f"Listo. Los PDF están en / Done. The PDFs are in: {target}")
        for pattern, label in VARIANT_LABELS:
            name = pattern.format(nn=nn)
            write_atomic(target / name, (made / name).read_bytes())
            size = (target / name).stat().st_size / 1048576
            print(f"  {target / name}  ({size:.1f} MB) {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
