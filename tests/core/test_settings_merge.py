"""Every plugin's dict setting is merged by the core in the same way, and every cache
lives where VOCES_CACHE says.

A misspelt key (``clave_mal_escrita``) in IMAGES, EDITIONS, AUDIO or SAFETY stops the
build with the same words: a typo must never silently switch something off (AUDIO
used to warn and go on). VOCES_CACHE moves Pelican's, the images', the recordings'
and the editions' caches together: two builds that must not share caches (two test
workers, two newsrooms on one laptop) are kept apart by one value.
"""

from __future__ import annotations

import pytest
from PIL import Image
from voces_testing import run_build, write_md

STORY = {
    "título": "Una historia con dibujo",
    "fecha": "2026-10-20",
    "autora": "Garza",
    "etiquetas": "salud",
    "resumen": "Un resumen.",
    "estado": "publicado",
    "slug": "con-dibujo",
}


def small_site(tmp_path):
    content = tmp_path / "content"
    write_md(
        content,
        "salud/historia.md",
        STORY,
        "Texto de la historia.\n\n![Una flor dibujada a lápiz.](../dibujos/flor.png)",
    )
    (content / "dibujos").mkdir(parents=True)
    Image.new("RGB", (800, 600), (240, 230, 200)).save(content / "dibujos" / "flor.png")
    return content


@pytest.mark.parametrize("setting", ["IMAGES", "EDITIONS", "AUDIO", "SAFETY"])
def test_a_misspelt_key_stops_the_build_in_the_same_words(tmp_path, setting):
    content = small_site(tmp_path)
    built = run_build(
        content, tmp_path / "output", extra={setting: {"clave_mal_escrita": 1}}, check=False
    )
    log = " ".join(built.stdout.split())
    assert built.returncode != 0, log
    assert f"«clave_mal_escrita» no es una clave de {setting}" in log, log
    assert not (tmp_path / "output" / "index.html").exists()


def test_voces_cache_holds_every_cache(tmp_path):
    content = small_site(tmp_path)
    cache = tmp_path / "cachés"
    built = run_build(content, tmp_path / "output", env={"VOCES_CACHE": str(cache)})
    assert built.returncode == 0
    images = [p for p in (cache / "images").rglob("*") if p.is_file()]
    assert images, "the drawing's variants should be cached in VOCES_CACHE/images"
    assert (cache / "pelican").is_dir(), "Pelican's CACHE_PATH should be VOCES_CACHE/pelican"
    assert list((tmp_path / "output" / "imagenes").rglob("*.webp"))
