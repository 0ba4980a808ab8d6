"""The offline worker's version follows the theme's files.

The worker serves /theme/ (style sheet, quick-exit script, icons) from its own cache,
named by its version. If an edited quick-exit.js did not change that version, phones
that kept the old script would go on running it: the safety fix would never arrive.
"""

from __future__ import annotations

import re
import shutil

from voces_testing import ROOT, run_build, write_md

STORY = {
    "título": "Una historia",
    "fecha": "2026-10-20",
    "autora": "Garza",
    "etiquetas": "salud",
    "resumen": "Un resumen.",
    "estado": "publicado",
    "slug": "una-historia",
}


def worker_version(output):
    text = (output / "sw.js").read_text(encoding="utf-8")
    return re.search(r'var VERSION = "([0-9a-f]+)"', text).group(1)


def test_an_edited_theme_script_gives_the_worker_a_new_version(tmp_path):
    content = tmp_path / "content"
    write_md(content, "salud/una.md", STORY, "Texto.")
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    extra = {"THEME": str(theme)}
    run_build(content, tmp_path / "antes", extra=extra)
    run_build(content, tmp_path / "igual", extra=extra)
    assert worker_version(tmp_path / "antes") == worker_version(tmp_path / "igual")
    script = theme / "static" / "js" / "quick-exit.js"
    script.write_text(script.read_text(encoding="utf-8") + "\n// arreglo\n", encoding="utf-8")
    run_build(content, tmp_path / "despues", extra=extra)
    assert worker_version(tmp_path / "despues") != worker_version(tmp_path / "antes")
