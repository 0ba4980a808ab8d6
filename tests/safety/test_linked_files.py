"""A member's file linked with {static}/{attach} is never copied into the site as it is.

An HTML or SVG file would run script on the site's own address, a zip or a phone video
carries GPS and names: nothing cleans them, so the build stops instead.
"""

from __future__ import annotations

import pytest
from voces_testing import run_build

STORY = """título: Historia con adjunto
fecha: 2026-11-01
autora: Lucero
estado: publicado
slug: con-adjunto

Mire [esto]({link}).
"""


@pytest.mark.parametrize(
    "name, data, link",
    [
        ("extras/x.html", b"<script>alert(document.domain)</script>", "{static}/extras/x.html"),
        ("extras/logo.svg", b"<svg onload='alert(1)'></svg>", "{static}/extras/logo.svg"),
        ("salud/fotos.zip", b"PK\x03\x04 GPS Maria Secreta", "{attach}fotos.zip"),
        ("salud/audio.m4a", b"\x00\x00\x00 ftypM4A  name=Maria Secreta", "{attach}audio.m4a"),
    ],
)
def test_linked_file_stops_the_build_and_is_never_copied(tmp_path, name, data, link):
    content = tmp_path / "content"
    (content / "salud").mkdir(parents=True)
    (content / "salud" / "adjunto.md").write_text(STORY.format(link=link), encoding="utf-8")
    target = content / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    output = tmp_path / "output"
    proc = run_build(content, output, check=False)
    said = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0
    assert target.name in said and "Quite el enlace" in said and "Remove the link" in said
    assert not output.exists() or not any(p.name == target.name for p in output.rglob("*"))
