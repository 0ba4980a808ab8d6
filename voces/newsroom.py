"""A new newsroom that starts safe (``voces nueva-redaccion CARPETA``).

:func:`create` makes, in an empty or new folder: ``pelicanconf.py`` (which imports
Voces' own settings, ``voces.defaults``, with the theme of this installation) and
``publishconf.py``; the section folders with a short ``LEEME.md`` each;
``content/dibujos/``; the pages and ``directorio.toml`` of this installation (its
entries are marked as examples); one example article, a draft marked "EJEMPLO"; a
``.gitignore`` keeping the built site, previews, caches, the copy-shop PDFs, the
mailbox of submissions and ``voces.local.toml`` out of git; a ``git init`` and the
pre-commit hook (``voces revisar --fuente``).

A folder that exists and holds anything (a second run, someone's files) is refused
before anything is written.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from pathlib import Path

from .defaults import PROJECT
from .site_remote import git_env

SKELETON = Path(__file__).resolve().parent / "skeleton"
#: Files copied from the skeleton under another name (a dotfile inside a package is
#: easy to lose when it is packaged).
RENAMED = {"gitignore": ".gitignore"}
#: Guides copied into the newsroom, so the editor has them at hand.
GUIDES = ("guia-publicar.md", "guia-de-escritura.md", "terminos-protegidos.md")

HOOK = """#!/bin/sh
# Voces: antes de cada commit revisa lo que se va a guardar: fotos, audio y PDF con
# metadatos, archivos que la construcción no acepta y términos protegidos.
# Before each commit Voces checks what is about to be saved. Saltarlo / bypass:
# git commit --no-verify (solo si sabe lo que hace / only if you know what you do).
PY={python}
if [ -x "$PY" ]; then exec "$PY" -m voces revisar --fuente; fi
if command -v voces >/dev/null 2>&1; then exec voces revisar --fuente; fi
echo "No se encontró la orden voces: no se guarda nada. / voces not found: nothing is committed." >&2
exit 1
"""


class NewsroomError(Exception):
    def __init__(self, es: str, en: str):
        super().__init__(f"{es} / {en}")
        self.es = es
        self.en = en


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def install_hook(root: Path) -> Path:
    """Write ``.git/hooks/pre-commit`` (runs ``voces revisar --fuente``); return its path."""
    hooks = Path(
        subprocess.run(
            ["git", "rev-parse", "--git-path", "hooks"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            env=git_env(),  # this folder's repository, not one GIT_DIR names
        ).stdout.strip()
    )
    if not hooks.is_absolute():
        hooks = Path(root) / hooks
    hooks.mkdir(parents=True, exist_ok=True)
    hook = hooks / "pre-commit"
    hook.write_text(HOOK.format(python=_shell_quote(sys.executable)), encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return hook


def _section_readme(slug: str, names: dict) -> str:
    es = names.get("es", {})
    en = names.get("en", {})
    return (
        f"# {es.get('name', slug)}\n\n"
        f"{es.get('description', '')}\n\n"
        "Un archivo `.md` por artículo. Este LEEME no se publica. / One `.md` file per "
        f"article ({en.get('name', slug)}). This file is not published.\n"
    )


def check_target(folder: Path) -> Path:
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise NewsroomError(
            f"{folder} ya existe y no es una carpeta. Elija otro nombre.",
            f"{folder} already exists and is not a folder. Choose another name.",
        )
    if folder.is_dir() and any(folder.iterdir()):
        what = (
            "ya es una redacción" if (folder / "pelicanconf.py").exists() else "ya tiene archivos"
        )
        what_en = (
            "is already a newsroom"
            if (folder / "pelicanconf.py").exists()
            else "already holds files"
        )
        raise NewsroomError(
            f"{folder} {what}: no se toca nada. Use una carpeta nueva o vacía.",
            f"{folder} {what_en}: nothing is touched. Use a new or empty folder.",
        )
    if not folder.parent.is_dir():
        raise NewsroomError(
            f"No existe la carpeta {folder.parent}. Revise la ruta.",
            f"The folder {folder.parent} does not exist. Check the path.",
        )
    return folder


def create(folder: Path) -> Path:
    """Make a new newsroom in ``folder``; return its absolute path."""
    from .defaults import SECTIONS

    folder = check_target(folder)
    folder.mkdir(exist_ok=True)
    root = folder.resolve()
    for source in sorted(SKELETON.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        rel = source.relative_to(SKELETON)
        target = root / rel.parent / RENAMED.get(rel.name, rel.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    (root / "publishconf.py").write_text(_publishconf(), encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    for guide in GUIDES:
        if (PROJECT / "docs" / guide).is_file():
            shutil.copyfile(PROJECT / "docs" / guide, root / "docs" / guide)
    content = root / "content"
    shutil.copytree(PROJECT / "content" / "paginas", content / "paginas")
    shutil.copyfile(PROJECT / "content" / "directorio.toml", content / "directorio.toml")
    for slug, names in SECTIONS.items():
        section = content / slug
        section.mkdir(exist_ok=True)
        (section / "LEEME.md").write_text(_section_readme(slug, names), encoding="utf-8")
    audio = content / "audio"
    audio.mkdir(exist_ok=True)
    (audio / "LEEME.md").write_text(
        "# Audio\n\nGrabaciones de voz (.ogg, .m4a, .mp3...) y su transcripción "
        "(`nota.ogg.txt`). La construcción les quita los metadatos; antes de guardarlas en "
        "git, el commit pide quitarlos también del original. / Voice recordings and their "
        "transcripts.\n",
        encoding="utf-8",
    )
    drawings = content / "dibujos"
    drawings.mkdir(exist_ok=True)
    (drawings / "LEEME.md").write_text(
        "# Dibujos\n\nAgregue cada dibujo con `voces agregar-dibujo FOTO`: le quita los "
        "metadatos (GPS, teléfono, fecha) y le pone un nombre neutro. / Add each drawing "
        "with `voces add-drawing PHOTO`: it removes the metadata and gives it a neutral "
        "name.\n",
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, capture_output=True, env=git_env())
    install_hook(root)
    return root


def _publishconf() -> str:
    """Voces' publishconf.py, importing THIS newsroom's pelicanconf.py first.

    ``sys.path.append(os.curdir)`` would let an earlier ``pelicanconf`` on the path
    (Voces' own, when Python runs from its folder) win over the newsroom's.
    """
    text = (PROJECT / "publishconf.py").read_text(encoding="utf-8")
    own = "sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # this newsroom's"
    return text.replace("sys.path.append(os.curdir)", own, 1)
