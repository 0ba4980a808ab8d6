"""Measure the image pipeline's budgets (issue 3).

    .venv/bin/python scripts/bench_images.py [--photos 100] [--skip-sample]

Reports: bytes of the 720 px WebP of each sample drawing (content/dibujos/) and of
a generated 12 MP phone photo of a drawing (budget: <= 60 KB); cold and cached
build time for a site using N 12 MP photos (real Pelican builds, all cores); the
number of images the metadata check covers in a build of the sample site.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

from voces_plugins.images.check import scan_tree  # noqa: E402
from voces_plugins.images.clean import encode, prepare  # noqa: E402
from voces_plugins.images.config import merge  # noqa: E402
from voces_plugins.images.variants import scaled  # noqa: E402


def phone_photo(seed, size=(4000, 3000)):
    """A 12 MP 'phone photo' of an ink/pencil drawing: uneven light, paper grain."""
    rnd = random.Random(seed)
    w, h = size
    small = Image.new("L", (w // 4, h // 4), 232)
    draw = ImageDraw.Draw(small)
    for _ in range(60):
        x, y = rnd.randrange(w // 4), rnd.randrange(h // 4)
        points = [(x, y)]
        for _ in range(25):
            x += rnd.randint(-30, 30)
            y += rnd.randint(-30, 30)
            points.append((x, y))
        draw.line(points, fill=rnd.randint(30, 90), width=rnd.randint(1, 3))
    im = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(1.2))
    light = Image.linear_gradient("L").rotate(rnd.randint(0, 359)).resize(size)
    im = Image.composite(im, im.point(lambda v: v * 0.75), light)
    grain = Image.effect_noise(size, 10)
    im = Image.blend(im, grain, 0.06)
    return Image.merge("RGB", (im, im.point(lambda v: v * 0.98), im.point(lambda v: v * 0.93)))


def webp_720(path, config):
    im, size = prepare(str(path), config, draft_width=720)
    w, h = scaled(size, 720)
    return len(
        encode(
            im.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0),
            "WEBP",
            config["webp_quality"],
            method=config["webp_method"],
        )
    )


def build(content, out, cache):
    cmd = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        str(ROOT / "publishconf.py"),
        "-o",
        str(out),
        "-e",
        "IMAGES=" + json.dumps({"cache_dir": str(cache)}),
    ]
    started = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--skip-sample", action="store_true")
    args = parser.parse_args()
    config = merge({"IMAGES": {}}, report=False)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print("== 720 px WebP per drawing (budget 60 KB) ==")
        for path in sorted((ROOT / "content" / "dibujos").glob("*")):
            if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".heic"):
                with Image.open(path) as im:
                    mp = im.width * im.height / 1e6
                print(f"  {path.name:32s} {mp:5.1f} MP -> {webp_720(path, config):7,d} B")
        photo = tmp / "doce-mp.jpg"
        phone_photo(0).save(photo, quality=90)
        print(
            f"  {'generated 12 MP photo':32s}  12.0 MP -> {webp_720(photo, config):7,d} B"
            f"  (source {photo.stat().st_size:,d} B)"
        )

        print(f"== {args.photos} photos of 12 MP, real builds on {os.cpu_count()} cores ==")
        content = tmp / "content"
        (content / "dibujos").mkdir(parents=True)
        (content / "comunidad").mkdir()
        base = phone_photo(1)
        started = time.perf_counter()
        for n in range(args.photos):
            variant = base.copy()
            ImageDraw.Draw(variant).ellipse(
                (n * 30, 100, n * 30 + 200, 300), outline=(20, 20, 20), width=6
            )
            variant.save(content / "dibujos" / f"foto-{n:03d}.jpg", quality=90)
        print(f"  (made the photos in {time.perf_counter() - started:.0f} s)")
        body = "\n\n".join(
            f"![Dibujo número {n}](dibujos/foto-{n:03d}.jpg)" for n in range(args.photos)
        )
        (content / "comunidad" / "cien.md").write_text(
            "título: Cien dibujos\nfecha: 2026-11-05\nautora: Lucero\nestado: publicado\n\n"
            + body
            + "\n",
            encoding="utf-8",
        )
        cache = tmp / "cache"
        cold = build(content, tmp / "o1", cache)
        warm = build(content, tmp / "o2", cache)
        empty = tmp / "empty"
        (empty / "comunidad").mkdir(parents=True)
        (empty / "comunidad" / "nada.md").write_text(
            "título: Nada\nfecha: 2026-11-05\nautora: Lucero\nestado: publicado\n\nTexto.\n",
            encoding="utf-8",
        )
        baseline = build(empty, tmp / "o3", tmp / "cache-empty")
        print(
            f"  cold build {cold:.1f} s, cached build {warm:.1f} s, "
            f"same site without images {baseline:.1f} s"
        )
        print(f"  => images: cold {cold - baseline:.1f} s, cached {warm - baseline:.1f} s")

        if not args.skip_sample:
            out = tmp / "sample"
            build(ROOT / "content", out, tmp / "cache-sample")
            report = scan_tree(out)
            print("== metadata check on the sample build ==")
            print(
                f"  {report.images} images checked: {report.image_files} files, "
                f"{report.pdf_images} inside {report.pdfs} PDFs, {report.embedded} data: URIs; "
                f"{report.referenced} references from pages; problems: {len(report.problems)}"
            )


if __name__ == "__main__":
    main()
