"""Red team: ``voces retirar SLUG --borrar`` deleted the story and its drawings but left
her voice: the recording, its transcript and the narration stayed in ``content/audio/``
(and in the next commit). A voice says more about who she is than a drawing. A
recording another story still uses is kept. Real newsroom, real ffmpeg files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "newsroom"))

from newsroom_helpers import make_newsroom

from voces.withdraw import withdraw

STORY = """\
título: {title}
fecha: 2026-11-01
autora: Ana
estado: publicado
audio: {audio}
voz: propia
narración: audio/{narration}
slug: {slug}

Una historia contada con su voz.
"""


def recording(path: Path):
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
         "sine=frequency=300:duration=1", "-c:a", "libopus", "-map_metadata", "-1", str(path)],
        check=True,
    )  # fmt: skip


@pytest.fixture
def newsroom(tmp_path):
    root = make_newsroom(tmp_path / "redaccion")
    audio = root / "content" / "audio"
    audio.mkdir(exist_ok=True)
    for name in ("su-voz.ogg", "lectura.ogg", "compartida.ogg"):
        recording(audio / name)
    (audio / "su-voz.ogg.txt").write_text("Lo que ella dice con su voz.\n", encoding="utf-8")
    section = root / "content" / "comunidad"
    section.mkdir(exist_ok=True)
    (section / "su-historia.md").write_text(
        STORY.format(
            title="Su historia", audio="audio/su-voz.ogg", narration="compartida.ogg",
            slug="su-historia",
        ),
        encoding="utf-8",
    )  # fmt: skip
    (section / "otra.md").write_text(
        STORY.format(
            title="Otra", audio="{static}/audio/lectura.ogg", narration="compartida.ogg",
            slug="otra",
        ).replace("audio: {static}/audio/lectura.ogg\n", ""),
        encoding="utf-8",
    )  # fmt: skip
    return root


def test_delete_removes_her_recording_and_transcript_and_keeps_shared_ones(newsroom):
    audio = newsroom / "content" / "audio"
    result = withdraw(newsroom, "su-historia", delete=True)
    assert not (newsroom / "content" / "comunidad" / "su-historia.md").exists()
    assert not (audio / "su-voz.ogg").exists(), "her recording stayed in content/audio"
    assert not (audio / "su-voz.ogg.txt").exists(), "her transcript stayed"
    assert (audio / "compartida.ogg").is_file()  # the other story narrates with it
    assert (audio / "lectura.ogg").is_file()  # no story names it: not hers to delete
    assert sorted(p.name for p in result["recordings"]) == ["su-voz.ogg", "su-voz.ogg.txt"]
