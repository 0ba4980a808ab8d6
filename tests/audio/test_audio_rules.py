"""Rules a recording follows before the site publishes it: a transcript, a voice choice,
a readable file, consent; and what a withdrawal takes away (files and cache)."""

from __future__ import annotations

import re
import shutil

import pytest
from audio_fixtures import (
    build,
    consented_story,
    corrupt,
    shared_cache,
    silent,
    story,
    voice_note_ogg,
    wav,
)

pytestmark = pytest.mark.skipif(
    not shutil.which("ffmpeg"), reason="ffmpeg no está instalado / is not installed"
)


def one_story(tmp_path, transcript="Lo que dice la grabación.", **meta):
    content = tmp_path / "content"
    (content / "audio").mkdir(parents=True)
    voice_note_ogg(content / "audio" / "nota.ogg")
    if transcript is not None:
        (content / "audio" / "nota.ogg.txt").write_text(transcript, encoding="utf-8")
    consented_story(content, "mi-voz", "audio/nota.ogg", **meta)
    return content


def failed(proc):
    assert proc.returncode != 0, proc.stdout[-3000:]
    return proc.stdout + proc.stderr


def test_a_recording_without_transcript_stops_a_production_build(tmp_path):
    content = one_story(tmp_path, transcript=None)
    log = failed(build(content, tmp_path / "out", tmp_path / "cache", check=False))
    assert "testimonios/mi-voz.md [audio_transcripción]" in log
    assert "no tiene transcripción" in log and "has no transcript" in log
    assert "content/audio/nota.ogg.txt" in log  # says where to write it
    assert not (tmp_path / "out").exists()


def test_a_preview_only_warns_about_the_missing_transcript(tmp_path):
    content = one_story(tmp_path, transcript=None)
    proc = build(content, tmp_path / "out", shared_cache(), preview=True)
    assert "no tiene transcripción" in proc.stdout + proc.stderr
    assert list((tmp_path / "out" / "audio").glob("*.ogg"))


def test_a_protected_term_in_the_transcript_stops_the_build(tmp_path):
    terms = tmp_path / "privado" / "terminos.txt"
    terms.parent.mkdir()
    terms.write_text("Bar La Sirena Escondida\n", encoding="utf-8")
    content = one_story(tmp_path, transcript="Yo trabajaba en el bar La Sirena Escondida.")
    out = tmp_path / "out"
    proc = build(
        content, out, shared_cache(), check=False, env={"VOCES_PROTECTED_TERMS": str(terms)}
    )
    log = failed(proc)
    assert "articulos/mi-voz/index.html" in log
    assert not out.exists()
    # Without the term in the transcript the same story builds.
    (content / "audio" / "nota.ogg.txt").write_text("Yo trabajaba en un bar.", encoding="utf-8")
    build(content, out, shared_cache(), env={"VOCES_PROTECTED_TERMS": str(terms)})
    assert "Yo trabajaba en un bar." in (out / "articulos/mi-voz/index.html").read_text()


def test_the_voice_choice_is_required_and_text_only_means_no_sound(tmp_path):
    content = one_story(tmp_path, voz="")
    log = failed(build(content, tmp_path / "out", tmp_path / "cache", check=False))
    assert "mi-voz.md [voz]" in log and "whose voice" in log
    consented_story(content, "mi-voz", "audio/nota.ogg", voz="solo texto")
    log = failed(build(content, tmp_path / "out", tmp_path / "cache", check=False))
    assert "«voz: solo texto»" in log and "'voice: text'" in log
    consented_story(content, "mi-voz", "audio/nota.ogg", voz="cambiada")
    log = failed(build(content, tmp_path / "out", tmp_path / "cache", check=False))
    assert "«cambiada» no se entiende" in log


@pytest.mark.parametrize(
    ("maker", "name", "spanish", "english"),
    [
        (corrupt, "rota.m4a", "ffmpeg no puede leer la grabación", "ffmpeg cannot read"),
        (silent, "callada.wav", "está en silencio", "is silent"),
    ],
    ids=["corrupt", "silent"],
)
def test_unusable_recordings_stop_the_build_naming_story_and_file(
    tmp_path, maker, name, spanish, english
):
    content = tmp_path / "content"
    (content / "audio").mkdir(parents=True)
    maker(content / "audio" / name)
    (content / "audio" / f"{name}.txt").write_text("Texto.", encoding="utf-8")
    consented_story(content, "mi-voz", f"audio/{name}")
    log = failed(build(content, tmp_path / "out", tmp_path / "cache", check=False))
    assert "testimonios/mi-voz.md [audio]" in log
    assert f"'audio/{name}'" in log and spanish in log and english in log


def test_too_long_recordings_stop_the_build(tmp_path):
    content = tmp_path / "content"
    (content / "audio").mkdir(parents=True)
    wav(content / "audio" / "larga.wav", seconds=8)
    (content / "audio" / "larga.txt").write_text("Texto.", encoding="utf-8")
    consented_story(content, "mi-voz", "audio/larga.wav")
    proc = build(
        content, tmp_path / "out", tmp_path / "cache", check=False, audio={"max_minutes": 0.1}
    )
    log = failed(proc)
    assert "el máximo es 0.1 minutos" in log and "the limit is 0.1 minutes" in log


def test_a_missing_or_misplaced_recording_is_named(tmp_path):
    content = one_story(tmp_path)
    consented_story(content, "mi-voz", "audio/no-existe.ogg")
    log = failed(build(content, tmp_path / "out", tmp_path / "cache", check=False))
    assert "la grabación 'audio/no-existe.ogg' no existe" in log
    voice_note_ogg(content / "testimonios" / "suelta.ogg")
    consented_story(content, "mi-voz", "testimonios/suelta.ogg")
    log = failed(build(content, tmp_path / "out", tmp_path / "cache", check=False))
    assert "no está en content/audio/" in log


def test_a_second_build_uses_the_cache_and_withdrawal_removes_the_audio(tmp_path):
    """One story's life: cleaned once, taken from the cache by the next build, then
    withdrawn (its files leave the site and the cache)."""
    content = one_story(tmp_path)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, cache)
    published = sorted(p.name for p in (out / "audio").iterdir())
    assert len(published) == 2
    cached = sorted(p.name for p in cache.rglob("*") if p.is_file())
    assert any(name.endswith(".ogg") for name in cached)
    assert "mi-voz" in (out / "escuchar" / "index.html").read_text()

    # A second build uses the cache: the cleaned files are not made again.
    first = {p.name: p.stat().st_mtime_ns for p in cache.rglob("*.ogg")}
    build(content, tmp_path / "out2", cache)
    assert {p.name: p.stat().st_mtime_ns for p in cache.rglob("*.ogg")} == first
    assert sorted(p.name for p in (out / "audio").iterdir()) == sorted(
        p.name for p in (tmp_path / "out2" / "audio").iterdir()
    )

    consented_story(content, "mi-voz", "audio/nota.ogg", status="retirado")
    proc = build(content, out, cache)
    assert not (out / "audio").exists() or not any((out / "audio").iterdir())
    assert not (out / "articulos" / "mi-voz").exists()
    assert "mi-voz" not in (out / "escuchar" / "index.html").read_text()
    assert not [p for p in cache.rglob("*") if p.is_file() and p.suffix in (".ogg", ".m4a")]
    log = proc.stdout + proc.stderr
    assert "content/audio/nota.ogg" in log or "audio/nota.ogg" in log
    assert "fue retirada" in log and "was withdrawn" in log


def test_one_recording_under_two_names_is_cleaned_once(tmp_path, monkeypatch):
    """The same bytes under two names: one cleaning (the real one, counted on its way
    through), and both stories play the same published files."""
    from voces_plugins.audio import pipeline

    content = one_story(tmp_path)
    shutil.copyfile(content / "audio" / "nota.ogg", content / "audio" / "copia.ogg")
    (content / "audio" / "copia.ogg.txt").write_text("Lo mismo.", encoding="utf-8")
    consented_story(content, "otra-voz", "audio/copia.ogg")
    cleaned, process = [], pipeline.process
    monkeypatch.setattr(
        pipeline, "process", lambda path, *a, **k: cleaned.append(path) or process(path, *a, **k)
    )
    build(content, tmp_path / "out", tmp_path / "cache")
    assert len(cleaned) == 1, cleaned
    sources = [
        re.findall(r'<source src="([^"]+)"', (tmp_path / "out" / rel).read_text())
        for rel in ("articulos/mi-voz/index.html", "articulos/otra-voz/index.html")
    ]
    assert sources[0] and sources[0] == sources[1]
    assert len(list((tmp_path / "out" / "audio").iterdir())) == 2


def test_transcript_without_recording_and_stray_files_in_the_audio_folder(tmp_path):
    content = tmp_path / "content"
    story(content, "solo-texto", "Texto.", section="salud", audio_transcripción="Hola.")
    proc = build(content, tmp_path / "out", tmp_path / "cache")
    assert "hay una transcripción pero ninguna grabación" in proc.stdout + proc.stderr
    (content / "audio").mkdir()
    (content / "audio" / "historia.md").write_text("título: Perdida\n\nTexto.\n", "utf-8")
    log = failed(build(content, tmp_path / "out", tmp_path / "cache", check=False))
    assert "content/audio/historia.md" in log and "solo van grabaciones" in log


def test_voces_revisar_checks_recordings_without_cleaning_them(tmp_path):
    """A check-only run (``voces revisar``) names a missing transcript and an unreadable
    recording, writes no output and cleans nothing (ffprobe only: it is quick)."""
    content = one_story(tmp_path, transcript=None)
    corrupt(content / "audio" / "rota.ogg")
    (content / "audio" / "rota.ogg.txt").write_text("Texto.", encoding="utf-8")
    consented_story(content, "otra-voz", "audio/rota.ogg")
    cache = tmp_path / "cache"
    proc = build(content, tmp_path / "out", cache, check=False, extra={"VOCES_CHECK_ONLY": True})
    log = failed(proc)
    assert "mi-voz.md [audio_transcripción]" in log
    assert "otra-voz.md [audio]" in log and "ffmpeg no puede leer" in log
    assert not (tmp_path / "out").exists()
    assert not cache.exists() or not any(p.is_file() for p in cache.rglob("*"))


def test_a_page_with_a_recording_is_refused(tmp_path):
    content = one_story(tmp_path)
    (content / "paginas").mkdir()
    (content / "paginas" / "sobre.md").write_text(
        "título: Sobre nosotras\nestado: publicado\naudio: audio/nota.ogg\n\nTexto.\n", "utf-8"
    )
    log = failed(build(content, tmp_path / "out", shared_cache(), check=False))
    assert "paginas/sobre.md [audio]" in log and "only articles do" in log


def test_unused_cache_entries_go_only_after_cache_days(tmp_path):
    """A preview running beside a production build keeps its drafts' cleaned files: only
    entries unused for ``cache_days`` are removed (a withdrawn story's at once)."""
    import os
    import time

    content = one_story(tmp_path)
    draft = content / "audio" / "borrador.ogg"
    voice_note_ogg(draft, seconds=3)
    (content / "audio" / "borrador.ogg.txt").write_text("Borrador.", encoding="utf-8")
    consented_story(content, "en-borrador", "audio/borrador.ogg", status="borrador")
    cache = tmp_path / "cache"
    build(content, tmp_path / "vista", cache, preview=True)
    assert len(list(cache.rglob("*.json"))) == 2
    build(content, tmp_path / "out", cache)  # production: the draft is not used
    assert len(list(cache.rglob("*.json"))) == 2  # ... but was used today: kept
    for record in cache.rglob("*.json"):
        old = time.time() - 40 * 86400
        os.utime(record, (old, old))
    build(content, tmp_path / "out", cache)
    # The published story's entry was used (touched) again; the draft's went.
    assert len(list(cache.rglob("*.json"))) == 1
    assert len(list(cache.rglob("*.ogg"))) == 1
