"""Measure what the sanitize plugin and the quick exit cost readers and editors.

    .venv/bin/python scripts/bench_sanitize.py [--builds]

- bytes of quick-exit.js (raw and gzip; budget: JS < 1.5 KB raw); its CSS is in site.css
- time to sanitise + check for remote resources, per article, on the shipped content's
  HTML repeated to 1,000 articles
- with --builds: wall time of a production build of content/ with and without the plugin
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from markdown import Markdown  # noqa: E402
from pelican.settings import read_settings  # noqa: E402

from voces_plugins.sanitize.allowlist import clean_html  # noqa: E402
from voces_plugins.sanitize.remote import remote_resources  # noqa: E402


def sizes():
    for rel in ("theme/static/js/quick-exit.js",):
        data = (ROOT / rel).read_bytes()
        print(f"{rel}: {len(data)} B raw, {len(gzip.compress(data, 9))} B gzip")


def article_html():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    md = Markdown(**settings["MARKDOWN"])
    bodies = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.split("\n\n", 1)[-1]
        bodies.append(md.reset().convert(body))
    return bodies


def sanitise_speed(count=1000):
    bodies = article_html()
    if not bodies:
        print("no content/ articles to measure")
        return
    work = [bodies[i % len(bodies)] for i in range(count)]
    size = sum(len(b) for b in work)
    start = time.perf_counter()
    for html in work:
        cleaned = clean_html(html)
        remote_resources(html)
        remote_resources(cleaned)
    elapsed = time.perf_counter() - start
    print(
        f"sanitise + remote check: {count} articles ({size / 1024:.0f} KiB of HTML) in "
        f"{elapsed:.3f} s = {elapsed / count * 1000:.3f} ms per article"
    )


def build(plugins=None) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            sys.executable,
            "-m",
            "pelican",
            str(ROOT / "content"),
            "-s",
            str(ROOT / "publishconf.py"),
            "-o",
            str(Path(tmp) / "out"),
            "-q",
        ]
        if plugins is not None:
            cmd += ["-e", f"PLUGINS={json.dumps(plugins)}"]
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        return time.perf_counter() - start


def build_overhead():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    everything = list(settings["PLUGINS"])
    without = [p for p in everything if p != "sanitize"]
    build(everything)  # warm the image cache
    with_times, without_times = [], []
    for _ in range(3):  # alternate, so a busy machine weighs on both alike
        with_times.append(build(everything))
        without_times.append(build(without))
    print(
        f"production build of content/: {min(with_times):.2f} s with sanitize, "
        f"{min(without_times):.2f} s without (best of 3; noisy on a shared machine)"
    )


if __name__ == "__main__":
    sizes()
    sanitise_speed()
    if "--builds" in sys.argv:
        build_overhead()
