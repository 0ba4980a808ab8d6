"""A real production build with recordings from phones: what a reader gets, and what
must never reach her (names, GPS, the phone's model, a cover picture, the file names,
the sound of a print-only or withdrawn story)."""

from __future__ import annotations

import re
import shutil

import pytest
from audio_fixtures import (
    MARKER,
    amr,
    build,
    consented_story,
    ffprobe,
    files,
    mp3,
    phone_m4a,
    shared_cache,
    story,
    voice_note_ogg,
)

from voces_plugins.audio.config import BUDGET_BYTES_PER_MINUTE, HEADER_ALLOWANCE

pytestmark = pytest.mark.skipif(
    not shutil.which("ffmpeg"), reason="ffmpeg no está instalado / is not installed"
)

TRANSCRIPT_ES = "Llegué a la ciudad hace tres años.\n\nAhora vendo tamales en el mercado."
TRANSCRIPT_EN = "I arrived in the city three years ago. Now I sell tamales at the market."


def make_site(content):
    sounds = content / "audio"
    sounds.mkdir(parents=True)
    phone_m4a(sounds / "Rosa-Tapachula-Samsung.m4a")
    (sounds / "Rosa-Tapachula-Samsung.m4a.txt").write_text(TRANSCRIPT_ES, encoding="utf-8")
    voice_note_ogg(sounds / "PTT-20261001-WA0003.ogg")
    amr(sounds / "grabadora-vieja.amr")
    (sounds / "grabadora-vieja.txt").write_text("Esto se oye en la grabación vieja.", "utf-8")
    mp3(sounds / "lectura-salud.mp3")
    voice_note_ogg(sounds / "solo-papel.ogg", marker="Impresomarcador")
    voice_note_ogg(sounds / "retirada.ogg", marker="Retiradamarcador")
    (sounds / "solo-papel.ogg.txt").write_text("Impresomarcador habla.", "utf-8")
    (sounds / "retirada.ogg.txt").write_text("Retiradamarcador habla.", "utf-8")

    consented_story(content, "la-historia-de-rosa", "audio/Rosa-Tapachula-Samsung.m4a")
    story(
        content,
        "la-historia-de-rosa",
        "Rosa's story in English.",
        section="testimonios",
        lang="en",
        consentimiento="sí",
        consentimiento_fecha="2026-10-01",
        consentimiento_alcance="web, impreso",
        audio="audio/Rosa-Tapachula-Samsung.m4a",
        audio_transcript=TRANSCRIPT_EN,
        voice="own",
    )
    consented_story(
        content,
        "nota-de-voz",
        "audio/PTT-20261001-WA0003.ogg",
        voz="prestada",
        audio_transcripción="Una compañera lee: cruzamos el río de noche.",
    )
    consented_story(content, "grabadora", "audio/grabadora-vieja.amr")
    story(
        content,
        "leer-salud",
        "La prueba de VIH es gratis y confidencial.\n\nPregunte en el centro de salud.",
        section="salud",
        narración="audio/lectura-salud.mp3",
    )
    story(content, "sin-audio", "Un texto sin grabación.", section="salud")
    consented_story(content, "solo-en-papel", "audio/solo-papel.ogg", scope="impreso")
    consented_story(content, "retirada", "audio/retirada.ogg", status="retirado", voz="propia")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("audio-site")
    make_site(root / "content")
    # The recordings' cache of this test process: these tests read the site, not the cache.
    proc = build(root / "content", root / "output", shared_cache())
    return {"root": root, "out": root / "output", "log": proc.stdout + proc.stderr}


def page(site, rel):
    return (site["out"] / rel / "index.html").read_text(encoding="utf-8")


def published_audio(site):
    return sorted((site["out"] / "audio").iterdir())


def test_no_marker_in_any_output_byte(site):
    found = []
    for path in files(site["out"]):
        data = path.read_bytes()
        for word in (MARKER, "Impresomarcador", "Retiradamarcador", "Samsung Galaxy"):
            for encoded in (word.encode(), word.lower().encode(), word.encode("utf-16-le")):
                if encoded in data:
                    found.append(f"{path.relative_to(site['out'])}: {word}")
    assert not found, found


def test_original_file_names_are_not_published(site):
    for path in files(site["out"]):
        data = path.read_bytes()
        for name in ("Rosa-Tapachula", "PTT-20261001", "grabadora-vieja", "lectura-salud"):
            assert name.encode() not in data, (path, name)


def test_every_published_file_is_clean_and_within_budget(site):
    audio = published_audio(site)
    # Four sources reach the web (rosa, nota, grabadora, lectura), each Opus + AAC.
    assert len(audio) == 8, [p.name for p in audio]
    for path in audio:
        info = ffprobe(path)
        assert "tags" not in info["format"] or set(info["format"]["tags"]) <= {
            "major_brand",
            "minor_version",
            "compatible_brands",
        }, (path.name, info["format"].get("tags"))
        assert info["chapters"] == []
        assert len(info["streams"]) == 1
        stream = info["streams"][0]
        assert not stream["disposition"].get("attached_pic")
        assert stream["channels"] == 1
        duration = float(info["format"]["duration"])
        size = path.stat().st_size
        if path.suffix == ".ogg":
            assert stream["codec_name"] == "opus"
            assert "tags" not in stream
            assert size - HEADER_ALLOWANCE <= BUDGET_BYTES_PER_MINUTE * duration / 60, (
                path.name,
                size,
                duration,
            )
        else:
            assert stream["codec_name"] == "aac"
            assert set(stream.get("tags", {})) <= {"handler_name", "vendor_id", "language"}
        assert re.fullmatch(r"[0-9a-f]{24}\.(ogg|m4a)", path.name)


def test_player_downloads_nothing_until_play_and_shows_length_and_size(site):
    html = page(site, "articulos/la-historia-de-rosa")
    players = re.findall(r"<audio[^>]*>", html)
    assert len(players) == 1
    assert "controls" in players[0] and 'preload="none"' in players[0]
    assert "autoplay" not in html
    ogg = re.search(
        r'<source src="/audio/([0-9a-f]{24}\.ogg)" type="audio/ogg; codecs=opus">', html
    )
    assert ogg, html
    assert re.search(r'<source src="/audio/[0-9a-f]{24}\.m4a" type="audio/mp4;', html)
    size = (site["out"] / "audio" / ogg.group(1)).stat().st_size
    shown = f"{round(size / 1000)} KB" if size < 100_000 else f"{size / 1e6:.1f} MB"
    assert re.search(r'<span class="player__size">\d+ s, ' + re.escape(shown) + "</span>", html)


def test_transcript_is_shown_under_the_player(site):
    html = page(site, "articulos/la-historia-de-rosa")
    player = html.index("<audio")
    assert html.index("Llegué a la ciudad hace tres años.") > player
    assert "<p>Ahora vendo tamales en el mercado.</p>" in html
    assert "Con su propia voz." in html
    english = page(site, "en/articles/la-historia-de-rosa")
    assert TRANSCRIPT_EN in english and "In her own voice." in english
    borrowed = page(site, "articulos/nota-de-voz")
    assert "Una compañera lee: cruzamos el río de noche." in borrowed
    assert "Voz prestada" in borrowed
    amr_page = page(site, "articulos/grabadora")
    assert "Esto se oye en la grabación vieja." in amr_page


def test_narration_gets_a_listen_button_that_is_a_plain_link(site):
    html = page(site, "articulos/leer-salud")
    assert re.search(r'<a class="button listen-button" href="#narracion"[^>]*>Escuchar</a>', html)
    assert 'id="narracion"' in html and 'preload="none"' in html
    assert '<script src="/theme/js/listen.js" defer></script>' in html


def test_without_narration_the_phone_voice_button_waits_hidden(site):
    html = page(site, "articulos/sin-audio")
    assert "<audio" not in html
    bar = re.search(r'<p class="listen__bar listen-tts" hidden data-lang="es"', html)
    assert bar, "the read-aloud button must be hidden until listen.js finds a Spanish voice"


def test_print_only_and_withdrawn_stories_have_no_sound_on_the_web(site):
    out = site["out"]
    assert not (out / "articulos" / "solo-en-papel").exists()
    assert not (out / "articulos" / "retirada").exists()
    for rel in ("escuchar", "en/listen"):
        html = page(site, rel)
        assert "solo-en-papel" not in html and "retirada" not in html.replace("retiradas", "")


def test_listen_pages_in_both_languages(site):
    spanish = page(site, "escuchar")
    for slug in ("la-historia-de-rosa", "nota-de-voz", "grabadora", "leer-salud"):
        assert f'href="/articulos/{slug}/"' in spanish
    assert spanish.count("<audio") == 4 and spanish.count('preload="none"') == 4
    assert 'hreflang="en"' in spanish  # link to /en/listen/
    english = page(site, "en/listen")
    assert 'href="/en/articles/la-historia-de-rosa/"' in english
    # No English translation: the Spanish story, marked as Spanish.
    assert 'href="/articulos/nota-de-voz/" hreflang="es" lang="es"' in english
    assert '<html lang="en">' in english
    footer = page(site, "articulos/sin-audio")
    assert 'href="/escuchar/"' in footer
