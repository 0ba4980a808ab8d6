"""Output that any host can serve: every file in ``output/`` 0644, every folder 0755.

A web server running as another user refuses a 0600 file: the story images, written
through temporary files (mkstemp makes 0600), used to be exactly that.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from newsroom_helpers import add_published_story, git_env

from voces.newsroom import create


def build_with_umask(root: Path, umask: int) -> subprocess.CompletedProcess:
    def strict():
        os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "voces", "construir"],
        cwd=root,
        capture_output=True,
        text=True,
        env=git_env(VOCES_SITEURL="https://ejemplo.org/sitio"),
        preexec_fn=strict,
        timeout=900,
    )


def modes(folder: Path) -> tuple[dict, dict]:
    files, folders = {}, {folder.name: stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        mode = stat.S_IMODE(path.lstat().st_mode)
        (folders if path.is_dir() else files)[path.relative_to(folder).as_posix()] = mode
    return files, folders


@pytest.fixture(scope="module")
def built(request, tmp_path_factory):
    """A newsroom with a published story and its drawing, built under the umask
    ``request.param``: (newsroom, build process). Each test reads it, none changes it."""
    root = create(tmp_path_factory.mktemp("modos") / "redaccion")
    add_published_story(root)
    return root, build_with_umask(root, request.param)


@pytest.mark.parametrize("built", [0o022, 0o077], ids=["umask-022", "umask-077"], indirect=True)
def test_every_output_file_is_readable_by_a_web_server(built):
    root, proc = built
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files, folders = modes(root / "output")
    images = [f for f in files if f.startswith("imagenes/")]
    assert images, "the story's drawing should be in output/imagenes/"
    assert {f: oct(m) for f, m in files.items() if m != 0o644} == {}
    assert {d: oct(m) for d, m in folders.items() if m != 0o755} == {}


@pytest.mark.parametrize("built", [0o022], ids=["umask-022"], indirect=True)
def test_the_image_cache_is_not_written_private(built):
    """The root of the 0600 images: files written through mkstemp in .cache/images."""
    root, proc = built
    assert proc.returncode == 0, proc.stdout + proc.stderr
    cached = [p for p in (root / ".cache" / "images").rglob("*") if p.is_file()]
    assert cached
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in cached
            if stat.S_IMODE(p.stat().st_mode) != 0o644} == {}  # fmt: skip
