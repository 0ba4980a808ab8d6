"""Benchmark for readers (issue 12): what a phone downloads, measured in Chromium.

Usage:  .venv/bin/python scripts/bench_readers.py [--site OUTPUT] [--lighthouse DIR]

Builds the shipped content/ with publishconf.py into a temporary folder (or measures
--site), serves it on 127.0.0.1 and opens it in Debian's Chromium at 360 px:

- first visit to an article (empty cache): every byte the server sent, the offline
  worker's own fetches included, and fonts alone;
- next pages (pages 2 to 5: other articles, same phone): what each fetches, the
  worker's copies included (it keeps one of directory, safety page, home per page view
  from the second on: page 2 the directory, page 3 the safety page, page 4 home);
- the search page's first query; layout shift (CLS) on each page type; /texto/.

Sizes: "raw" as served by this plain local server, and "gzip" as a host that
compresses text (GitHub Pages, Codeberg, nginx) sends it: each text response (HTML,
CSS, JS, JSON, SVG) counted at its gzip -6 size; fonts, images and Pagefind's
already-compressed files as they are. Nothing here is a test: it prints a table.

With --lighthouse DIR (a folder where `npm install lighthouse` worked, e.g. the
git-ignored .cache/lighthouse: `npm install --prefix .cache/lighthouse lighthouse`),
the sample is built again with an absolute SITEURL (http://127.0.0.1:PORT, the address
it is then served from, text gzip-compressed as GitHub Pages sends it) and Lighthouse
mobile runs twice on home, article, edition, directory, search, topics, English home
with CHROME_PATH=/usr/bin/chromium; it prints the four category scores and the ids of
the audits that cost points (--only-lighthouse skips the transfer table; --reports DIR
keeps the JSON reports).
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # voces_testing: builds, Chromium flags

from voces_testing import CHROMIUM, CHROMIUM_ARGS, run_pelican, serve_directory  # noqa: E402

OFFLINE_COPIES = {"/", "/directorio/", "/seguridad/"}
BUDGETS = {
    "first visit (article)": 60 * 1024,
    "next page (page 2)": 15 * 1024,
    "page 3": 15 * 1024,
    "page 4": 15 * 1024,
    "later page (page 5)": 15 * 1024,
    "first query": 150 * 1024,
}
# What the worker keeps with each later page (sw.js keepCore: one a page view).
KEPT_BY_PAGE = ({"/directorio/"}, {"/directorio/", "/seguridad/"}, OFFLINE_COPIES, OFFLINE_COPIES)
CLS_SCRIPT = """() => new Promise(done => {
  let cls = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries())
    if (!e.hadRecentInput) cls += e.value; }).observe({type: 'layout-shift', buffered: true});
  document.fonts.ready.then(() => setTimeout(() => done(cls), 500));
})"""


SENT: list[tuple[str, bytes]] = []  # what the server really sent: (path, body)


class _PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Like GitHub Pages: Cache-Control max-age=600 on every file; records every body
    it sends (the ground truth of what crossed the network)."""

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def copyfile(self, source, outputfile):
        data = source.read()
        SENT.append((self.path, data))
        outputfile.write(data)

    def log_message(self, *args):
        pass


class _GzipPagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves like GitHub Pages: text (HTML, CSS, JS, JSON, SVG, XML) gzip-compressed
    when the browser accepts it, Cache-Control max-age=600. Lighthouse's simulated slow
    4G then sees the bytes a phone would get, not this plain server's raw files."""

    TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".webmanifest", ".txt")

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a slash
            path = os.path.join(path, "index.html")
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.endswith(self.TEXT) and os.path.isfile(path)):
            return super().send_head()
        with open(path, "rb") as fh:
            body = gzip.compress(fh.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


def serve_like_pages(directory: Path):
    return serve_directory(directory, handler=_PagesLikeHandler)


def sent_size(path: str, body: bytes) -> tuple[int, int]:
    """(raw, as a gzip host would send it) of one body the server sent."""
    if body[:2] == b"\x1f\x8b" or path.endswith((".woff2", ".webp", ".jpg", ".png")):
        return len(body), len(body)
    return len(body), len(gzip.compress(body, 6))


class Meter:
    """What the server sent since the last take(): the page's requests, the offline
    worker's, anything; a file the browser had in its cache is not sent again."""

    def __init__(self, context):
        SENT.clear()

    def take(self):
        rows = [(path, *sent_size(path, body)) for path, body in SENT]
        SENT.clear()
        return rows


def copies_of(rows):
    """What the worker fetched of home, directory and safety page."""
    return [r for r in rows if r[0] in OFFLINE_COPIES]


def worker_settled(page, kept=()):
    """Wait until the offline worker controls the page and, with ``kept``, until it has
    those pages in its caches (or 20 s): its fetches are then in the count."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20000)
    script = "async (paths) => (await Promise.all(paths.map(p => caches.match(p)))).every(Boolean)"
    for _ in range(100 if kept else 0):  # wait_for_function does not await a Promise
        if page.evaluate(script, sorted(kept)):
            break
        page.wait_for_timeout(200)
    else:
        if kept:
            print(f"  (the worker did not keep {sorted(kept)})")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)  # a benchmark, not a test: let stragglers arrive


def total(rows, only=None):
    rows = [r for r in rows if not only or only in r[0]]
    return sum(r[1] for r in rows), sum(r[2] for r in rows)


def measure(site: Path) -> list[tuple[str, int, int, int | None]]:
    from playwright.sync_api import sync_playwright

    articles = sorted(site.glob("articulos/*/index.html"))
    paths = ["/" + a.parent.relative_to(site).as_posix() + "/" for a in articles[:5]]
    first = paths[0]
    server, base = serve_like_pages(site)
    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True
        )
        meter = Meter(context)
        page = context.new_page()
        page.goto(base + first, wait_until="networkidle")
        worker_settled(page)
        rows = meter.take()
        if os.environ.get("BENCH_VERBOSE"):
            for row in rows:
                print("  first visit:", row)
        # Everything the server sent: the page, and the offline worker's own fetches
        # (its script, the withdrawn list, any offline copies it makes at once).
        results.append(("first visit (article)", *total(rows), None))
        results.append(("  of which fonts", *total(rows, "/fonts/"), None))
        results.append(("  of which the offline worker", *total(rows, "sw.js"), None))
        results.append(("  of which offline copies", *total(copies_of(rows)), None))
        labels = ("next page (page 2)", "page 3", "page 4", "later page (page 5)")
        for label, path, kept in zip(labels, paths[1:], KEPT_BY_PAGE):
            page.goto(base + path, wait_until="networkidle")
            worker_settled(page, kept=kept)
            rows = meter.take()
            if os.environ.get("BENCH_VERBOSE"):
                for row in rows:
                    print(f"  {label}:", row)
            results.append((label, *total(rows), None))
            results.append(("  of which offline copies", *total(copies_of(rows)), None))
        page.goto(base + "/buscar/", wait_until="networkidle")
        meter.take()
        page.fill("#q", "migrante")
        page.press("#q", "Enter")
        page.wait_for_selector("#resultados .search-status")
        page.wait_for_load_state("networkidle")
        results.append(("first query", *total(meter.take()), None))
        context.close()
        for label, path in (
            ("home", "/"),
            ("article", first),
            ("directory", "/directorio/"),
            ("topics", "/temas/"),
            ("search", "/buscar/"),
            ("English home", "/en/"),
            ("text-only front page", "/texto/"),
        ):
            if path == "/texto/" and not (site / "texto" / "index.html").exists():
                results.append((f"{label} (not built)", 0, 0, None))
                continue
            fresh = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True)
            meter = Meter(fresh)
            page = fresh.new_page()
            page.goto(base + path, wait_until="networkidle")
            cls = page.evaluate(CLS_SCRIPT)
            rows = [r for r in meter.take() if r[0] not in OFFLINE_COPIES or r[0] == path]
            results.append((f"{label}: first visit, CLS", *total(rows), cls))
            fresh.close()
        browser.close()
    server.shutdown()
    return results


def edition_path(site: Path) -> str:
    found = sorted(p for p in site.glob("ediciones/*/index.html") if "imprimir" not in p.parts)
    return "/" + found[0].parent.relative_to(site).as_posix() + "/" if found else "/ediciones/"


CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def failing_audits(report: dict) -> dict[str, list[str]]:
    """Per category, the ids of the audits that cost points (score below 1, weight > 0)."""
    audits = report["audits"]
    failing = {}
    for key in CATEGORIES:
        ids = [
            ref["id"]
            for ref in report["categories"][key]["auditRefs"]
            if ref.get("weight")
            and audits[ref["id"]].get("score") is not None
            and audits[ref["id"]]["score"] < 1
        ]
        if ids:
            failing[key] = ids
    return failing


def lighthouse(folder: Path, reports: Path | None = None):
    """Lighthouse mobile, two runs a page, on the sample built with an absolute SITEURL
    (http://127.0.0.1:PORT, the address it is served from: hreflang, canonical and
    Open Graph need one) and served on 127.0.0.1 compressed like GitHub Pages."""
    site = Path(tempfile.mkdtemp(prefix="voces-lighthouse-")) / "output"
    # Served before it is built: the build needs the address (nothing asks for a page yet).
    server, base = serve_directory(site, handler=_GzipPagesHandler)
    run_pelican(ROOT / "content", site, env={"VOCES_SITEURL": base})
    pages = {
        "home": "/",
        "article": "/" + sorted(site.glob("articulos/*/"))[0].relative_to(site).as_posix() + "/",
        "edition": edition_path(site),
        "directory": "/directorio/",
        "search": "/buscar/",
        "topics": "/temas/",
        "English home": "/en/",
    }
    binary = folder / "node_modules" / ".bin" / "lighthouse"
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    print(f"\nLighthouse (mobile) on {base}: performance / accessibility / best practices / SEO")
    for run in (1, 2):
        for label, path in pages.items():
            done = subprocess.run(
                [
                    str(binary),
                    base + path,
                    "--quiet",
                    "--output=json",
                    "--output-path=stdout",
                    "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS),
                ],
                capture_output=True,
                text=True,
                env=env,
                timeout=300,
                check=False,
            )
            try:
                report = json.loads(done.stdout)
                cats = report["categories"]
                scores = [round(cats[k]["score"] * 100) for k in CATEGORIES]
                failing = failing_audits(report)
            except (ValueError, KeyError, TypeError):
                scores, failing = f"failed: {done.stderr.strip()[-200:]}", {}
            print(f"  run {run}  {label:14} {scores}  {failing or ''}")
            if reports:
                reports.mkdir(parents=True, exist_ok=True)
                name = f"{run}-{label.replace(' ', '-')}.json"
                (reports / name).write_text(done.stdout, encoding="utf-8")
    server.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built output folder (default: build now)")
    parser.add_argument("--lighthouse", type=Path, help="folder with node_modules/lighthouse")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's JSON reports here")
    parser.add_argument(
        "--only-lighthouse", action="store_true", help="skip the transfer measurements"
    )
    args = parser.parse_args()
    if args.only_lighthouse:
        lighthouse(args.lighthouse, args.reports)
        return 0
    site = args.site
    if site is None:
        site = Path(tempfile.mkdtemp(prefix="voces-bench-")) / "output"
        run_pelican(ROOT / "content", site)
    print(f"{'':38} {'raw':>9} {'gzip':>9} {'budget':>9}  CLS")
    for label, raw, zipped, cls in measure(site):
        budget = BUDGETS.get(label)
        mark = "" if budget is None else ("ok" if zipped <= budget else "OVER")
        print(
            f"{label:38} {raw / 1024:8.1f}K {zipped / 1024:8.1f}K "
            f"{(f'{budget / 1024:.0f}K ' + mark) if budget else '':>9}  "
            f"{'' if cls is None else f'{cls:.3f}'}"
        )
    if args.lighthouse:
        lighthouse(args.lighthouse, args.reports)
    return 0


if __name__ == "__main__":
    sys.exit(main())
