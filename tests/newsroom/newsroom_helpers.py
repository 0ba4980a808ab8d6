"""Shared helpers of the newsroom tests: real git, bare repositories in tmp folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

IDENTITY = {
    "GIT_AUTHOR_NAME": "Editora Real",
    "GIT_AUTHOR_EMAIL": "editora.real@example.org",
    "GIT_COMMITTER_NAME": "Editora Real",
    "GIT_COMMITTER_EMAIL": "editora.real@example.org",
}


def git_env(**extra) -> dict:
    """The environment of a newsroom command: the machine's, without anything that
    belongs to another project (a site address, protected terms, the test process's
    VOCES_CACHE: a newsroom keeps its caches in its own .cache/), then ``extra``."""
    env = {**os.environ, **IDENTITY, "GIT_TERMINAL_PROMPT": "0"}
    for key in ("GIT_DIR", "GIT_WORK_TREE", "VOCES_SITEURL", "VOCES_SITE_REMOTE"):
        env.pop(key, None)
    env.pop("VOCES_PROTECTED_TERMS", None)
    env.pop("VOCES_CACHE", None)
    env.update(extra)
    return env


def git(*args, cwd, check=True, env=None) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=env or git_env()
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def refs(repo: Path) -> dict[str, str]:
    """Every ref of a (bare) repository: name -> commit."""
    out = git("for-each-ref", "--format=%(refname) %(objectname)", cwd=repo).stdout
    return dict(line.split(" ", 1) for line in out.splitlines() if line)


def bare(path: Path) -> Path:
    path.mkdir(parents=True)
    git("init", "-q", "--bare", cwd=path)
    return path


def voces(*args, cwd, env=None, timeout=900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "voces", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env or git_env(),
    )


def voces_here(*args, cwd, env=None) -> subprocess.CompletedProcess:
    """``voces ARGS`` in this process, as :func:`voces` would run it in another one: in
    ``cwd``, with exactly the environment ``env`` (default :func:`git_env`), its output
    in ``stdout``/``stderr`` and its exit status in ``returncode``. Nothing it changes
    stays changed: the environment, working directory, time zone, ``sys.path``, settings
    modules, logging and signal receivers are put back as a build puts them back
    (voces.build), and the level ``voces revisar`` gives Pelican's settings logger.

    For tests about what a command does to the files; a test about the process itself
    (an exit status through the shell, a signal, a umask) uses :func:`voces`."""
    import contextlib
    import io
    import logging

    from voces.build import _SavedState, _set_environ
    from voces.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = _SavedState()
    settings_log = logging.getLogger("pelican.settings")
    settings_level = settings_log.level
    try:
        _set_environ(env or git_env())
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(arg) for arg in args])
            except SystemExit as stop:  # argparse, or a command that exits
                code = stop.code if stop.code is None or isinstance(stop.code, int) else 1
                if code == 1 and not isinstance(stop.code, int):
                    print(stop.code, file=sys.stderr)  # as Python prints it on its way out
    finally:
        settings_log.setLevel(settings_level)
        saved.restore()
    return subprocess.CompletedProcess(["voces", *args], code or 0, out.getvalue(), err.getvalue())


def make_newsroom(folder: Path, *, hook: bool = True) -> Path:
    """A newsroom made by ``voces nueva-redaccion``, with one commit: through the
    pre-commit hook, or with ``hook=False`` past it (``--no-verify``), for tests that
    only need a newsroom and are not about what the hook refuses or lets through."""
    from voces.newsroom import create

    root = create(folder)
    git("add", "-A", cwd=root)
    git("commit", "-q", *(() if hook else ("--no-verify",)), "-m", "inicio", cwd=root)
    return root


def copy_newsroom(template: Path, folder: Path) -> Path:
    """A copy of a newsroom made once (its git repository and pre-commit hook as
    ``voces nueva-redaccion`` installed them; the hook names no folder), in ``folder``."""
    import shutil

    shutil.copytree(template, folder, symlinks=True)
    return folder.resolve()


def phone_photo(path: Path, size=(640, 480)) -> Path:
    """A JPEG as a phone writes it: GPS position, maker, model, date, rotation, comment."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (214, 208, 196))
    draw = ImageDraw.Draw(image)
    draw.ellipse(
        (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2), outline=(20, 20, 20), width=5
    )
    draw.line((0, size[1] - 10, size[0], 10), fill=(40, 40, 40), width=4)
    exif = Image.Exif()
    exif[0x010F] = "TelefonoMarca"
    exif[0x0110] = "Modelo X9"
    exif[0x0132] = "2026:11:03 21:14:07"
    exif[0x0112] = 6  # stored sideways: the phone was held upright
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (14.0, 54.0, 27.0)
    gps[3] = "W"
    gps[4] = (92.0, 15.0, 41.0)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", exif=exif, comment=b"Maria Lopez Tapachula")
    return path


ARTICLE = """\
título: Hola desde la colectiva
fecha: 2026-11-01
autora: Ana
estado: publicado
imagen: dibujos/dibujo-001.jpg
imagen_alt: Dibujo de un círculo y una línea.

Nos juntamos los jueves. ![Dibujo de un círculo]({drawing})
"""


def add_published_story(root: Path) -> Path:
    """One published article with a drawing added through ``voces agregar-dibujo``."""
    from voces.drawings import add_drawings

    photo = phone_photo(root.parent / "telefono" / "IMG_20261103_211407.jpg")
    drawing = add_drawings(root, [photo])[0]
    rel = drawing.relative_to(root / "content").as_posix()
    story = root / "content" / "comunidad" / "hola-desde-la-colectiva.md"
    story.write_text(ARTICLE.format(drawing=rel), encoding="utf-8")
    return story
