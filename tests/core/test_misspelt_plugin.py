"""A misspelt plugin name must stop the build, not build without the safety checks.

Pelican logs "Cannot load plugin" and goes on; without ``build_guard`` nothing would stop
a draft or an unconsented story. ``pelicanconf.py`` refuses such a list itself.
"""

from __future__ import annotations

import subprocess
import sys

from voces_testing import ROOT, write_md


def test_a_misspelt_plugin_stops_the_build_before_anything_is_written(tmp_path):
    settings = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    typo = settings.replace('"voces_plugins.build_guard",', '"voces_plugins.buildguard",', 1)
    assert typo != settings
    (tmp_path / "pelicanconf.py").write_text(typo, encoding="utf-8")
    content = tmp_path / "content"
    write_md(
        content,
        "comunidad/borrador.md",
        {"título": "Un borrador", "fecha": "2026-11-01", "estado": "borrador"},
        "Texto que no debe publicarse.",
    )
    out = tmp_path / "output"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-s",
            str(tmp_path / "pelicanconf.py"),
            "-o",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode != 0
    assert "voces_plugins.buildguard" in proc.stderr + proc.stdout
    assert "no se encuentra el plugin" in proc.stderr + proc.stdout
    assert not out.exists()
