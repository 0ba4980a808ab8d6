"""The editors' command, run as editors run it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from voces_testing import ROOT

VOCES = [sys.executable, "-m", "voces"]


def voces(*args, cwd=ROOT, timeout=900):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("VOCES_PROTECTED_TERMS", None)
    return subprocess.run(
        [*VOCES, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env
    )


def test_help_is_in_spanish_and_names_every_command():
    proc = voces("--ayuda")
    assert proc.returncode == 0
    for word in (
        "uso:",
        "construir",
        "ver",
        "publicar",
        "edicion",
        "revisar",
        "verificar-imagenes",
        "(build)",
        "(serve)",
        "(publish)",
        "(check)",
    ):
        assert word in proc.stdout, word
    sub = voces("construir", "--help")
    assert "uso: voces construir" in sub.stdout and "carpeta de salida" in sub.stdout


def test_english_names_are_the_same_commands():
    assert voces("build", "--help").stdout == voces("construir", "--help").stdout
    assert voces("check", "--help").stdout == voces("revisar", "--help").stdout


def test_outside_a_project_the_error_says_where_to_run_it(tmp_path):
    proc = voces("construir", cwd=tmp_path)
    assert proc.returncode != 0
    assert "pelicanconf.py" in proc.stderr and "carpeta del proyecto" in proc.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_build_then_serve_production(tmp_path):
    out = tmp_path / "salida"
    proc = voces("construir", "-o", str(out))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (out / "index.html").exists() and (out / "en" / "index.html").exists()
    assert "Listo" in proc.stderr


IGNORE = shutil.ignore_patterns(
    ".venv",
    ".git",
    "output",
    "output-*",
    ".cache",
    ".preview",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    "*.egg-info",
)


def copy_of_project(tmp_path) -> Path:
    project = tmp_path / "proyecto"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    return project


def wait_for(url, predicate, server, timeout=600):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if predicate(body):
                return body
        except OSError:
            pass
        assert server.poll() is None, server.stdout.read().decode()
        assert time.monotonic() < deadline, f"timed out waiting for {url}"
        time.sleep(0.1)


def test_serve_rebuilds_when_a_member_edits_her_story(tmp_path):
    project = copy_of_project(tmp_path)
    # What is looked at here is a story's page, before and after her edit: the copy
    # makes no edition PDFs (the EDITIONS["pdf"] setting), which were ~9 s of its first
    # preview build. The sample's PDFs are checked in tests/editions/.
    settings = project / "pelicanconf.py"
    settings.write_text(
        settings.read_text(encoding="utf-8") + '\nEDITIONS = {**EDITIONS, "pdf": False}\n',
        encoding="utf-8",
    )
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [*VOCES, "ver", "--puerto", str(port)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/articulos/prueba-de-vih-gratis/"
    try:
        wait_for(url, lambda body: "<html" in body, server)
        story = project / "content" / "salud" / "prueba-de-vih-gratis.md"
        text = story.read_text(encoding="utf-8")
        story.write_text(
            text.replace("\n\n", "\n\nPÁRRAFO-NUEVO-DE-PRUEBA\n\n", 1), encoding="utf-8"
        )
        body = wait_for(url, lambda body: "PÁRRAFO-NUEVO-DE-PRUEBA" in body, server)
        assert '<html lang="es"' in body
    finally:
        server.terminate()
        server.wait(timeout=30)
    # The preview never touches the production output.
    assert not (project / "output").exists()
    assert (project / ".preview" / "index.html").exists()


# Publishing (a separate site repository, refusals, one commit without history):
# tests/newsroom/test_publish_site.py


def test_every_command_is_one_module_with_the_shared_options(capsys):
    """One parser: each command module has NAMES, HELP, configure and run; -q, -v,
    --ayuda and --version are defined once and work before or after the command."""
    import pytest

    from voces.cli import make_parser
    from voces.commands import COMMANDS, load

    modules = load()
    assert len(modules) == len(COMMANDS)
    for module in modules:
        assert module.NAMES and module.NAMES[0].isascii(), module.__name__
        assert " / " in module.HELP, module.__name__
        assert callable(module.configure) and callable(module.run)
    parser = make_parser()
    for argv, quiet, verbose in (
        (["construir"], False, False),
        (["-q", "construir"], True, False),
        (["construir", "--silencio"], True, False),
        (["build", "--quiet", "-v"], True, True),
        (["--detalle", "revisar"], False, True),
    ):
        args = parser.parse_args(argv)
        assert (args.quiet, args.verbose) == (quiet, verbose), argv
    with pytest.raises(SystemExit) as stop:
        parser.parse_args(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("voces ")
