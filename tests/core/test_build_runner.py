"""The in-process build runner (voces.build.run_build): codes, messages, nothing left behind."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from blinker import default_namespace
from voces_testing import write_md

from voces.build import run_build


def story(content, rel, **meta):
    base = {"título": "Una historia", "fecha": "2026-10-01", "estado": "publicado"}
    return write_md(content, rel, {**base, **meta}, "Texto de la historia.")


def receivers():
    counts = {name: len(signal.receivers) for name, signal in default_namespace.items()}
    return {name: n for name, n in counts.items() if n}


def test_a_bad_file_fails_with_its_name_every_time_and_leaves_the_process_as_it_was(
    tmp_path, monkeypatch
):
    content = tmp_path / "content"
    story(content, "salud/buena.md")
    story(content, "salud/mala.md", fecha="2026-13-45")
    monkeypatch.setenv("VOCES_RUNNER_PROBE", "antes")
    cwd, level, before = os.getcwd(), logging.getLogger().level, receivers()
    for _ in range(2):  # a second build in the same process says exactly the same
        result = run_build(
            content,
            tmp_path / "salida",
            env={"VOCES_RUNNER_PROBE": "durante", "VOCES_PROTECTED_TERMS": None},
            echo=False,
        )
        assert result.returncode == 1
        assert "salud/mala.md [fecha]" in result.message
        assert "no es una fecha válida" in result.message and "not a valid date" in result.message
        assert result.message.count("salud/mala.md [fecha]") == 1  # no receiver fired twice
        assert any("salud/mala.md" in error for error in result.errors)
        assert not (tmp_path / "salida").exists()
    assert os.environ["VOCES_RUNNER_PROBE"] == "antes"
    assert os.getcwd() == cwd and logging.getLogger().level == level
    assert receivers() == before


def test_quiet_still_lists_every_error(tmp_path):
    content = tmp_path / "content"
    story(content, "salud/sin-titulo.md", título="")
    result = run_build(content, tmp_path / "salida", quiet=True, echo=False)
    assert result.returncode == 1
    assert "salud/sin-titulo.md" in result.message


def test_a_check_writes_nothing(tmp_path):
    content = tmp_path / "content"
    story(content, "salud/buena.md")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = run_build(content, tmp_path / "salida", check_only=True, echo=False)
    assert result.returncode == 0, result.log
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_quiet_lists_image_errors_too(tmp_path):
    """-q once printed "1 problema(s) con imágenes; vea los mensajes de arriba" and nothing above."""
    content = tmp_path / "content"
    (content / "dibujos").mkdir(parents=True)
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(content / "dibujos" / "mariposa.jpg")
    story(content, "salud/sin-alt.md")
    (content / "salud" / "sin-alt.md").write_text(
        "título: Sin alt\nfecha: 2026-10-01\nestado: publicado\n\n![](dibujos/mariposa.jpg)\n",
        encoding="utf-8",
    )
    result = run_build(content, tmp_path / "salida", quiet=True, echo=False)
    assert result.returncode == 1
    assert "salud/sin-alt.md" in result.message and "dibujos/mariposa.jpg" in result.message
    assert "vea los mensajes de arriba" not in result.message


def test_ctrl_c_is_a_code_and_a_message_and_leaves_the_previous_site(tmp_path):
    from voces_plugins.core.signals import content_ready

    content = tmp_path / "content"
    story(content, "salud/buena.md")
    first = run_build(content, tmp_path / "salida", echo=False)
    assert first.returncode == 0, first.log
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "salida").rglob("*"))

    def interrupt(generators, **_kw):
        raise KeyboardInterrupt

    content_ready.connect(interrupt, weak=False)
    try:
        story(content, "salud/otra.md", título="Otra")
        result = run_build(content, tmp_path / "salida", echo=False)
    finally:
        content_ready.disconnect(interrupt)
    assert result.returncode == 130
    assert "interrumpida" in result.message and "interrupted" in result.message
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "salida").rglob("*")) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".staging-", ".old-"))]


def test_a_check_without_the_guard_refuses_instead_of_writing(tmp_path):
    content = tmp_path / "content"
    story(content, "salud/buena.md")
    result = run_build(
        content,
        tmp_path / "salida",
        check_only=True,
        overrides={"PLUGINS": ["voces_plugins.content_model"]},
        echo=False,
    )
    assert result.returncode == 1 and "build_guard" in result.message
    assert not (tmp_path / "salida").exists()


def test_a_newsroom_reads_its_own_settings_whatever_another_project_left(tmp_path, monkeypatch):
    """``voces revisar`` and ``voces retirar`` read a newsroom's settings in a process
    that may have read another project's (``voces ver``, the tests): the ``pelicanconf``
    another project left in ``sys.modules`` is not the newsroom's, and is put back; no
    ``__pycache__/`` is written into the newsroom."""
    import types

    from voces.newsroom import create
    from voces.review import load_settings

    other = types.ModuleType("pelicanconf")
    other.THEME = "tema-de-otro-proyecto"
    other.SITENAME = "Otro proyecto"
    monkeypatch.setitem(sys.modules, "pelicanconf", other)
    newsroom = create(tmp_path / "redaccion")
    settings = load_settings(str(newsroom / "publishconf.py"), str(newsroom / "content"))
    assert settings["SITENAME"] == "Voces" and Path(settings["THEME"]).is_dir()
    assert sys.modules["pelicanconf"] is other
    assert not list(newsroom.rglob("__pycache__"))
