"""Peso del tema / theme weight: what a reader's phone downloads, in bytes.

Builds the shipped content/ with publishconf.py into a temporary folder (or reads
an existing build given as argument) and reports, raw and gzip-compressed:
the front page HTML (es, en), site.css, the fonts, the average page, and the
first visit to the front page on a 360 px phone (HTML + CSS + JS + fonts actually
referenced + favicon + the lead drawing at the width a 2x phone picks).

Budgets (docs: tema): CSS < 15 KB, front page HTML < 30 KB, fonts < 120 KB.

    .venv/bin/python scripts/bench_theme.py            # build, then measure
    .venv/bin/python scripts/bench_theme.py output/    # measure an existing build
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGETS = {"css": 15_000, "home_html": 30_000, "fonts": 120_000}


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def build(out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", "-o", str(out), "-q"],
        cwd=ROOT,
        check=True,
    )
    return time.perf_counter() - start


def local(site: Path, url: str) -> Path:
    return site / url.split("#")[0].split("?")[0].lstrip("/")


def first_visit(site: Path, page: Path) -> dict[str, int]:
    """Files a phone fetches to show `page` (no JS execution needed to find them)."""
    html = page.read_text(encoding="utf-8")
    files = {"html": page}
    for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
        files[href] = local(site, href)
    for src in re.findall(r'<script src="([^"]+)"', html):
        files[src] = local(site, src)
    for href in re.findall(r'<link rel="icon" href="([^"]+)"', html):
        files[href] = local(site, href)
    css = "".join(p.read_text(encoding="utf-8") for k, p in files.items() if k.endswith(".css"))
    for url in re.findall(r'url\("?([^")]+\.woff2)"?\)', css):
        if "italic" in url and "<em>" not in html and "<i>" not in html:
            continue  # the italic face loads only when italic text is on the page
        files[url] = (ROOT / "theme" / "static" / "css" / url).resolve()
    lead = re.search(r'<article class="lead">.*?<img[^>]*srcset="([^"]+)"', html, re.S)
    if lead:
        # a 360 px phone at 2x wants ~656 px: the smallest candidate >= that
        candidates = sorted((int(w), u) for u, w in re.findall(r"(\S+) (\d+)w", lead.group(1)))
        pick = next((u for w, u in candidates if w >= 656), candidates[-1][1])
        webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', html)
        if webp:
            wc = sorted((int(w), u) for u, w in re.findall(r"(\S+) (\d+)w", webp.group(1)))
            pick = next((u for w, u in wc if w >= 656), wc[-1][1])
        files["lead drawing"] = local(site, pick)
    return {name: path.stat().st_size for name, path in files.items()}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    with tempfile.TemporaryDirectory() as tmp:
        if argv:
            site, seconds = Path(argv[0]), None
        else:
            site = Path(tmp) / "output"
            seconds = build(site)
        css = (site / "theme" / "css" / "site.css").read_bytes()
        fonts = sorted((site / "theme" / "fonts").glob("*.woff2"))
        home_es = (site / "index.html").read_bytes()
        home_en = (site / "en" / "index.html").read_bytes()
        pages = [p for p in site.rglob("*.html") if "theme" not in p.parts]
        sizes = [p.stat().st_size for p in pages]
        rows = [
            ("site.css", len(css), gz(css), BUDGETS["css"]),
            ("portada / front page es", len(home_es), gz(home_es), BUDGETS["home_html"]),
            ("portada / front page en", len(home_en), gz(home_en), BUDGETS["home_html"]),
            (
                f"fuentes / fonts ({len(fonts)} woff2)",
                sum(f.stat().st_size for f in fonts),
                None,
                BUDGETS["fonts"],
            ),
            (f"página media / average page ({len(pages)})", sum(sizes) // len(sizes), None, None),
            ("página mayor / largest page", max(sizes), None, None),
        ]
        print(f"{'':42} {'bytes':>9} {'gzip':>8} {'budget':>8}")
        failed = False
        for name, raw, packed, budget in rows:
            ok = "" if budget is None else ("ok" if raw < budget else "OVER")
            failed |= ok == "OVER"
            print(
                f"{name:42} {raw:>9,} {packed if packed is not None else '':>8} "
                f"{budget if budget else '':>8} {ok}"
            )
        visit = first_visit(site, site / "index.html")
        print("\nprimera visita a la portada / first visit to the front page (360 px, 2x):")
        for name, size in visit.items():
            print(f"  {name:58} {size:>9,}")
        print(
            f"  {'total (sin compresión HTTP / before HTTP compression)':58} "
            f"{sum(visit.values()):>9,}"
        )
        if seconds is not None:
            print(f"\nconstrucción / build of content/: {seconds:.1f} s")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
