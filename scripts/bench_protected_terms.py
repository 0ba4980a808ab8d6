"""How long the protected-terms search adds to a production build.

    .venv/bin/python scripts/bench_protected_terms.py [OUTPUT_DIR]

Without OUTPUT_DIR the shipped content/ is built first (publishconf.py, into a
temporary folder). Then the finished tree is searched with lists of 10, 200 and 1,000
terms (made-up names, bars and phone numbers, none of them in the site), and a
synthetic tree of 1,000 article pages of ~20 KB is searched the same way.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from voces_plugins.protected_terms.pdf_cache import PdfTextCache  # noqa: E402
from voces_plugins.protected_terms.scan import scan_tree  # noqa: E402
from voces_plugins.protected_terms.terms import make_term  # noqa: E402

FIRST = [
    "Zenaida",
    "Yolotl",
    "Xiadani",
    "Wendolyn",
    "Vianey",
    "Ubaldina",
    "Tzitzi",
    "Sarahi",
    "Rubidia",
    "Quetzali",
    "Perpetua",
    "Otilia",
    "Nereida",
    "Migdalia",
]
LAST = [
    "Zubiria",
    "Yrigoyen",
    "Xicotencatl",
    "Wenceslao",
    "Villafuerte",
    "Urquidi",
    "Tlapanco",
    "Sotomarin",
    "Rivapalacio",
    "Quiroztla",
    "Pazuengo",
    "Olascoaga",
]


def made_up_terms(count: int):
    rng = random.Random(7)
    terms = []
    for line in range(1, count + 1):
        kind = line % 3
        if kind == 0:
            text = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
        elif kind == 1:
            text = f"Bar {rng.choice(LAST)} {rng.choice(FIRST)}"
        else:
            text = f"999 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"
        terms.append(make_term(text, line))
    return terms


def synthetic_tree(root: Path, pages: int = 1000):
    rng = random.Random(3)
    words = [
        "la",
        "prueba",
        "de",
        "VIH",
        "es",
        "gratuita",
        "en",
        "los",
        "servicios",
        "públicos",
        "de",
        "salud",
        "y",
        "nadie",
        "puede",
        "pedirle",
        "papeles",
        "para",
        "atenderla",
        "compañera",
        "promotora",
        "derechos",
    ]
    for number in range(pages):
        body = " ".join(rng.choice(words) for _ in range(2500))
        page = root / f"articulos/a{number}/index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            f"<html><body><article><h1>Título {number}</h1><p>{body}</p></article></body></html>",
            encoding="utf-8",
        )


def timed(root: Path, terms, cache=None) -> tuple[float, int]:
    started = time.perf_counter()
    findings = scan_tree(root, terms, cache)
    return time.perf_counter() - started, len(findings)


def report(label: str, root: Path, cache_folder: Path):
    files = [p for p in root.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files) / 1024 / 1024
    pdfs = sum(1 for p in files if p.suffix == ".pdf")
    print(f"{label}: {len(files)} files, {size:.1f} MiB, {pdfs} PDF")
    for count in (10, 200, 1000):
        cold, found = timed(root, made_up_terms(count))
        warm, _ = timed(root, made_up_terms(count), PdfTextCache(cache_folder))
        print(
            f"  {count:>5} terms: {cold:.2f} s without PDF text cache, {warm:.2f} s with "
            f"({found} findings)"
        )


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    with tempfile.TemporaryDirectory() as tmp:
        if argv:
            site = Path(argv[0])
        else:
            site = Path(tmp) / "output"
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pelican",
                    "content",
                    "-s",
                    "publishconf.py",
                    "-o",
                    str(site),
                    "-q",
                ],
                cwd=ROOT,
                check=True,
            )
            print(f"sample build: {time.perf_counter() - started:.1f} s")
        cache = Path(tmp) / "cache"
        PdfTextCache(cache)  # filled by the first warm run below
        scan_tree(site, made_up_terms(1), PdfTextCache(cache))
        report("sample site", site, cache)
        synthetic = Path(tmp) / "synthetic"
        synthetic_tree(synthetic)
        report("1,000 synthetic pages", synthetic, cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
