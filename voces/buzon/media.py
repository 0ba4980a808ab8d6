"""What a phone sends, judged by its bytes, and cleaned before anything is stored.

The name and the type the phone gives are never trusted nor used: a file is a photo or
a recording because its first bytes say so, and it is kept only after it was decoded and
re-encoded from its pixels (photos, by the project's own image cleaning) or its sound
(recordings, by ffmpeg with every tag, chapter and picture removed). Work files live in
memory (``/dev/shm``) when the machine has it, and are removed at once.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from PIL import Image

from voces_plugins.core.processes import pid_alive

PHOTO = "foto"
AUDIO = "audio"

_IMAGE_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis"}
_AUDIO_BRANDS = {
    b"M4A ",
    b"M4B ",
    b"mp42",
    b"mp41",
    b"isom",
    b"iso2",
    b"3gp4",
    b"3gp5",
    b"3gp6",
    b"3gg6",
    b"3g2a",
    b"dash",
    b"qt  ",
}


class MediaRefused(Exception):
    """A file the mailbox will not keep; ``es``/``en`` say why in plain words."""

    def __init__(self, es: str, en: str):
        super().__init__(es, en)  # both in args: it crosses from the worker processes intact
        self.es = es
        self.en = en

    def __str__(self) -> str:
        return f"{self.es} / {self.en}"


def sniff(data: bytes) -> tuple[str, str] | None:
    """(kind, format) from the first bytes, or None for anything else."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return PHOTO, "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PHOTO, "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return PHOTO, "WEBP"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return AUDIO, "WAV"
    if head.startswith(b"OggS"):
        return AUDIO, "OGG"
    if head.startswith(b"#!AMR"):
        return AUDIO, "AMR"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return AUDIO, "MPEG"  # MP3 frames or ADTS AAC
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return AUDIO, "WEBM"
    if head[4:8] == b"ftyp":
        size = int.from_bytes(head[:4], "big")
        box = data[8 : max(16, min(size, 256))]
        brands = {box[i : i + 4] for i in range(0, len(box) - 3, 4)}
        brands.discard(b"\0\0\0\0")
        if brands & _IMAGE_BRANDS:
            return PHOTO, "HEIF"
        if brands & _AUDIO_BRANDS or box[:3] == b"3gp":
            return AUDIO, "MP4"
    return None


def _shm() -> str | None:
    """``/dev/shm`` (memory, never the disk) when the machine has it."""
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


WORK_PREFIX = "voces-buzon-"
#: accept.py's work folder (decrypted recordings while they go into content/audio/).
ACCEPT_PREFIX = "voces-aceptar-"
#: A work folder made by an older version (no process id in its name) is left over
#: once it is older than the longest cleaning (ffmpeg's timeout is 300 s).
_LEGACY_AGE = 900


def new_work_dir(prefix: str = WORK_PREFIX) -> Path:
    """A private work folder (in RAM when /dev/shm is there). The process id is in its
    name: a folder whose process is gone is a leftover (``sweep_work_dirs``)."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=_shm()))


@contextmanager
def _work_dir():
    folder = new_work_dir()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_work_dirs() -> int:
    """Erase work folders a killed server or worker left (a member's file in clear).

    A cleaning worker killed mid-file (the server killed, a worker out of memory) never
    reaches its ``finally``: the photo or recording it was reading stays in ``/dev/shm``
    until the machine restarts. Folders of processes still running (another mailbox
    cleaning now) are left alone. Returns how many were erased.
    """
    import re
    import time

    from .store import shred_tree

    prefixes = "|".join(re.escape(p) for p in (WORK_PREFIX, ACCEPT_PREFIX))
    pattern = re.compile(rf"^(?:{prefixes})(?:(\d+)-)?[\w]+$")
    count = 0
    for base in {d for d in (_shm(), tempfile.gettempdir()) if d}:
        try:
            entries = list(os.scandir(base))
        except OSError:
            continue
        for entry in entries:
            match = pattern.match(entry.name)
            try:
                if not match or not entry.is_dir(follow_symlinks=False):
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if info.st_uid != os.getuid():
                continue
            pid = match.group(1)
            if pid is not None and pid_alive(int(pid)):
                continue
            if pid is None and time.time() - info.st_mtime < _LEGACY_AGE:
                continue
            shred_tree(Path(entry.path))
            count += 1
    return count


def clean_photo(data: bytes, max_side: int) -> bytes:
    """A JPEG with the photo's pixels only (upright, sRGB, at most ``max_side`` px)."""
    from voces_plugins.images import clean as image_clean
    from voces_plugins.images.config import DEFAULTS
    from voces_plugins.images.errors import ImageProblem

    config = {"max_pixels": DEFAULTS["max_pixels"], "formats": DEFAULTS["formats"]}
    with _work_dir() as work:
        src = work / "entrada"
        src.write_bytes(data)
        try:
            # prepare(): upright, sRGB, pixels copied into an image with no info at all.
            im, _size = image_clean.prepare(src, config, draft_width=max_side)
            if max(im.size) > max_side:
                im.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            return _save_jpeg(im)
        except ImageProblem as exc:
            raise MediaRefused(
                f"Esta foto no se pudo abrir ({exc}). Toma la foto otra vez.",
                f"This photo could not be opened ({exc}). Take it again.",
            ) from None


def worker_init() -> None:
    """In a cleaning worker: end with the server, even when it is killed (Linux)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the pool still ends them on a normal shutdown
    if os.getppid() == 1:
        os._exit(0)  # the server died before this line


def warm_up() -> None:
    """Import the image pipeline (and HEIF support) once, before the first member."""
    from voces_plugins.images import check, clean  # noqa: F401

    clean._register_heif()


def _save_jpeg(im) -> bytes:
    """JPEG with explicit empty metadata, verified by the images plugin's own checker.

    The plugin's ``encode`` copies the pixels once more and optimises Huffman tables:
    worth it for the published site, not for a copy waiting in the quarantine (it is
    cleaned again by the plugin when accepted). This keeps a phone's upload fast.
    """
    from voces_plugins.images.check import image_bytes_problems
    from voces_plugins.images.errors import ImageProblem

    if im.mode not in ("RGB", "L"):
        im = im.convert("RGB")
    out = io.BytesIO()
    im.save(out, "JPEG", quality=88, exif=b"", comment=b"", icc_profile=None)
    data = out.getvalue()
    leaks = image_bytes_problems(data)
    if leaks:
        raise ImageProblem("unclean", ", ".join(leaks))
    return data


FFMPEG_CLEAN = [
    "-map",
    "0:a:0",
    "-map_metadata",
    "-1",
    "-map_chapters",
    "-1",
    "-vn",
    "-sn",
    "-dn",
    "-ac",
    "1",
    "-c:a",
    "libopus",
    "-b:a",
    "32k",
    "-application",
    "voip",
    "-fflags",
    "+bitexact",
    "-flags:a",
    "+bitexact",
    "-f",
    "ogg",
]


def clean_audio_file(src: Path, dest: Path, timeout: int = 300) -> None:
    """ffmpeg: ``src`` (any recording) to speech Opus at ``dest``, with no metadata at all."""
    cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(src), *FFMPEG_CLEAN, str(dest)]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc = None
    if proc is None or proc.returncode != 0 or not dest.exists() or dest.stat().st_size == 0:
        raise MediaRefused(
            "Esta grabación no se pudo escuchar. Grábala otra vez.",
            "This recording could not be played. Record it again.",
        )


def clean_audio(data: bytes) -> bytes:
    with _work_dir() as work:
        src = work / "entrada"
        dest = work / "salida.opus"
        src.write_bytes(data)
        clean_audio_file(src, dest)
        return dest.read_bytes()


def clean(data: bytes, max_side: int) -> tuple[str, bytes]:
    """(kind, clean bytes) for a photo or a recording; MediaRefused for anything else."""
    if not data:
        raise MediaRefused("El archivo llegó vacío.", "The file arrived empty.")
    found = sniff(data)
    if found is None:
        raise MediaRefused(
            "Solo se aceptan fotos y grabaciones de voz. Este archivo no es ninguna de las dos.",
            "Only photos and voice recordings are accepted. This file is neither.",
        )
    kind, _fmt = found
    if kind == PHOTO:
        return PHOTO, clean_photo(data, max_side)
    return AUDIO, clean_audio(data)


def has_video(data: bytes) -> bool:
    """True when ffprobe finds a video stream (a WhatsApp video is not a voice note)."""
    with _work_dir() as work:
        src = work / "entrada"
        src.write_bytes(data)
        proc = subprocess.run(
            ["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
             "stream=codec_type,disposition=attached_pic", "-of", "csv=p=0", str(src)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    # A cover picture inside an M4A is a "video" stream with attached_pic=1: not a video.
    return any(line.split(",")[:2] == ["video", "0"] for line in proc.stdout.splitlines())
