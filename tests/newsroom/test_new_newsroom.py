"""``voces nueva-redaccion``: a newsroom that builds, passes ``voces revisar`` and keeps
what must stay private out of git from the first minute."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest
from newsroom_helpers import git, git_env, voces, voces_here


def snapshot(folder: Path) -> dict:
    """Every path under ``folder`` with its content hash (folders: None)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        found[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    return found


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    base = tmp_path_factory.mktemp("nueva")
    proc = voces("nueva-redaccion", "periodico", cwd=base)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return base / "periodico", proc


@pytest.fixture(scope="module")
def built(made):
    root, _ = made
    proc = voces_here("construir", cwd=root, env=git_env(VOCES_SITEURL="https://ejemplo.org/sitio"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "output"


def test_the_new_newsroom_builds_at_once(built):
    assert (built / "index.html").is_file()
    assert (built / "en" / "index.html").is_file()
    for page in ("sobre-nosotras", "directorio", "seguridad"):
        assert (built / page / "index.html").is_file(), page
    # The example article is a draft: it is never published.
    site_text = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in built.rglob("*")
        if p.suffix in (".html", ".xml")
    )
    assert "EJEMPLO" not in site_text and "asi-se-escribe" not in site_text


def test_the_new_newsroom_passes_voces_revisar_at_once(made):
    root, _ = made
    proc = voces_here("revisar", cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "todo en orden" in proc.stdout and "PROBLEMAS" not in proc.stdout
    assert "1 borrador" in proc.stdout  # the example, and nothing else unpublished


def test_it_has_settings_sections_example_and_directory(made):
    root, proc = made
    assert "voces.local.toml.ejemplo" in proc.stderr and "guia-publicar" in proc.stderr
    conf = (root / "pelicanconf.py").read_text(encoding="utf-8")
    assert "from voces.defaults import *" in conf and "SITENAME" in conf
    # Its own pelicanconf.py wins over any other on the path (Voces' own, for one).
    assert "sys.path.insert(0, os.path.dirname" in (root / "publishconf.py").read_text("utf-8")
    for section in ("testimonios", "prevencion-de-la-trata", "salud", "derechos", "comunidad"):
        assert (root / "content" / section / "LEEME.md").is_file(), section
    assert (root / "content" / "dibujos").is_dir()
    assert (root / "content" / "directorio.toml").is_file()
    examples = list((root / "content").rglob("ejemplo-*.md"))
    assert len(examples) == 1
    text = examples[0].read_text(encoding="utf-8")
    assert "título: EJEMPLO" in text and "estado: borrador" in text
    assert (root / "docs" / "guia-publicar.md").is_file()


@pytest.mark.parametrize(
    "path",
    [
        "output/index.html",
        "output-ediciones/01.pdf",
        ".preview/index.html",
        ".cache/images/x.webp",
        "buzon/envio.json",
        ".buzon/envio.json",
        "voces.local.toml",
        "terminos-protegidos.txt",
    ],
)
def test_gitignore_keeps_private_and_built_files_out(made, path):
    root, _ = made
    assert git("check-ignore", "-q", path, cwd=root, check=False).returncode == 0, path


def test_gitignore_keeps_the_sources(made):
    root, _ = made
    for path in ("content/salud/nota.md", "content/dibujos/dibujo-001.jpg", "pelicanconf.py"):
        assert git("check-ignore", "-q", path, cwd=root, check=False).returncode == 1, path


def test_git_is_initialised_with_the_pre_commit_hook(made):
    root, _ = made
    assert git("rev-parse", "--is-inside-work-tree", cwd=root).stdout.strip() == "true"
    hook = root / ".git" / "hooks" / "pre-commit"
    assert hook.is_file() and hook.stat().st_mode & stat.S_IXUSR
    assert "revisar --fuente" in hook.read_text(encoding="utf-8")


def test_running_it_twice_refuses_and_touches_nothing(made):
    root, _ = made
    before = snapshot(root)
    proc = voces("nueva-redaccion", str(root), cwd=root.parent)
    assert proc.returncode == 1
    assert "ya es una redacción" in proc.stderr and "nothing is touched" in proc.stderr
    assert snapshot(root) == before


def test_a_folder_with_files_is_refused_untouched(tmp_path):
    folder = tmp_path / "notas"
    folder.mkdir()
    (folder / "lista.txt").write_text("no tocar\n", encoding="utf-8")
    before = snapshot(folder)
    proc = voces("new-newsroom", "notas", cwd=tmp_path)
    assert proc.returncode == 1 and "ya tiene archivos" in proc.stderr
    assert snapshot(folder) == before
    assert not (folder / ".git").exists()


def test_an_empty_folder_is_accepted(tmp_path):
    (tmp_path / "vacia").mkdir()
    proc = voces("nueva-redaccion", "vacia", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "vacia" / "pelicanconf.py").is_file()
    assert os.access(tmp_path / "vacia" / ".git" / "hooks" / "pre-commit", os.X_OK)


def test_a_new_newsroom_keeps_its_history_in_its_own_folder(tmp_path, monkeypatch):
    # Run from a git hook (or a shell that exports them), git's location variables would
    # put the new repository's objects in another repository's folder.
    from voces.newsroom import create

    other = tmp_path / "otro"
    git("init", "-q", str(other), cwd=tmp_path)
    elsewhere = tmp_path / "otros-objetos"
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_OBJECT_DIRECTORY", str(elsewhere))
    monkeypatch.setenv("GIT_INDEX_FILE", str(tmp_path / "otro-index"))
    root = create(tmp_path / "redaccion")
    assert (root / ".git" / "objects").is_dir()
    assert not elsewhere.exists()
    # The source check guards this newsroom's commits, not the other repository's.
    assert (root / ".git" / "hooks" / "pre-commit").is_file()
    assert not (other / ".git" / "hooks" / "pre-commit").exists()
