"""Search excerpts show the story, not the audio interface (issue 12): the listen
button, its hint, the players and their titles carry data-pagefind-ignore; a recorded
testimony's transcript is still found.

Read from the index as the phone gets it: each page's fragment, decompressed."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest
from audio_fixtures import made_once
from readers_helpers import build_readers_site

pytestmark = pytest.mark.skipif(
    not shutil.which("ffmpeg"), reason="ffmpeg no está instalado / is not installed"
)

TRANSCRIPT = "Palabra de la grabación: tlacuachetranscrito."
INTERFACE = (
    "Escuchar",
    "Una compañera lee esta historia",
    "Narración de la historia",
    "Testimonio grabado",
    "Con su propia voz",
    "Transcripción",
    "Descargar",
    "Con la voz del teléfono",
    "Listen",
    "With your phone's own voice",
)
CONSENT = {
    "consentimiento": "sí",
    "consentimiento_fecha": "2026-10-01",
    "consentimiento_alcance": "web, impreso",
}
WITH_SOUND = {
    "testimonios/con-voz.md": (
        {
            "título": "Mi voz en la radio",
            "fecha": "2026-10-02",
            "autora": "Luna",
            "estado": "publicado",
            "slug": "con-voz",
            **CONSENT,
            "audio": "audio/voz.ogg",
            "voz": "propia",
            "audio_transcripción": TRANSCRIPT,
        },
        "Texto de la historia grabada.",
    ),
    "salud/leida.md": (
        {
            "título": "Una historia leída",
            "fecha": "2026-10-03",
            "autora": "Luna",
            "estado": "publicado",
            "slug": "leida",
            "narración": "audio/lectura.ogg",
        },
        "Texto que una compañera lee en voz alta.",
    ),
}


def voice_note(path):
    """A few seconds of speech-like sound (noise and a tone with a syllable rhythm)."""
    graph = (
        "anoisesrc=color=pink:amplitude=0.25:seed=7:duration=3:sample_rate=44100[n];"
        "sine=frequency=190:duration=3:sample_rate=44100[s];"
        "[n][s]amix=inputs=2,volume='0.15*(0.55+0.45*sin(2*PI*3.7*t))':eval=frame"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    made_once(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", graph,
         "-c:a", "libopus", "-b:a", "16k", str(path)],
        path,
    )  # fmt: skip


@pytest.fixture(scope="module")
def sound_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("excerpts")
    for name in ("voz.ogg", "lectura.ogg"):
        voice_note(root / "content" / "audio" / name)
    return build_readers_site(
        root,
        extra_settings={"AUDIO": {"cache_dir": str(root / "cache")}},
        extra_files=WITH_SOUND,
    )


def fragments(site) -> dict[str, str]:
    """Each indexed page's text (url -> content), as Pagefind stores it."""
    found = {}
    for path in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[data.index(b"{") :])
        found[fragment["url"]] = fragment["content"]
    return found


def test_audio_interface_words_stay_out_of_excerpts(sound_site):
    pages = fragments(sound_site)
    # The pages really carry the players, the button and the phone-voice bar.
    recorded = (sound_site / "articulos/con-voz/index.html").read_text(encoding="utf-8")
    assert "<audio" in recorded and "Testimonio grabado" in recorded and TRANSCRIPT in recorded
    read = (sound_site / "articulos/leida/index.html").read_text(encoding="utf-8")
    assert 'data-listen-play="narracion"' in read
    plain = (sound_site / "articulos/condon/index.html").read_text(encoding="utf-8")
    assert "Con la voz del teléfono" in plain

    assert TRANSCRIPT in pages["/articulos/con-voz/"]  # the transcript is still found
    assert "Texto de la historia grabada" in pages["/articulos/con-voz/"]
    for url in ("/articulos/con-voz/", "/articulos/leida/", "/articulos/condon/",
                "/en/articles/prueba/"):  # fmt: skip
        shown = [words for words in INTERFACE if words in pages[url]]
        assert shown == [], (url, pages[url][:300])
