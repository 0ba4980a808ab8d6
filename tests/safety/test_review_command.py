"""`voces revisar` (`voces check`): the build's own checks, writing nothing.

One line per problem naming the file, the problem and the fix (Spanish, then
English), a summary, exit status 1 when something must be fixed and 0 when all is
in order. Nothing is written. That it agrees with the production build on every kind
of broken input is proved in tests/core/test_check_agrees.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from newsroom_helpers import voces_here
from voces_testing import ROOT, write_md

CONSENT = {
    "consentimiento": "sí",
    "consentimiento_fecha": "2026-10-01",
    "consentimiento_alcance": "web, impreso",
}


def article(content, rel, slug, body="Texto.", **extra):
    meta = {
        "título": f"Historia {slug}",
        "fecha": "2026-10-20",
        "autora": "Garza",
        "estado": "publicado",
        "slug": slug,
        **extra,
    }
    return write_md(content, rel, meta, body)


def command_env(env=None) -> dict:
    """This process's environment in C.UTF-8, without a terms list, plus ``env``."""
    full_env = {**os.environ, "LC_ALL": "C.UTF-8"}
    full_env.pop("VOCES_PROTECTED_TERMS", None)
    full_env.update(env or {})
    return full_env


def revisar_process(*args, env=None):
    """``python -m voces revisar ARGS`` from the project folder: the real command line."""
    return subprocess.run(
        [sys.executable, "-m", "voces", "revisar", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=command_env(env),
        timeout=300,
    )


def revisar(*args, env=None):
    """``voces revisar ARGS`` through ``voces.cli.main`` in this process, from the project
    folder (what the command line runs, without starting Python again: ~1 s each), with
    the environment ``revisar_process`` gives. Gives what the command printed and its
    exit status, as ``subprocess.run`` does (newsroom_helpers.voces_here)."""
    return voces_here("revisar", *args, cwd=ROOT, env=command_env(env))


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def clean_site(tmp_path) -> Path:
    content = tmp_path / "content"
    article(content, "salud/clinica.md", "clinica", "La prueba de VIH es gratuita.")
    article(content, "testimonios/camino.md", "camino", "Crucé el río.", **CONSENT)
    article(content, "salud/borrador.md", "borrador", estado="borrador")
    article(
        content,
        "testimonios/papel.md",
        "papel",
        "Solo en papel.",
        **{**CONSENT, "consentimiento_alcance": "impreso"},
    )
    return content


@pytest.fixture
def troubled_site(tmp_path) -> Path:
    content = tmp_path / "content"
    (content / "dibujos").mkdir(parents=True)
    article(content, "salud/clinica.md", "clinica", "La prueba de VIH es gratuita.")
    article(content, "testimonios/sin-consentimiento.md", "sin-consentimiento", consentimiento="sí")
    article(content, "testimonios/retirada.md", "retirada", estado="retirado", **CONSENT)
    write_md(
        content,
        "testimonios/retirada.en.md",
        {
            "title": "Withdrawn story",
            "date": "2026-10-20",
            "status": "published",
            "lang": "en",
            "slug": "retirada",
            "consent": "yes",
            "consent_date": "2026-10-01",
            "consent_scope": "web",
        },
        "Text.",
    )
    article(
        content,
        "salud/sin-imagen.md",
        "sin-imagen",
        imagen="dibujos/no-existe.jpg",
        imagen_alt="Un dibujo.",
    )
    article(content, "salud/remota.md", "remota", "![Foto](https://example.org/foto.jpg)")
    article(content, "salud/estado-raro.md", "estado-raro", estado="quizás")
    article(content, "comunidad/vecina.md", "vecina", "Vino mi vecina MARÍA lópez.")
    article(
        content,
        "comunidad/enlace.md",
        "enlace",
        "Lea [la historia]({filename}/testimonios/retirada.md).",
    )
    return content


@pytest.fixture
def terms(tmp_path) -> Path:
    path = tmp_path / "terminos-protegidos.txt"
    path.write_text("# privado\nMaria Lopez\nBar La Sirena Escondida\n", encoding="utf-8")
    return path


def test_clean_content_passes(clean_site):
    before = snapshot(clean_site.parent)
    proc = revisar(clean_site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "todo en orden" in proc.stdout and "all in order" in proc.stdout
    assert "3 publicado" in proc.stdout and "1 borrador" in proc.stdout
    notice = next(line for line in proc.stdout.splitlines() if "testimonios/papel.md" in line)
    assert "solo impreso" in notice and "print only" in notice
    assert snapshot(clean_site.parent) == before  # nothing built, nothing written


def test_every_problem_is_listed_with_its_file_and_fix(troubled_site, terms):
    proc = revisar_process(troubled_site, "--terminos", terms)  # the real command line
    assert proc.returncode == 1
    out = proc.stdout
    problems = [line for line in out.splitlines() if line.startswith("  - ")]

    def line_for(name):
        found = [line for line in problems if f"content/{name}" in line]
        assert found, f"{name} missing from the report:\n{out}"
        return found[0]

    consent = line_for("testimonios/sin-consentimiento.md")
    assert consent.index("consentimiento_fecha") < consent.index("consent_date")
    # The translation of a withdrawn story is withdrawn with it: not a problem.
    assert not [line for line in problems if "retirada.en.md" in line]
    assert "dibujos/no-existe.jpg" in line_for("salud/sin-imagen.md")
    assert "example.org" in line_for("salud/remota.md")
    status = line_for("salud/estado-raro.md")
    assert status.index("no es un estado conocido") < status.index("is not a known status")
    names = line_for("comunidad/vecina.md")
    assert "Maria Lopez" in names and "línea" in names
    assert "retirado" in line_for("comunidad/enlace.md")
    assert "Sirena" not in out  # the list itself is never printed
    for clean in ("salud/clinica.md", "testimonios/retirada.md:"):
        assert not [line for line in problems if f"content/{clean}" in line]
    assert f"Resumen: {len(problems)} problema(s)" in out, out
    assert f"Summary: {len(problems)} problem(s)" in out
    assert out.index("Resumen") < out.index("Summary")


def test_a_missing_terms_file_is_a_problem(clean_site, tmp_path):
    missing = tmp_path / "no-esta.txt"
    proc = revisar(clean_site, env={"VOCES_PROTECTED_TERMS": str(missing)})
    assert proc.returncode == 1
    assert str(missing) in proc.stdout and "no existe" in proc.stdout


def test_without_a_terms_list_the_editor_is_told(clean_site):
    proc = revisar(clean_site)
    assert "No hay lista de términos protegidos" in proc.stdout


def test_main_is_callable_with_argv(clean_site, capsys):
    from voces.cli import main

    assert main(["revisar", str(clean_site)]) == 0
    assert "todo en orden" in capsys.readouterr().out


def test_the_shipped_content_is_ready_to_publish():
    proc = revisar()
    assert proc.returncode == 0, proc.stdout + proc.stderr
