"""Speed at scale (issue 8.6): Voces against vanilla Pelican on the same content.

    .venv/bin/python scripts/bench_scale.py            # 1,000 articles, 300 drawings
    .venv/bin/python scripts/bench_scale.py --small    # 200 articles, 60 drawings
    .venv/bin/python scripts/bench_scale.py --profile warm   # cProfile one in-process build

Generates, in a temporary folder and from a fixed seed, Spanish articles of ~600
words across the five sections (every one with consent metadata; testimonios need
it), each with a cover drawing and some with a drawing in the text, and drawings of
2400×1800 px (JPEG, made with Pillow). Then builds, interleaved in one run:

* Voces: ``publishconf.py`` with the project's plugins and theme, a protected-terms
  list, its own image and content caches in the temporary folder;
* vanilla Pelican: the default theme, no plugins, Pelican's default settings (no
  content cache unless ``--vanilla-cache``; the output folder kept, so a drawing is
  copied again only when it changed), the same articles (English metadata keys, since
  vanilla does not read the Spanish ones), the drawings copied as static files;

cold (no cache, no output), warm (nothing changed) and after editing one article.
Every build is a fresh ``python -m pelican`` process, as an editor runs it. Prints
seconds and the ratio Voces / vanilla against the budgets (warm ≤ 2×, one edit ≤ 2×,
cold ≤ 4×) and exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261130
SECTIONS = ("testimonios", "prevencion-de-la-trata", "salud", "derechos", "comunidad")
BUDGETS = {"cold": 4.0, "warm": 2.0, "edit": 2.0}
PHASES = ("cold", "warm", "edit")

WORDS = [
    "compañera",
    "camino",
    "casa",
    "trabajo",
    "salud",
    "derecho",
    "miedo",
    "frontera",
    "ciudad",
    "río",
    "noche",
    "mañana",
    "familia",
    "hija",
    "madre",
    "hermana",
    "clínica",
    "promotora",
    "colectiva",
    "reunión",
    "jueves",
    "café",
    "tortilla",
    "mercado",
    "patrona",
    "sueldo",
    "papeles",
    "refugio",
    "oficina",
    "cita",
    "consulta",
    "prueba",
    "tratamiento",
    "ayuda",
    "confianza",
    "palabra",
    "historia",
    "recuerdo",
    "lluvia",
    "calor",
    "parque",
    "calle",
    "autobús",
    "tienda",
    "escuela",
    "cuaderno",
    "dibujo",
    "canción",
    "fuerza",
    "cuidado",
    "abrazo",
    "mesa",
    "cocina",
    "ventana",
    "puerta",
    "esperanza",
    "cansancio",
    "alegría",
    "tristeza",
    "valor",
    "vecina",
    "amiga",
    "grupo",
    "taller",
    "teléfono",
]
VERBS = [
    "llegamos",
    "aprendimos",
    "caminamos",
    "esperamos",
    "contamos",
    "pedimos",
    "buscamos",
    "cuidamos",
    "encontramos",
    "escribimos",
    "compartimos",
    "decidimos",
    "hablamos",
    "escuchamos",
    "preguntamos",
]
CONNECTORS = (
    "Después", "Aquel día", "En Tapachula", "Con el tiempo", "Al principio", "Ahora",
    "Una tarde", "Entre todas", "Sin embargo", "Por eso",
)  # fmt: skip
ADJECTIVES = [
    "nueva",
    "larga",
    "difícil",
    "tranquila",
    "fuerte",
    "pequeña",
    "clara",
    "cercana",
    "segura",
]
TAGS = (
    "salud", "derechos", "trabajo", "refugio", "camino", "familia", "VIH", "prevención",
    "comunidad", "encuentros", "promotoras", "papeles", "COMAR", "escuela", "vivienda",
)  # fmt: skip
# A list as editors keep it: names, places, phones. None appears in the articles.
PROTECTED_TERMS = (
    "Xiomara Benítez Quintanilla\nBar La Gaviota Azul\nCallejón del Zopilote\n"
    "962 555 0142\n+502 5555 0199\nRosaura Tzunún\nHotel Las Tres Palmas\n"
    "Colonia Jardines del Edén Sur\nYadira Pocasangre\n+504 9555 0123\n"
)


# --- Content ---------------------------------------------------------------------


def sentence(rnd):
    words = rnd.sample(WORDS, rnd.randint(6, 11))
    words.insert(rnd.randint(1, len(words) - 1), rnd.choice(VERBS))
    words.insert(rnd.randint(1, len(words) - 1), rnd.choice(ADJECTIVES))
    text = f"{rnd.choice(CONNECTORS)} {' '.join(words)}"
    return text + rnd.choice((".", ".", ".", "?", "!"))


def paragraph(rnd, sentences):
    return " ".join(sentence(rnd) for _ in range(sentences))


def drawing_name(number):
    return f"dibujo-{number:03d}.jpg"


def article(number, drawings, rnd):
    """(section, slug, Spanish header lines, body) of one article of ~600 words."""
    section = SECTIONS[number % len(SECTIONS)]
    slug = f"historia-{number:04d}"
    day = 1 + number % 28
    month = 1 + (number // 28) % 12
    cover = drawing_name(number % drawings)
    header = {
        "title": f"Historia {number}: {rnd.choice(WORDS)} y {rnd.choice(WORDS)}",
        "date": f"2025-{month:02d}-{day:02d}",
        "author": f"Seudónimo {number % 37}",
        "tags": ", ".join(rnd.sample(TAGS, 3)),
        "summary": sentence(rnd),
        "image": f"dibujos/{cover}",
        "image_alt": f"Dibujo a lápiz número {number % drawings}: una {rnd.choice(WORDS)}.",
        "consent_date": f"2025-{month:02d}-{day:02d}",
    }
    parts = [paragraph(rnd, 5)]
    for heading in range(3):
        parts.append(f"## {rnd.choice(CONNECTORS)} {rnd.choice(WORDS)} {heading + 1}")
        parts.append(paragraph(rnd, 6))
        if heading == 0:
            items = [f"- **{rnd.choice(WORDS)}**: {sentence(rnd)}" for _ in range(4)]
            parts.append("\n".join(items))
        if heading == 1:
            parts.append(f"> {sentence(rnd)}")
            if number % 3 == 0:
                inner = drawing_name((number * 7 + 1) % drawings)
                parts.append(f"![Dibujo de una {rnd.choice(WORDS)} en el cuaderno]({{IMG}}{inner})")
        parts.append(paragraph(rnd, 5))
    return section, slug, header, "\n\n".join(parts) + "\n"


def voces_text(slug, header, body):
    lines = [
        f"título: {header['title']}",
        f"fecha: {header['date']}",
        f"autora: {header['author']}",
        f"etiquetas: {header['tags']}",
        f"resumen: {header['summary']}",
        "estado: publicado",
        f"imagen: {header['image']}",
        f"imagen_alt: {header['image_alt']}",
        "consentimiento: sí",
        f"consentimiento_fecha: {header['consent_date']}",
        "consentimiento_alcance: web, impreso",
        f"slug: {slug}",
    ]
    return "\n".join(lines) + "\n\n" + body.replace("{IMG}", "dibujos/")


def vanilla_text(slug, header, body):
    lines = [
        f"title: {header['title']}",
        f"date: {header['date']}",
        f"author: {header['author']}",
        f"tags: {header['tags']}",
        f"summary: {header['summary']}",
        "status: published",
        f"image: {header['image']}",
        f"image_alt: {header['image_alt']}",
        "consent: yes",
        f"consent_date: {header['consent_date']}",
        "consent_scope: web, print",
        f"slug: {slug}",
    ]
    return "\n".join(lines) + "\n\n" + body.replace("{IMG}", "{static}/dibujos/")


def make_drawing(number, path):
    """A 2400×1800 photographed pencil drawing: grey paper, lines, grain."""
    rnd = random.Random(SEED + number)
    small = Image.new("L", (600, 450), rnd.randint(200, 222))
    draw = ImageDraw.Draw(small)
    for _ in range(40):
        x, y = rnd.randrange(600), rnd.randrange(450)
        points = [(x, y)]
        for _ in range(12):
            x += rnd.randint(-25, 25)
            y += rnd.randint(-25, 25)
            points.append((x, y))
        draw.line(points, fill=rnd.randint(30, 110), width=rnd.randint(1, 3))
    size = (2400, 1800)
    im = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(1.0))
    im = Image.blend(im, Image.effect_noise(size, 12), 0.05)
    rgb = Image.merge("RGB", (im, im.point(lambda v: v * 0.98), im.point(lambda v: v * 0.93)))
    rgb.save(path, "JPEG", quality=88)


def generate(work, articles, drawings):
    """Write content-voces/ and content-vanilla/ under ``work`` (deterministic)."""
    marker = work / f"generated-{articles}-{drawings}-{SEED}"
    voces, vanilla = work / "content-voces", work / "content-vanilla"
    if marker.exists():
        return voces, vanilla
    for folder in (voces, vanilla):
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "dibujos").mkdir(parents=True)
        for section in SECTIONS:
            (folder / section).mkdir()
    started = time.perf_counter()
    for number in range(drawings):
        make_drawing(number, voces / "dibujos" / drawing_name(number))
        shutil.copyfile(
            voces / "dibujos" / drawing_name(number), vanilla / "dibujos" / drawing_name(number)
        )
    rnd = random.Random(SEED)
    for number in range(articles):
        section, slug, header, body = article(number, drawings, rnd)
        (voces / section / f"{slug}.md").write_text(
            voces_text(slug, header, body), encoding="utf-8"
        )
        (vanilla / section / f"{slug}.md").write_text(
            vanilla_text(slug, header, body), encoding="utf-8"
        )
    (work / "terminos.txt").write_text(PROTECTED_TERMS, encoding="utf-8")
    marker.touch()
    print(f"# contenido generado en {time.perf_counter() - started:.1f} s / content generated")
    return voces, vanilla


def edit_one(content, number):
    """Fix a 'typo' in one article: a word of its first paragraph changes."""
    section = SECTIONS[number % len(SECTIONS)]
    path = content / section / f"historia-{number:04d}.md"
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    path.write_text(f"{head}\n\nCorregido {time.time_ns()}. {body}", encoding="utf-8")


# --- Builds ----------------------------------------------------------------------


#: --vanilla-cache: vanilla Pelican with its content cache on (Pelican's default is off,
#: and then its warm build reads every Markdown file again).
VANILLA_CACHE = False


def vanilla_settings(work):
    path = work / "vanillaconf.py"
    path.write_text(
        "\n".join(
            [
                "SITENAME = 'Vanilla'",
                "SITEURL = ''",
                "TIMEZONE = 'America/Mexico_City'",
                "DEFAULT_LANG = 'es'",
                "STATIC_PATHS = ['dibujos']",
                "ARTICLE_EXCLUDES = ['dibujos']",
                "USE_FOLDER_AS_CATEGORY = True",
                f"CACHE_CONTENT = {VANILLA_CACHE}",
                f"LOAD_CONTENT_CACHE = {VANILLA_CACHE}",
                "PLUGINS = []",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return path


def build_command(kind, work, content):
    out = work / f"output-{kind}"
    if kind == "voces":
        cache = work / "cache-voces"
        return [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-s",
            str(ROOT / "publishconf.py"),
            "-o",
            str(out),
            "-q",
            "-e",
            "IMAGES=" + json.dumps({"cache_dir": str(cache / "images")}),
            "CACHE_PATH=" + json.dumps(str(cache / "pelican")),
        ]
    return [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        str(vanilla_settings(work)),
        "-o",
        str(out),
        "-q",
        "-e",
        "CACHE_PATH=" + json.dumps(str(work / "cache-vanilla")),
    ]


def run_build(kind, work, content):
    """(wall seconds, CPU seconds of the build and its worker processes)."""
    env = dict(os.environ, VOCES_PROTECTED_TERMS=str(work / "terminos.txt"), TZ="UTC")
    # Both builds as Python normally runs: compiled modules kept (some CI images say
    # otherwise, and the project's plugins would be compiled again in every build).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        build_command(kind, work, content), cwd=ROOT, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"la construcción {kind} falló / the {kind} build failed")
    return seconds, cpu


def written_pages(work, kind):
    return sum(1 for _ in (work / f"output-{kind}").rglob("*.html"))


def bench(work, articles, drawings, rounds, phases=PHASES):
    voces, vanilla = generate(work, articles, drawings)
    content = {"voces": voces, "vanilla": vanilla}
    times = {(kind, phase): [] for kind in content for phase in phases}
    if "cold" not in phases:  # caches made (or brought up to date) by an untimed build
        for kind in content:
            run_build(kind, work, content[kind])
    for round_number in range(rounds):
        for kind in content:  # cold: no cache, no output
            for folder in (f"output-{kind}", f"cache-{kind}"):
                if "cold" in phases:
                    shutil.rmtree(work / folder, ignore_errors=True)
        for phase in phases:
            if phase == "edit":
                for kind in content:
                    edit_one(content[kind], 17 + round_number)
            for kind in content:  # interleaved: Voces then vanilla, phase by phase
                seconds, cpu = run_build(kind, work, content[kind])
                times[(kind, phase)].append((seconds, cpu))
                print(f"# {phase:5} {kind:8} {seconds:7.1f} s  (CPU {cpu:.1f} s)", flush=True)
    return times, {kind: written_pages(work, kind) for kind in content}


def table(times, pages, articles, drawings):
    lines = [
        f"{articles} artículos / articles, {drawings} dibujos / drawings 2400×1800; "
        f"páginas HTML / HTML pages: Voces {pages['voces']}, vanilla {pages['vanilla']}; "
        f"caché de contenido de vanilla / vanilla's content cache: "
        f"{'sí / on' if VANILLA_CACHE else 'no / off (Pelican default)'}",
        "",
        "| build | Voces (s) | vanilla (s) | Voces/vanilla | budget "
        "| CPU Voces (s) | CPU vanilla (s) | CPU ratio |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    missed = []
    for phase in [p for p in PHASES if ("voces", p) in times]:
        voces = statistics.median(t[0] for t in times[("voces", phase)])
        vanilla = statistics.median(t[0] for t in times[("vanilla", phase)])
        cpu_voces = statistics.median(t[1] for t in times[("voces", phase)])
        cpu_vanilla = statistics.median(t[1] for t in times[("vanilla", phase)])
        ratio = voces / vanilla
        ok = ratio <= BUDGETS[phase]
        if not ok:
            missed.append(phase)
        name = {"cold": "cold", "warm": "warm (nothing changed)", "edit": "one article edited"}
        lines.append(
            f"| {name[phase]} | {voces:.1f} | {vanilla:.1f} | {ratio:.2f}× | "
            f"≤ {BUDGETS[phase]:g}× {'ok' if ok else 'MISSED'} | {cpu_voces:.1f} | "
            f"{cpu_vanilla:.1f} | {cpu_voces / cpu_vanilla:.2f}× |"
        )
    lines.append("")
    lines.append(
        "Wall-clock seconds decide the budget; CPU seconds (build plus its worker "
        "processes) show the work done, which the machine's load does not change."
    )
    return "\n".join(lines), missed


# --- Profile ---------------------------------------------------------------------


def profile(work, articles, drawings, phase, top):
    """cProfile one in-process Voces build (after a cold one for warm/edit)."""
    import cProfile
    import pstats

    voces, _vanilla = generate(work, articles, drawings)
    os.environ["VOCES_PROTECTED_TERMS"] = str(work / "terminos.txt")
    if phase == "cold":
        shutil.rmtree(work / "cache-voces", ignore_errors=True)
    elif not (work / "cache-voces").exists():
        run_build("voces", work, voces)
    if phase == "edit":
        edit_one(voces, 23)
    sys.argv = build_command("voces", work, voces)[2:]
    sys.argv[0] = "pelican"
    os.chdir(ROOT)
    from pelican import main

    profiler = cProfile.Profile(time.process_time)  # CPU time: the machine's load does not count
    started = time.perf_counter()
    profiler.enable()
    try:
        main()
    except SystemExit as stop:
        if stop.code not in (None, 0):
            raise
    profiler.disable()
    print(f"# {phase} en proceso / in process: {time.perf_counter() - started:.1f} s")
    profiler.dump_stats(str(work / f"profile-{phase}.prof"))
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="200 articles, 60 drawings")
    parser.add_argument("--articles", type=int)
    parser.add_argument("--drawings", type=int)
    parser.add_argument("--rounds", type=int, default=1, help="repeat; the median is shown")
    parser.add_argument("--workdir", type=Path, help="keep generated content here (reused)")
    parser.add_argument("--profile", choices=PHASES, help="cProfile one in-process build")
    parser.add_argument(
        "--no-cold", action="store_true", help="warm and edit only, after an untimed build"
    )
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--vanilla-cache",
        action="store_true",
        help="vanilla Pelican with CACHE_CONTENT and LOAD_CONTENT_CACHE on (default: off)",
    )
    args = parser.parse_args(argv)
    global VANILLA_CACHE
    VANILLA_CACHE = args.vanilla_cache
    articles = args.articles or (200 if args.small else 1000)
    drawings = args.drawings or (60 if args.small else 300)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        work, cleanup = args.workdir.resolve(), None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="voces-bench-")
        work = Path(cleanup.name)
    try:
        if args.profile:
            profile(work, articles, drawings, args.profile, args.top)
            return 0
        phases = PHASES[1:] if args.no_cold else PHASES
        times, pages = bench(work, articles, drawings, args.rounds, phases)
        text, missed = table(times, pages, articles, drawings)
        print(text)
        return 1 if missed else 0
    finally:
        if cleanup is not None:
            cleanup.cleanup()


if __name__ == "__main__":
    sys.exit(main())
