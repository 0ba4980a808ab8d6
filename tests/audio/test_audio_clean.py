"""clean_recording: a phone's recording in, a file that says nothing about who made it out.

Real files made with ffmpeg here (an M4A with title, artist, GPS and a cover picture;
a WhatsApp-like Ogg/Opus voice note with tags; AMR written by hand because Debian's
ffmpeg has no AMR encoder; MP3 and WAV), cleaned with the same code the build uses,
then looked at with ffprobe and byte by byte.
"""

from __future__ import annotations

import shutil

import pytest
from audio_fixtures import (
    GPS,
    MARKER,
    amr,
    corrupt,
    ffprobe,
    mp3,
    phone_m4a,
    silent,
    voice_note_ogg,
    wav,
)

from voces_plugins.audio import clean_recording
from voces_plugins.audio.pipeline import hashed_name
from voces_plugins.core.errors import VocesError

pytestmark = pytest.mark.skipif(
    not shutil.which("ffmpeg"), reason="ffmpeg no está instalado / is not installed"
)


def assert_clean_opus(path, marker=MARKER):
    data = path.read_bytes()
    for needle in (marker, marker.lower(), "Samsung", GPS[:8], "location", "Lavc", "Lavf"):
        assert needle.encode() not in data, f"{needle!r} in {path.name}"
        assert needle.encode("utf-16-le") not in data
    info = ffprobe(path)
    assert "tags" not in info["format"], info["format"].get("tags")
    assert info["chapters"] == []
    assert len(info["streams"]) == 1, "a cover picture or a second track survived"
    stream = info["streams"][0]
    assert stream["codec_type"] == "audio" and stream["codec_name"] == "opus"
    assert stream["channels"] == 1
    assert "tags" not in stream, stream.get("tags")
    assert not stream["disposition"].get("attached_pic")
    # Named by its content hash only.
    assert path.name == hashed_name(data, "ogg")
    return info


def test_phone_m4a_loses_title_artist_gps_and_cover(tmp_path):
    src = phone_m4a(tmp_path / "Grabación de Rosa en Tapachula.m4a")
    # The input really carries what must go.
    before = ffprobe(src)
    assert before["format"]["tags"]["title"].startswith(MARKER)
    assert before["format"]["tags"]["location"] == GPS
    assert any(s["disposition"].get("attached_pic") for s in before["streams"])
    assert MARKER.encode() in src.read_bytes()

    out = clean_recording(src, tmp_path / "limpio")
    assert out.parent == tmp_path / "limpio"
    assert "Rosa" not in out.name and "Tapachula" not in out.name
    info = assert_clean_opus(out)
    # Silence trimmed at both ends (the file has 1.5 s before and after the voice).
    duration = float(info["format"]["duration"])
    assert 6.0 <= duration <= 7.0, duration


def test_whatsapp_voice_note_loses_its_tags_the_same_way_every_time(tmp_path):
    src = voice_note_ogg(tmp_path / "PTT-20261001-WA0003.ogg")
    assert ffprobe(src)["streams"][0]["tags"]  # comment, encoder... present before
    first = clean_recording(src, tmp_path / "limpio")
    assert_clean_opus(first)
    # The same recording gives the same file.
    second = clean_recording(src, tmp_path / "otra-vez")
    assert first.name == second.name
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("maker", [mp3, wav, amr], ids=["mp3", "wav", "amr"])
def test_other_phone_formats_are_read_and_cleaned(tmp_path, maker):
    ext = {"mp3": ".mp3", "wav": ".wav", "amr": ".amr"}[maker.__name__]
    src = maker(tmp_path / f"grabacion{ext}")
    if maker is amr:
        assert ffprobe(src)["streams"][0]["codec_name"] == "amr_nb"
    assert_clean_opus(clean_recording(src, tmp_path / "limpio"))


@pytest.mark.parametrize(
    ("maker", "spanish", "english"),
    [
        (corrupt, "ffmpeg no puede leer la grabación", "ffmpeg cannot read the recording"),
        (silent, "está en silencio", "is silent"),
        (lambda p: p.write_bytes(b"") or p, "está vacío", "is empty"),
    ],
    ids=["corrupt", "silent", "empty"],
)
def test_unusable_recordings_are_refused_in_both_languages(tmp_path, maker, spanish, english):
    src = maker(tmp_path / "nota-de-voz.m4a" if maker is corrupt else tmp_path / "nota.wav")
    with pytest.raises(VocesError) as caught:
        clean_recording(src, tmp_path / "limpio")
    message = caught.value.message()
    assert src.name in message
    assert spanish in message and english in message
    assert message.index(spanish) < message.index(english)  # Spanish first
    assert not (tmp_path / "limpio").exists() or not any((tmp_path / "limpio").iterdir())


def test_too_long_and_too_big_follow_the_settings(tmp_path):
    src = wav(tmp_path / "larga.wav", seconds=8)
    with pytest.raises(VocesError) as caught:
        clean_recording(src, tmp_path / "x", settings={"AUDIO": {"max_minutes": 0.1}})
    assert "el máximo es 0.1 minutos" in caught.value.message()
    assert "the limit is 0.1 minutes" in caught.value.message()
    with pytest.raises(VocesError) as caught:
        clean_recording(src, tmp_path / "x", settings={"AUDIO": {"max_bytes": 10_000}})
    assert "demasiado grande" in caught.value.message() and "too large" in caught.value.message()


def test_a_picture_renamed_as_a_recording_is_refused(tmp_path):
    from audio_fixtures import cover_jpeg

    src = tmp_path / "foto.m4a"
    cover_jpeg(src)
    with pytest.raises(VocesError) as caught:
        clean_recording(src, tmp_path / "x")
    message = caught.value.message()
    assert "foto.m4a" in message
    assert "formato" in message or "no tiene sonido" in message


def test_over_budget_steps_the_bitrate_down_then_stops_clearly(tmp_path, monkeypatch):
    from voces_plugins.audio import pipeline
    from voces_plugins.audio.config import HEADER_ALLOWANCE, merge
    from voces_plugins.audio.errors import AudioProblem

    src = wav(tmp_path / "densa.wav", seconds=10)
    usual = pipeline.process(src, merge({"AUDIO": {}}, report=False))
    assert usual["opus_bitrate"] == "24k"
    # 24 kbps is now over budget: 15 KB a minute under what it gave, counted as the
    # budget check counts it (without the Ogg header allowance, so that the step down
    # is forced for a recording of any length, not only one longer than 16 s).
    ogg = usual["ogg"]
    budget = round((ogg["bytes"] - HEADER_ALLOWANCE) * 60 / ogg["duration"]) - 15_000
    tight = merge({"AUDIO": {"budget_bytes_per_minute": budget}}, report=False)
    # Every ffmpeg and ffprobe run, noted on its way through.
    runs, run = [], pipeline._run
    monkeypatch.setattr(pipeline, "_run", lambda cmd, t: runs.append(cmd) or run(cmd, t))
    result = pipeline.process(src, tight)
    assert result["opus_bitrate"] in ("20k", "16k")
    assert result["ogg"]["bytes"] - 4096 <= budget * result["ogg"]["duration"] / 60
    # The AAC copy does not depend on the Opus bitrate: encoded once, with the first
    # try, and the same as without the step down.
    assert sum("aac" in cmd for cmd in runs) == 1, runs
    assert result["m4a"]["data"] == usual["m4a"]["data"]
    # 20 KB a minute: even 16 kbps is over it, for any length (a short recording here,
    # a long one above); every step is tried, then it stops.
    short = wav(tmp_path / "corta.wav")
    impossible = merge({"AUDIO": {"budget_bytes_per_minute": 20_000}}, report=False)
    runs.clear()
    with pytest.raises(AudioProblem) as caught:
        pipeline.process(short, impossible)
    assert caught.value.kind == "over_budget"
    tried = [cmd[cmd.index("-b:a") + 1] for cmd in runs if "libopus" in cmd]
    assert tried == ["24k", "20k", "16k"], tried
    message = caught.value.error(short, "audio", "audio/corta.wav").message()
    assert "por minuto" in message and "a minute" in message
