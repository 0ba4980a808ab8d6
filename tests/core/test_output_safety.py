"""The build replaces its output folder whole, so it must be sure of which folder.

A mistyped ``-o`` must never erase the members' stories, two builds must never mix in
one folder, and an interrupted build must neither report success nor leave a half-built
site behind.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess

from voces_testing import ROOT, pelican_command, run_build

STORY = "título: Una historia\nfecha: 2026-11-01\nestado: publicado\nslug: una\n\nTexto.\n"
BASE = {
    "PLUGINS": ["voces_plugins.build_guard", "voces_plugins.content_model"],
    "THEME": "simple",
    "PAGINATED_TEMPLATES": {"index": None, "tag": None, "category": None},  # as simple expects
    "DIRECT_TEMPLATES": ["index"],
}


def project(tmp_path):
    content = tmp_path / "content"
    (content / "salud").mkdir(parents=True)
    (content / "salud" / "una.md").write_text(STORY, encoding="utf-8")
    return content


def said(proc):
    return " ".join((proc.stdout + proc.stderr).split())


def test_output_cannot_be_the_content_folder(tmp_path):
    content = project(tmp_path)
    proc = run_build(content, content, extra=BASE, check=False)
    assert proc.returncode != 0 and "content" in said(proc)
    assert (content / "salud" / "una.md").read_text(encoding="utf-8") == STORY


def test_output_cannot_contain_the_content_folder(tmp_path):
    content = project(tmp_path)
    proc = run_build(content, tmp_path, extra=BASE, check=False)
    assert proc.returncode != 0 and "se borraría" in said(proc)
    assert (content / "salud" / "una.md").exists()


def test_output_cannot_be_inside_the_content_folder(tmp_path):
    content = project(tmp_path)
    proc = run_build(content, content / "salida", extra=BASE, check=False)
    assert proc.returncode != 0
    assert not (content / "salida").exists()


def test_output_cannot_be_a_file_or_a_folder_of_other_things(tmp_path):
    content = project(tmp_path)
    notes = tmp_path / "notas.txt"
    notes.write_text("importante", encoding="utf-8")
    proc = run_build(content, notes, extra=BASE, check=False)
    assert proc.returncode != 0 and "no es una carpeta" in said(proc)
    assert notes.read_text(encoding="utf-8") == "importante"
    folder = tmp_path / "documentos"
    folder.mkdir()
    (folder / "carta.odt").write_bytes(b"carta")
    proc = run_build(content, folder, extra=BASE, check=False)
    assert proc.returncode != 0 and "no es una salida de Voces" in said(proc)
    assert (folder / "carta.odt").read_bytes() == b"carta"


def test_a_voces_output_is_replaced_and_marked(tmp_path):
    content = project(tmp_path)
    output = tmp_path / "output"
    run_build(content, output, extra=BASE)
    run_build(content, output, extra=BASE)
    assert (output / ".voces-output").exists()
    assert (output / "articulos" / "una" / "index.html").exists()


def test_two_builds_never_write_the_same_folder_at_once(tmp_path):
    content = project(tmp_path)
    output = tmp_path / "output"
    run_build(content, output, extra=BASE)
    before = (output / "articulos" / "una" / "index.html").read_bytes()
    with open(tmp_path / ".voces-output.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running build holds it
        proc = run_build(content, output, extra=BASE, check=False)
    assert proc.returncode != 0 and "otra construcción está escribiendo" in said(proc)
    assert (output / "articulos" / "una" / "index.html").read_bytes() == before


# Ctrl+C at a known point, not after a sleep: the first time Pelican has written a file
# (into the staging folder), the build sends SIGINT to itself, as an IDE's stop button
# or `kill -INT` would. Python raises KeyboardInterrupt right there.
INTERRUPT_PLUGIN = """
import os
import signal
from pathlib import Path

from pelican import signals

def interrupt(path, context=None):
    Path(os.environ["VOCES_TEST_HALF_WRITTEN"]).write_text(str(path), encoding="utf-8")
    os.kill(os.getpid(), signal.SIGINT)

def register():
    signals.content_written.connect(interrupt)
"""


def test_interrupted_build_fails_and_leaves_the_previous_site(tmp_path):
    """End to end: the real `pelican` command, interrupted while it writes the site."""
    content = project(tmp_path)
    output = tmp_path / "output"
    run_build(content, output, extra=BASE)
    before = (output / "articulos" / "una" / "index.html").read_bytes()
    (content / "salud" / "una.md").write_text(
        STORY.replace("Texto.", "Texto nuevo."), encoding="utf-8"
    )
    plugins = tmp_path / "test_plugins" / "interrupt_while_writing"
    plugins.mkdir(parents=True)
    (plugins / "__init__.py").write_text(INTERRUPT_PLUGIN, encoding="utf-8")
    extra = {
        **BASE,
        "PLUGINS": [*BASE["PLUGINS"], "interrupt_while_writing"],
        "PLUGIN_PATHS": [str(tmp_path / "test_plugins")],
    }
    half_written = tmp_path / "half-written.txt"
    cmd, env = pelican_command(content, output, extra=extra)
    env["VOCES_TEST_HALF_WRITTEN"] = str(half_written)
    build = subprocess.run(
        cmd,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        # Ctrl+C as in a terminal: a pytest-xdist worker ignores SIGINT, and an ignored
        # signal stays ignored across exec, so the build would never see it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    out = build.stdout
    # The interrupt came while the new site was half written in the staging folder.
    assert ".staging-output-" in half_written.read_text(encoding="utf-8"), out
    assert build.returncode != 0, out
    assert "no terminó" in out
    assert (output / "articulos" / "una" / "index.html").read_bytes() == before
    assert not list(tmp_path.glob(".staging-*")) and not list(tmp_path.glob(".old-*"))
    assert os.listdir(output)
