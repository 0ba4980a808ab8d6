"""Red team: a recording whose danger is not a tag passed the pre-commit hook.

An M4A straight from a phone's gallery can carry a cover photo (``covr``; here with
GPS in its EXIF) or a subtitle track, and ffprobe shows no tag for them at all: the
hook let the commit through and the sources' repository kept the photo's position
forever. The ffmpeg line the hook advised (``-c copy``) also kept the cover. Real
``git commit`` in a new newsroom, real ffmpeg files.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "newsroom"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mailbox"))

from mailbox_helpers import jpeg_with_gps
from newsroom_helpers import git, make_newsroom

MARKER = "CIERVO3317"


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    base = tmp_path_factory.mktemp("pistas")
    root = make_newsroom(base / "redaccion")
    work = base / "trabajo"
    work.mkdir()
    (work / "tapa.jpg").write_bytes(jpeg_with_gps(MARKER, size=(200, 150)))
    (work / "sub.srt").write_text(f"1\n00:00:00,000 --> 00:00:01,000\n{MARKER}\n")
    ffmpeg("-f", "lavfi", "-i", "sine=frequency=300:duration=1.5", str(work / "voz.wav"))
    return root, work


def _cover(work: Path, dest: Path):
    ffmpeg(
        "-i", str(work / "voz.wav"), "-i", str(work / "tapa.jpg"), "-map", "0", "-map", "1",
        "-c:a", "aac", "-c:v", "copy", "-disposition:v", "attached_pic",
        "-map_metadata", "-1", "-fflags", "+bitexact", str(dest),
    )  # fmt: skip


def _subtitles(work: Path, dest: Path):
    ffmpeg(
        "-i", str(work / "voz.wav"), "-i", str(work / "sub.srt"), "-map", "0", "-map", "1",
        "-c:a", "aac", "-c:s", "mov_text", "-map_metadata", "-1", "-fflags", "+bitexact",
        str(dest),
    )  # fmt: skip


def _two_tracks(work: Path, dest: Path):
    ffmpeg(
        "-i", str(work / "voz.wav"), "-i", str(work / "voz.wav"), "-map", "0", "-map", "1",
        "-c:a", "aac", "-map_metadata", "-1", "-fflags", "+bitexact", str(dest),
    )  # fmt: skip


def _chained(work: Path, dest: Path):
    """Two voice notes joined with ``cat``: ffprobe shows the first one's tags only."""
    first, second = work / "uno.opus", work / "dos.opus"
    ffmpeg("-i", str(work / "voz.wav"), "-c:a", "libopus", "-map_metadata", "-1",
           "-fflags", "+bitexact", str(first))  # fmt: skip
    ffmpeg("-i", str(work / "voz.wav"), "-c:a", "libopus", "-metadata", f"artist={MARKER}",
           "-metadata", "location=+14.9054-092.2637/", str(second))  # fmt: skip
    dest.write_bytes(first.read_bytes() + second.read_bytes())


@pytest.mark.parametrize("make", [_cover, _subtitles, _two_tracks, _chained])
def test_a_recording_with_a_cover_subtitles_or_a_second_track_is_not_committed(newsroom, make):
    root, work = newsroom
    suffix = ".ogg" if make is _chained else ".m4a"
    audio = root / "content" / "audio" / f"voz{make.__name__}{suffix}"
    audio.parent.mkdir(exist_ok=True)
    make(work, audio)
    if make in (_subtitles, _chained):
        assert MARKER.encode() in audio.read_bytes()
    before = git("rev-parse", "HEAD", cwd=root).stdout
    git("add", str(audio), cwd=root)
    proc = git("commit", "-q", "-m", "voz", cwd=root, check=False)
    try:
        assert proc.returncode != 0, "the commit went through"
        assert git("rev-parse", "HEAD", cwd=root).stdout == before
        assert f"content/audio/{audio.name}" in proc.stderr
        # The fix the hook names works: its ffmpeg line leaves one clean sound track.
        line = next(x for x in proc.stderr.splitlines() if "Límpiela con: ffmpeg" in x)
        command = line.split("Límpiela con: ", 1)[1].split(" (y use", 1)[0]
        subprocess.run(
            ["bash", "-c", command.replace("ffmpeg ", "ffmpeg -nostdin -v error ", 1)],
            cwd=root, check=True,
        )  # fmt: skip
        clean = root / shlex.split(command)[-1]
        data = clean.read_bytes()
        assert MARKER.encode() not in data and b"Exif" not in data
        from voces.source_check import file_metadata

        assert file_metadata(clean) == ("audio", [])
        clean.unlink()
    finally:
        git("reset", "-q", "HEAD", "--", str(audio), cwd=root, check=False)
        audio.unlink()
