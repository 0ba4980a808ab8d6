"""The build replaces its output folder whole, so it must be sure of which folder.

A mistyped ``-o`` must never erase the members' stories, two builds must never mix in
one folder, and an interrupted build must neither report success nor leave a half-built
site behind.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time

from conftest import ROOT, run_build

STORY = "título: Una historia\nfecha: 2026-11-01\nestado: publicado\nslug: una\n\nTexto.\n"
BASE = {
    "PLUGINS": ["build_guard", "content_model"],
    "THEME": "simple",
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


SLOW_PLUGIN = """
import time
from pelican import signals

def wait(generators):
    time.sleep(30)

def register():
    signals.all_generators_finalized.connect(wait)
"""


def test_interrupted_build_fails_and_leaves_the_previous_site(tmp_path):
    content = project(tmp_path)
    output = tmp_path / "output"
    run_build(content, output, extra=BASE)
    before = (output / "articulos" / "una" / "index.html").read_bytes()
    (content / "salud" / "una.md").write_text(
        STORY.replace("Texto.", "Texto nuevo."), encoding="utf-8"
    )
    plugins = tmp_path / "test_plugins" / "slow"
    plugins.mkdir(parents=True)
    (plugins / "__init__.py").write_text(SLOW_PLUGIN, encoding="utf-8")
    extra = {
        **BASE,
        "PLUGINS": [*BASE["PLUGINS"], "slow"],
        "PLUGIN_PATHS": ["plugins", str(tmp_path / "test_plugins")],
    }
    cmd = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        str(ROOT / "publishconf.py"),
        "-o",
        str(output),
        "-e",
        *(f"{k}={json.dumps(v)}" for k, v in extra.items()),
    ]
    build = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".staging-output-*")):
        assert build.poll() is None and time.monotonic() < deadline
        time.sleep(0.1)
    time.sleep(1)
    build.send_signal(signal.SIGINT)  # what an IDE's stop button or `kill -INT` does
    out, _ = build.communicate(timeout=60)
    assert build.returncode != 0, out
    assert "no terminó" in out
    assert (output / "articulos" / "una" / "index.html").read_bytes() == before
    assert not list(tmp_path.glob(".staging-*")) and not list(tmp_path.glob(".old-*"))
    assert os.listdir(output)
