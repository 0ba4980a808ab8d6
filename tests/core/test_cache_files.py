"""Placing cached files in a build (core.cache_files.link_or_copy, images.cache).

A warm build links the drawings' variants and the search index from the caches into the
new site instead of copying them. A linked file is the cached file itself, so a cached
file damaged in the middle of a build must still never be placed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from voces_plugins.core.cache_files import link_or_copy
from voces_plugins.images.cache import ImageCache


def test_a_file_is_linked_into_a_fresh_folder_and_replaces_an_older_one_whole(tmp_path):
    source = tmp_path / "cache" / "ab" / "variante.webp"
    source.parent.mkdir(parents=True)
    source.write_bytes(b"RIFF nueva")
    target = tmp_path / "sitio" / "imagenes" / "dibujo.webp"

    link_or_copy(str(source), str(target))
    assert target.read_bytes() == b"RIFF nueva"
    assert target.stat().st_ino == source.stat().st_ino  # linked: no bytes copied

    older = tmp_path / "otra.webp"
    older.write_bytes(b"RIFF vieja, de otra construccion")
    link_or_copy(str(older), str(target))
    assert target.read_bytes() == b"RIFF vieja, de otra construccion"
    assert source.read_bytes() == b"RIFF nueva"  # replaced by a rename, not written into
    assert sorted(p.name for p in target.parent.iterdir()) == ["dibujo.webp"]


def test_across_filesystems_the_file_is_copied(tmp_path):
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no second filesystem here (/dev/shm) / no hay otro sistema de archivos")
    source = tmp_path / "variante.webp"
    source.write_bytes(b"RIFF copia")
    folder = shm / f"voces-prueba-{os.getpid()}"
    try:
        link_or_copy(str(source), str(folder / "dibujo.webp"))
        placed = folder / "dibujo.webp"
        assert placed.read_bytes() == b"RIFF copia"
        assert sorted(p.name for p in folder.iterdir()) == ["dibujo.webp"]
    finally:
        for path in folder.glob("*"):
            path.unlink()
        if folder.exists():
            folder.rmdir()


def test_a_cached_variant_damaged_after_it_was_verified_is_refused(tmp_path):
    """The cache remembers what it verified in a build; a file changed since (in place,
    same size) is read and hashed again, and refused, before a build links it."""
    cache = ImageCache(str(tmp_path / "cache"))
    data = b"RIFF" + bytes(range(200))
    path, record = cache.put("ab" + "0" * 62, "webp", data, width=360, height=270)
    assert record["sha256"] == hashlib.sha256(data).hexdigest()
    assert cache.get("ab" + "0" * 62, "webp") is not None

    damaged = bytearray(data)
    damaged[-1] ^= 0xFF
    Path(path).write_bytes(bytes(damaged))  # same size, edited in place
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert cache.get("ab" + "0" * 62, "webp") is None

    fresh = ImageCache(str(tmp_path / "cache"))  # the next build: refused as well
    assert fresh.get("ab" + "0" * 62, "webp") is None
