"""Caches between builds never hide a change (issue 8.6: speed at scale).

Each cache is keyed so that a change to a file, a setting or a list is still caught:
the content cache (Markdown and Typogrify once per file), the protected-terms scan and
the image metadata check of the output. Every test builds twice or more into the
same cache folder and changes one thing in between.
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_build, write_md


def cache_settings(tmp: Path) -> dict:
    return {
        "CACHE_PATH": str(tmp / "cache" / "pelican"),
        "IMAGES": {"cache_dir": str(tmp / "cache" / "images")},
    }


def story(content: Path, rel: str, marker: str, status="publicado", **extra) -> Path:
    return write_md(
        content,
        rel,
        {
            "título": f"Historia {marker}",
            "fecha": "2026-10-20",
            "autora": "Garza",
            "resumen": f"Resumen {marker}.",
            "estado": status,
            "slug": marker,
            **extra,
        },
        f"Texto de {marker} con varias palabras al final.\n",
    )


CONSENT = {
    "consentimiento": "sí",
    "consentimiento_fecha": "2026-10-01",
    "consentimiento_alcance": "web, impreso",
}


def page_of(out: Path, slug: str) -> Path:
    return out / "articulos" / slug / "index.html"


# -- content cache ---------------------------------------------------------------------


def test_a_preview_reading_never_reaches_production(tmp_path):
    """A story in review is published (marked) in a preview; the cache must not carry
    that reading into a production build: the settings are part of the key."""
    content = tmp_path / "content"
    story(content, "salud/lista.md", "historialista")
    story(content, "salud/revision.md", "enrevisionpendiente", status="revisión")
    cache = cache_settings(tmp_path)
    preview = tmp_path / ".preview"
    run_build(content, preview, settings="pelicanconf.py", extra={**cache, "VOCES_PREVIEW": True})
    assert page_of(preview, "enrevisionpendiente").exists()
    assert list((tmp_path / "cache" / "pelican" / "contenido").glob("*.pickle"))

    out = tmp_path / "output"
    run_build(content, out, extra=cache)
    assert page_of(out, "historialista").exists()
    assert not page_of(out, "enrevisionpendiente").exists()
    assert not [
        p for p in out.rglob("*") if p.is_file() and b"enrevisionpendiente" in p.read_bytes()
    ]


def test_edits_to_status_and_consent_take_effect_through_the_cache(tmp_path):
    content = tmp_path / "content"
    path = story(content, "testimonios/mia.md", "testimoniocacheado", **CONSENT)
    story(content, "salud/otra.md", "otrahistoria")
    cache = cache_settings(tmp_path)
    out = tmp_path / "output"

    run_build(content, out, extra=cache)
    first = page_of(out, "testimoniocacheado").read_text(encoding="utf-8")
    run_build(content, out, extra=cache)  # every file from the cache
    cached = page_of(out, "testimoniocacheado").read_text(encoding="utf-8")
    assert cached == first
    # Typogrify still ran (inside the cache): no lone last word.
    assert "al&nbsp;final." in cached

    # Withdrawn: the page and every trace of it are gone on the next build.
    path.write_text(path.read_text(encoding="utf-8").replace("publicado", "retirado"), "utf-8")
    run_build(content, out, extra=cache)
    assert not page_of(out, "testimoniocacheado").exists()
    assert page_of(out, "otrahistoria").exists()
    assert not [
        p for p in out.rglob("*") if p.is_file() and b"testimoniocacheado" in p.read_bytes()
    ]

    # Published again, but the consent line removed: the build stops, every time.
    text = path.read_text(encoding="utf-8").replace("retirado", "publicado")
    path.write_text(text.replace("consentimiento: sí\n", ""), "utf-8")
    for _ in range(2):
        failed = run_build(content, out, extra=cache, check=False)
        assert failed.returncode != 0
        assert "testimonios/mia.md" in failed.stdout + failed.stderr
        assert "consentimiento" in failed.stdout + failed.stderr
