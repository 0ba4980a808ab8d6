"""Real recordings made by the tests with ffmpeg: what phones and WhatsApp produce,
with the things that must never be published (names, place, phone, cover picture)."""

from __future__ import annotations

import atexit
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from voces_testing import run_build

ROOT = Path(__file__).resolve().parents[2]

#: A word that must never appear in any byte of the output.
MARKER = "Xochitlmarcador"
#: Where the test phone "was": Tapachula.
GPS = "+14.9000-092.2000/"

FFMPEG = shutil.which("ffmpeg")


#: What ffmpeg made in this test process, by command: a recording the tests ask for
#: again is the same bytes written anew (a test may change its copy), not another run.
_MADE: dict[str, bytes] = {}


def made_once(cmd: list[str], output: Path) -> Path:
    """Run ``cmd`` (an ffmpeg command whose last argument is ``output``) once per test
    process; later calls with the same command write the bytes that run made.

    The key is the command without its output's folder and name (its extension chooses
    the container) and with each input file (``-i FILE``) replaced by the SHA-256 of its
    bytes. Ogg files carry a random stream serial: copies of one run are identical where
    separate runs differed, which no test relies on."""
    output = Path(output)
    assert cmd[-1] == str(output), cmd
    parts = []
    for before, arg in zip(cmd[:-2], cmd[1:-1]):
        if before == "-i" and os.path.isfile(arg):
            arg = "sha256:" + hashlib.sha256(Path(arg).read_bytes()).hexdigest()
        parts.append(arg)
    key = json.dumps([cmd[0], *parts, output.suffix])
    if key not in _MADE:
        subprocess.run(cmd, check=True, capture_output=True)
        _MADE[key] = output.read_bytes()
    else:
        output.write_bytes(_MADE[key])
    return output


def _ffmpeg(*args):
    made_once(
        ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args], Path(args[-1])
    )


def voice_like(seconds: float, pad: float = 1.5) -> str:
    """A lavfi graph: silence, `seconds` of speech-like sound (noise and a tone with a
    syllable rhythm), silence. Deterministic (fixed seed)."""
    return (
        f"anoisesrc=color=pink:amplitude=0.25:seed=7:duration={seconds}:sample_rate=44100[n];"
        f"sine=frequency=190:duration={seconds}:sample_rate=44100[s];"
        "[n][s]amix=inputs=2,volume='0.15*(0.55+0.45*sin(2*PI*3.7*t))':eval=frame[v];"
        f"anullsrc=r=44100:cl=mono:d={pad}[a];anullsrc=r=44100:cl=mono:d={pad}[b];"
        "[a][v][b]concat=n=3:v=0:a=1"
    )


def cover_jpeg(path: Path, marker: str = MARKER) -> Path:
    """A cover picture that carries the marker in a JPEG comment and in EXIF."""
    from PIL import Image

    image = Image.new("RGB", (120, 120), (200, 40, 40))
    exif = Image.Exif()
    exif[0x010E] = marker  # ImageDescription
    exif[0x013B] = marker  # Artist
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", comment=marker.encode(), exif=exif.tobytes())
    path.write_bytes(buffer.getvalue())
    return path


def phone_m4a(path: Path, seconds: float = 6.0, marker: str = MARKER) -> Path:
    """An M4A as a phone recorder makes it: title, artist, GPS location, cover art."""
    cover = cover_jpeg(path.with_suffix(".cover.jpg"), marker)
    _ffmpeg(
        "-f", "lavfi", "-i", voice_like(seconds),
        "-i", str(cover),
        "-map", "0:a", "-map", "1:v",
        "-c:a", "aac", "-b:a", "96k",
        "-c:v", "mjpeg", "-disposition:v", "attached_pic",
        "-metadata", f"title={marker} título",
        "-metadata", f"artist={marker} artista",
        "-metadata", f"comment={marker} Samsung Galaxy A10",
        "-metadata", f"location={GPS}",
        "-metadata", f"location-eng={GPS}",
        str(path),
    )  # fmt: skip
    cover.unlink()
    return path


def voice_note_ogg(path: Path, seconds: float = 5.0, marker: str = MARKER) -> Path:
    """A WhatsApp-like voice note: Ogg/Opus, 16 kHz, with tags."""
    _ffmpeg(
        "-f", "lavfi", "-i", voice_like(seconds, pad=0.8),
        "-c:a", "libopus", "-b:a", "16k", "-ar", "16000",
        "-metadata", f"title={marker}",
        "-metadata", f"artist={marker}",
        "-metadata", f"ENCODER=WhatsApp {marker}",
        "-metadata:s:a:0", f"comment={marker}",
        str(path),
    )  # fmt: skip
    return path


def wav(path: Path, seconds: float = 4.0, marker: str = MARKER) -> Path:
    _ffmpeg(
        "-f", "lavfi", "-i", voice_like(seconds, pad=0.5), "-metadata", f"title={marker}", str(path)
    )
    return path


def mp3(path: Path, seconds: float = 4.0, marker: str = MARKER) -> Path:
    _ffmpeg(
        "-f", "lavfi", "-i", voice_like(seconds, pad=0.5),
        "-c:a", "libmp3lame", "-b:a", "64k", "-id3v2_version", "3",
        "-metadata", f"title={marker}", "-metadata", f"artist={marker}",
        str(path),
    )  # fmt: skip
    return path


AMR_FRAME_BYTES = {7: 31}  # mode 7 (12.2 kbps): 31 bytes of speech bits per 20 ms frame


def amr(path: Path, seconds: float = 4.0) -> Path:
    """An AMR-NB file (the format of old Android recorders).

    Debian's ffmpeg decodes AMR but has no AMR encoder (``ffmpeg -encoders | grep amr``
    shows only decoders), so the file is written by hand: the ``#!AMR\\n`` magic, then
    frames of mode 7 (a header byte 0x3C: frame type 7, quality bit set, and 31 bytes
    of speech bits). The bits are deterministic noise: the decoder turns them into a
    noisy sound, enough to test reading, cleaning and verification.
    """
    rng = random.Random(13)
    frames = int(seconds * 50)
    data = bytearray(b"#!AMR\n")
    for _ in range(frames):
        data.append(0x3C)
        data.extend(rng.getrandbits(8) for _ in range(AMR_FRAME_BYTES[7]))
    path.write_bytes(bytes(data))
    return path


def corrupt(path: Path) -> Path:
    """Bytes that only look like a recording by their name."""
    rng = random.Random(5)
    path.write_bytes(bytes(rng.getrandbits(8) for _ in range(20_000)))
    return path


def silent(path: Path, seconds: float = 5.0) -> Path:
    _ffmpeg("-f", "lavfi", "-i", f"anullsrc=r=44100:cl=mono:d={seconds}", str(path))
    return path


def story(
    content: Path,
    slug: str,
    body: str = "Texto de la historia.",
    *,
    section: str = "comunidad",
    lang: str | None = None,
    status: str = "publicado",
    date: str = "2026-11-05",
    **meta,
) -> Path:
    """``content/<section>/<slug>[.en].md`` with Spanish keys, as members write them."""
    folder = content / section
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        f"título: {slug.replace('-', ' ').capitalize()}",
        f"fecha: {date}",
        "autora: Lucero",
        f"estado: {status}",
        f"slug: {slug}",
    ]
    if lang:
        lines.append(f"idioma: {lang}")
    lines += [f"{key}: {value}" for key, value in meta.items()]
    name = f"{slug}.{lang}.md" if lang and lang != "es" else f"{slug}.md"
    path = folder / name
    path.write_text("\n".join(lines) + "\n\n" + body + "\n", encoding="utf-8")
    return path


def consented_story(content: Path, slug: str, audio: str, *, scope="web, impreso", **meta) -> Path:
    """A consented testimony with a recording."""
    fields = {
        "consentimiento": "sí",
        "consentimiento_fecha": "2026-10-01",
        "consentimiento_alcance": scope,
        "audio": audio,
        "voz": "propia",
    }
    fields.update(meta)
    return story(content, slug, section="testimonios", **fields)


_SHARED_CACHE: list[Path] = []


def shared_cache() -> Path:
    """The cleaned-recordings cache of this test process, for builds whose tests read
    what the site publishes, not the cache: a recording one test cleaned (the same
    bytes, see made_once, and the same settings) is taken from it by the next test's
    build, as an editor's next build takes it. Tests about cleaning or about the cache
    keep a cache of their own. Made empty in each test process, removed at its end:
    nothing is kept between runs."""
    if not _SHARED_CACHE:
        folder = Path(tempfile.mkdtemp(prefix="voces-pruebas-audio-"))
        atexit.register(shutil.rmtree, folder, True)
        _SHARED_CACHE.append(folder / "audio")
    return _SHARED_CACHE[0]


def build(content, out, cache, *, check=True, preview=False, audio=None, **kwargs):
    extra = {
        "AUDIO": {"cache_dir": str(cache), **(audio or {})},
        "IMAGES": {"cache_dir": str(Path(cache).parent / "images")},
    }
    if preview:
        extra["VOCES_PREVIEW"] = True
    extra.update(kwargs.pop("extra", {}))
    env = {"COLUMNS": "3000", **kwargs.pop("env", {})}
    return run_build(content, out, extra=extra, check=check, env=env, **kwargs)


def ffprobe(path: Path) -> dict:
    import json

    proc = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_format",
            "-show_streams",
            "-show_chapters",
            "-of",
            "json",
            str(path),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(proc.stdout)


def files(root):
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


def env_without_terms():
    return {k: v for k, v in os.environ.items() if k != "VOCES_PROTECTED_TERMS"}
