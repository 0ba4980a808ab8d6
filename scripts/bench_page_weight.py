"""Weigh pages as a reader's phone downloads them: HTML + CSS + JS + fonts (+ images).

Usage: .venv/bin/python scripts/bench_page_weight.py [output] [page ...]

Counts every stylesheet and script the page links, every font those stylesheets point
to (an upper bound: a browser fetches only the faces it uses), and separately the
images the page references (the smallest candidate of each srcset, as a 360 px phone
would pick). Raw bytes and gzip bytes (what a server that compresses would send).
"""

from __future__ import annotations

import gzip
import re
import sys
from html.parser import HTMLParser
from pathlib import Path


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.css, self.js, self.images = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "") and a.get("media") != "print":
            self.css.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.js.append(a["src"])
        elif tag in ("img", "source") and (a.get("srcset") or a.get("src")):
            if tag == "source" and "webp" not in (a.get("type") or ""):
                return
            first = (a.get("srcset") or a.get("src")).split(",")[0].strip().split(" ")[0]
            self.images.append(first)


def local(root: Path, page: Path, url: str) -> Path | None:
    url = url.split("?")[0].split("#")[0]
    if re.match(r"^[a-z]+:|^//", url):
        return None
    path = root / url.lstrip("/") if url.startswith("/") else page.parent / url
    return path if path.is_file() else None


def weigh(root: Path, rel: str) -> dict:
    page = root / rel
    parser = Assets()
    html = page.read_bytes()
    parser.feed(html.decode("utf-8"))
    files = {"html": [page], "css": [], "js": [], "fonts": [], "images": []}
    for kind in ("css", "js", "images"):
        for url in dict.fromkeys(getattr(parser, kind)):
            found = local(root, page, url)
            if found:
                files[kind].append(found)
    for css in files["css"]:
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            found = local(root, css, url)
            if found and found.suffix in (".woff2", ".woff") and found not in files["fonts"]:
                files["fonts"].append(found)
    result = {}
    for kind, paths in files.items():
        raw = sum(p.stat().st_size for p in paths)
        packed = sum(
            len(gzip.compress(p.read_bytes(), 9))
            if p.suffix in (".html", ".css", ".js")
            else p.stat().st_size
            for p in paths
        )
        result[kind] = (raw, packed, len(paths))
    return result


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(argv[0] if argv else "output")
    pages = argv[1:] or [
        "index.html",
        next(str(p.relative_to(root)) for p in sorted((root / "articulos").glob("*/index.html"))),
    ]
    for rel in pages:
        result = weigh(root, rel)
        core = sum(result[k][0] for k in ("html", "css", "js", "fonts"))
        core_gz = sum(result[k][1] for k in ("html", "css", "js", "fonts"))
        print(f"{rel}")
        for kind, (raw, packed, count) in result.items():
            print(
                f"  {kind:7} {count:2} file(s) {raw / 1024:7.1f} KB  ({packed / 1024:6.1f} KB gzip)"
            )
        print(
            f"  HTML+CSS+JS+fonts: {core / 1024:.1f} KB ({core_gz / 1024:.1f} KB gzip); "
            f"with images: {(core + result['images'][0]) / 1024:.1f} KB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
