"""Benchmark: render time of a 16-page edition with 8 drawings, cold and cached.

Usage:  .venv/bin/python scripts/bench_editions.py [--keep]

Builds a throw-away site (8 articles, each with its own drawing made here with
Pillow, in edition 1) with the real plugins and publishconf.py, twice, with a fresh
PDF cache: the first build renders the three PDFs (cold), the second takes them
from the cache. Prints the page count and size of each PDF and the times.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ["testimonios", "prevencion-de-la-trata", "salud", "derechos", "comunidad"]
PARAGRAPH = (
    "Nos juntamos los jueves en la casa de la colectiva. Cada una trae lo que sabe: "
    "cómo cuidarse, dónde hacerse la prueba, qué hacer si alguien le quita los papeles. "
    "Hablamos despacio, sin prisa, y nadie tiene que contar lo que no quiere contar. "
)


def make_drawing(path: Path, seed: int):
    image = Image.new("RGB", (1600, 1200), (248, 244, 232))
    pen = ImageDraw.Draw(image)
    for k in range(12):
        x = 100 + (seed * 97 + k * 131) % 1300
        y = 100 + (seed * 53 + k * 89) % 900
        pen.ellipse([x, y, x + 160 + k * 8, y + 120 + k * 6], outline=(40, 40, 40), width=7)
    pen.line([0, 1100, 1600, 1000 - seed * 20], fill=(90, 60, 40), width=9)
    image.save(path, "JPEG", quality=88)


def make_site(root: Path):
    content = root / "content"
    (content / "dibujos").mkdir(parents=True)
    (content / "ediciones").mkdir()
    for n in range(1, 9):
        make_drawing(content / "dibujos" / f"dibujo-{n}.jpg", n)
        section = SECTIONS[n % len(SECTIONS)]
        (content / section).mkdir(exist_ok=True)
        body = "\n\n".join(
            (f"## Parte {p}\n\n" if p % 3 == 0 else "") + PARAGRAPH * 3
            for p in range(1, 5 + (n % 4 == 1))
        )
        body += "\n\n> Nadie tiene que pasar esto sola: juntas sabemos más.\n"
        consent = (
            "consentimiento: sí\nconsentimiento_fecha: 2026-10-01\n"
            "consentimiento_alcance: web, impreso\n"
            if section == "testimonios"
            else ""
        )
        (content / section / f"historia-{n}.md").write_text(
            f"título: Historia número {n} de la prueba\nfecha: 2026-11-{n:02d}\n"
            f"autora: Seudónimo {n}\nestado: publicado\nslug: historia-{n}\nedición: 1\n"
            f"imagen: dibujos/dibujo-{n}.jpg\nimagen_alt: Dibujo de prueba número {n}.\n"
            f"{consent}\n{body}",
            encoding="utf-8",
        )
    (content / "ediciones" / "01.md").write_text(
        "número: 1\ntítulo: Edición de prueba\nfecha: 2026-11-15\nportada: dibujos/dibujo-1.jpg\n"
        "portada_alt: Círculos dibujados.\n\nEditorial de prueba.\n",
        encoding="utf-8",
    )
    shutil.copy(ROOT / "content" / "directorio.toml", content / "directorio.toml")
    return content


def build(content: Path, output: Path, cache: Path):
    editions = {"cache_dir": str(cache)}
    cmd = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        str(ROOT / "publishconf.py"),
        "-o",
        str(output),
        "-v",
        "-e",
        f"EDITIONS={json.dumps(editions)}",
    ]
    started = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "COLUMNS": "300"}
    )
    total = time.perf_counter() - started
    if proc.returncode:
        sys.exit(f"build failed:\n{proc.stdout}\n{proc.stderr}")
    renders = [
        float(m)
        for m in re.findall(
            r"Edición 1: .*? \[[^\]]+\] \S+(?: \S+)? en ([\d.]+) s", proc.stdout + proc.stderr
        )
    ]
    return total, sum(renders), renders


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary site")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-editions-"))
    try:
        content = make_site(tmp)
        cache = tmp / "pdf-cache"
        cold_total, cold_pdf, cold_parts = build(content, tmp / "out1", cache)
        warm_total, warm_pdf, warm_parts = build(content, tmp / "out2", cache)
        folder = tmp / "out2" / "ediciones" / "01"
        print("PDFs:")
        for pdf in sorted(folder.glob("*.pdf")):
            print(
                f"  {pdf.name}: {len(PdfReader(pdf).pages)} pages, "
                f"{pdf.stat().st_size / 1024:.0f} KiB"
            )
        print(
            f"cold : PDFs {cold_pdf:.1f} s {['%.1f' % t for t in cold_parts]}, "
            f"whole build {cold_total:.1f} s"
        )
        print(
            f"cached: PDFs {warm_pdf:.1f} s {['%.1f' % t for t in warm_parts]}, "
            f"whole build {warm_total:.1f} s"
        )
        if args.keep:
            print(f"site kept in {tmp}")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
