"""``voces agregar-audio``: a WhatsApp voice note becomes, after this one command and an
editor's transcript, a published testimony with nothing in its files that says who,
where or on what phone it was recorded."""

from __future__ import annotations

import shutil

import pytest
from audio_fixtures import MARKER, ffprobe, files, phone_m4a, voice_note_ogg
from newsroom_helpers import copy_newsroom, git, make_newsroom, voces_here

pytestmark = pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg no está instalado")

STORY = """\
título: Cruzamos el río
fecha: 2026-11-20
autora: Lucero
estado: publicado
consentimiento: sí
consentimiento_fecha: 2026-11-18
consentimiento_alcance: web, impreso
audio: audio/lucero-cuenta.ogg
voz: propia

Lucero cuenta, con su voz, cómo llegó.
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A newsroom made by ``voces nueva-redaccion`` with its first commit, made once."""
    return make_newsroom(tmp_path_factory.mktemp("audio") / "redaccion")


@pytest.fixture
def root(template, tmp_path):
    """This test's own copy of the newsroom (git repository and pre-commit hook too)."""
    return copy_newsroom(template, tmp_path / "redaccion")


def test_a_voice_note_becomes_a_published_testimony(root, tmp_path):
    phone = tmp_path / "telefono"
    phone.mkdir()
    note = voice_note_ogg(phone / f"PTT-20261001-WA0003 {MARKER}.ogg")

    proc = voces_here("agregar-audio", str(note), "--nombre", "Lucero cuenta", cwd=root)
    assert proc.returncode == 0, proc.stderr
    clean = root / "content" / "audio" / "lucero-cuenta.ogg"
    assert "audio: audio/lucero-cuenta.ogg" in proc.stdout
    assert "content/audio/lucero-cuenta.ogg.txt" in proc.stdout
    assert MARKER.encode() not in clean.read_bytes()
    info = ffprobe(clean)
    assert "tags" not in info["format"] and "tags" not in info["streams"][0]
    assert note.exists()  # the phone's copy is left alone

    # The editor writes what is heard and the story, and commits (the hook checks).
    (clean.parent / "lucero-cuenta.ogg.txt").write_text(
        "Cruzamos el río de noche. Llegamos cansadas.", encoding="utf-8"
    )
    (root / "content" / "testimonios" / "cruzamos-el-rio.md").write_text(STORY, "utf-8")
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "Testimonio con voz", cwd=root)

    proc = voces_here("construir", cwd=root)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = root / "output"
    page = (out / "articulos" / "cruzamos-el-rio" / "index.html").read_text(encoding="utf-8")
    assert 'preload="none"' in page and "Cruzamos el río de noche." in page
    published = sorted((out / "audio").iterdir())
    # One Ogg and one M4A (names carry a content hash, so their order varies).
    assert sorted(p.suffix for p in published) == [".m4a", ".ogg"], published
    for path in files(out):
        assert MARKER.encode() not in path.read_bytes(), path
        assert b"PTT-20261001" not in path.read_bytes(), path


def test_in_place_cleans_a_recording_already_in_content(root, tmp_path):
    folder = root / "content" / "audio"
    folder.mkdir(exist_ok=True)
    dirty = phone_m4a(folder / "entrevista.m4a")
    (folder / "entrevista.m4a.txt").write_text("Lo que se oye.", encoding="utf-8")
    proc = voces_here("agregar-audio", "--en-su-lugar", str(dirty), cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert not dirty.exists()
    clean = folder / "entrevista.ogg"
    assert (folder / "entrevista.ogg.txt").read_text(encoding="utf-8") == "Lo que se oye."
    info = ffprobe(clean)
    assert len(info["streams"]) == 1 and "tags" not in info["format"]
    assert MARKER.encode() not in clean.read_bytes()


def test_an_unreadable_recording_is_refused_in_both_languages(root, tmp_path):
    bad = tmp_path / "rota.ogg"
    bad.write_bytes(b"OggS" + b"\x00" * 200)
    proc = voces_here("agregar-audio", str(bad), cwd=root)
    assert proc.returncode == 1
    assert "ffmpeg no puede leer" in proc.stderr and "ffmpeg cannot read" in proc.stderr
    assert not any((root / "content" / "audio").glob("*.ogg"))
