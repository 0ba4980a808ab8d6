"""Tiny real sites for the image tests (not a conftest: never shadows the lead's)."""

from pathlib import Path

from voces_testing import run_build

ROOT = Path(__file__).resolve().parents[2]


def article(
    content,
    slug,
    body="",
    *,
    section="comunidad",
    title=None,
    status="publicado",
    lang=None,
    date="2026-11-05",
    **meta,
):
    """Write ``content/<section>/<slug>[.en].md`` with Spanish keys, as members do."""
    folder = content / section
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        f"título: {title or slug.replace('-', ' ').capitalize()}",
        f"fecha: {date}",
        "autora: Lucero",
        f"estado: {status}",
        f"slug: {slug}",
    ]
    if lang:
        lines.append(f"idioma: {lang}")
    keys = {"image": "imagen", "image_alt": "imagen_alt", "scan_cleanup": "limpiar_escaneo"}
    lines += [f"{keys.get(k, k)}: {v}" for k, v in meta.items()]
    name = f"{slug}.{lang}.md" if lang and lang != "es" else f"{slug}.md"
    (folder / name).write_text("\n".join(lines) + "\n\n" + body + "\n", encoding="utf-8")


def build(content, out, cache, *, check=True, preview=False, images=None, **kwargs):
    extra = {"IMAGES": {"cache_dir": str(cache), **(images or {})}}
    if preview:
        extra["VOCES_PREVIEW"] = True
    extra.update(kwargs.pop("extra", {}))
    # A wide console: Rich must not wrap file names in the log we search.
    env = {"COLUMNS": "3000", **kwargs.pop("env", {})}
    return run_build(content, out, extra=extra, check=check, env=env, **kwargs)


def files(root):
    return sorted(p for p in Path(root).rglob("*") if p.is_file())
