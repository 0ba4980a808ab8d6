"""ffmpeg and ffprobe as programs: check a recording, clean it, verify what was made.

A member's recording becomes two files, both re-encoded from the sound alone:

1. *analysis*: one decode of the sound (mono) measures its loudness (EBU R128) and
   finds the silence at both ends;
2. *encoding*: the sound between the first and the last voice, loudness-normalised,
   as speech Opus (mono, ~24 kbps, Ogg) and AAC-LC (mono, m4a) for browsers without
   Opus. ``-map_metadata -1 -map_chapters -1``, no video stream (a cover picture is a
   video stream), bit-exact muxing (no library versions written);
3. *remux*: each file is copied once more into a fresh container with no metadata:
   ffmpeg writes an ``encoder`` tag on every stream it encodes, even bit-exact; a
   stream copy does not;
4. *verification*: ffprobe must show no tags, no chapters, no attached picture, one
   mono stream in the expected codec, and a bitrate within the budget.

Nothing here imports a GPL library: ffmpeg and ffprobe run as separate programs.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..core import file_kinds
from .errors import AudioProblem

#: Containers ffprobe may report for the accepted inputs (Ogg/Opus, M4A/AAC, MP3, AMR,
#: WAV). Anything else (a video, a picture, a document renamed .m4a) is refused.
ACCEPTED_CONTAINERS = {
    "ogg",
    "mov,mp4,m4a,3gp,3g2,mj2",
    "mp3",
    "amr",
    "wav",
    "aac",
    "matroska,webm",
}

#: Format tags an MP4/M4A container always carries (structure, not metadata), with the
#: only values our own files may have; stream tags likewise.
M4A_FORMAT_TAGS = {"major_brand", "minor_version", "compatible_brands"}
M4A_STREAM_TAGS = {"handler_name": "SoundHandler", "vendor_id": "[0][0][0][0]", "language": "und"}

EXPECTED = {
    "ogg": {"format": "ogg", "codec": "opus", "rate": 48000},
    "m4a": {"format": "mov,mp4,m4a,3gp,3g2,mj2", "codec": "aac", "rate": None},
}


def have_ffmpeg() -> bool:
    return bool(shutil.which("ffmpeg") and shutil.which("ffprobe"))


def _run(cmd, timeout):
    try:
        return subprocess.run(
            cmd, capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise AudioProblem("no_ffmpeg") from None
    except subprocess.TimeoutExpired:
        raise AudioProblem("failed", f"más de {timeout} s / over {timeout} s") from None


def _first_line(data: bytes) -> str:
    for line in data.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line:
            # ffmpeg repeats the input path; the member sees her own file name anyway.
            return line[:200]
    return "?"


def probe(path, timeout=60) -> dict:
    """ffprobe's view of a file: format, streams, chapters (JSON)."""
    proc = _run(
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
        timeout,
    )
    if proc.returncode != 0:
        raise AudioProblem("unreadable", _first_line(proc.stderr))
    try:
        return json.loads(proc.stdout.decode("utf-8", "replace"))
    except ValueError:
        raise AudioProblem("unreadable", "ffprobe") from None


def human_duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def human_bytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{max(1, round(n / 1000))} KB"


def check_source(path, config) -> dict:
    """Size, readability, an audio stream, duration: raise AudioProblem or return the probe."""
    if file_kinds.suffix(path) not in file_kinds.AUDIO_INPUT:
        raise AudioProblem("format", file_kinds.suffix(path) or "sin extensión / no extension")
    size = os.path.getsize(path)
    if size == 0:
        raise AudioProblem("empty", " (0 bytes)")
    if size > config["max_bytes"]:
        raise AudioProblem("too_big", human_bytes(size), human_bytes(config["max_bytes"]))
    info = probe(path)
    fmt = info.get("format") or {}
    if fmt.get("format_name") not in ACCEPTED_CONTAINERS:
        raise AudioProblem("format", str(fmt.get("format_name") or "?"))
    audio = [s for s in info.get("streams", []) if s.get("codec_type") == "audio"]
    if not audio:
        raise AudioProblem("no_audio")
    duration = _float(fmt.get("duration")) or _float(audio[0].get("duration"))
    if duration is not None and duration <= 0.05:
        raise AudioProblem("empty", " (0 s)")
    if duration is not None and duration > config["max_minutes"] * 60:
        raise AudioProblem("too_long", human_duration(duration), str(config["max_minutes"]))
    return info


def _float(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


_SILENCE_START = re.compile(rb"silence_start: (-?[0-9.]+)")
_SILENCE_END = re.compile(rb"silence_end: (-?[0-9.]+)")
_OUT_TIME = re.compile(rb"out_time_us=(\d+)")


def analyse(path, config) -> dict:
    """One decode: loudness (for loudnorm's linear pass), the voice's span, the duration."""
    loud = config["loudness"]
    filters = (
        "aformat=channel_layouts=mono,"
        f"silencedetect=n={config['silence_db']}dB:d={config['silence_min_s']},"
        f"loudnorm=I={loud['I']}:TP={loud['TP']}:LRA={loud['LRA']}:print_format=json"
    )
    proc = _run(
        [
            "ffmpeg",
            "-nostdin",
            "-hide_banner",
            "-nostats",
            "-loglevel",
            "level+info",
            "-progress",
            "pipe:1",
            "-i",
            str(path),
            "-map",
            "0:a:0",
            "-vn",
            "-sn",
            "-dn",
            "-af",
            filters,
            "-f",
            "null",
            "-",
        ],
        config["timeout_s"],
    )
    errors = [
        line
        for line in proc.stderr.splitlines()
        if line.lstrip().startswith((b"[error]", b"[fatal]", b"[panic]")) or b"] [error]" in line
    ]
    if proc.returncode != 0 or errors:
        raise AudioProblem("unreadable", _first_line(b"\n".join(errors) or proc.stderr))
    times = _OUT_TIME.findall(proc.stdout)
    total = int(times[-1]) / 1e6 if times else 0.0
    if total <= 0.05:
        raise AudioProblem("empty", " (0 s)")
    if total > config["max_minutes"] * 60:
        raise AudioProblem("too_long", human_duration(total), str(config["max_minutes"]))
    text = proc.stderr.decode("utf-8", "replace")
    start = text.rfind("{")
    end = text.rfind("}")
    try:
        measured = json.loads(text[start : end + 1])
    except ValueError:
        raise AudioProblem("failed", "loudnorm") from None
    input_i = _float(measured.get("input_i"))
    if input_i is None or input_i <= -70:
        raise AudioProblem("silent")
    starts = [float(x) for x in _SILENCE_START.findall(proc.stderr)]
    ends = [float(x) for x in _SILENCE_END.findall(proc.stderr)]
    voice_start, voice_end = 0.0, total
    if starts and starts[0] <= 0.05 and ends:
        voice_start = ends[0]
    if starts and (len(ends) < len(starts) or ends[-1] >= total - 0.05):
        voice_end = starts[-1]
    if voice_end - voice_start <= 0.1:
        raise AudioProblem("silent")
    keep = 0.25
    return {
        "total": total,
        "start": max(0.0, voice_start - keep),
        "end": min(total, voice_end + keep),
        "loudness": {
            key: measured[key]
            for key in ("input_i", "input_tp", "input_lra", "input_thresh", "target_offset")
        },
    }


_CLEAN_FLAGS = [
    "-map_metadata",
    "-1",
    "-map_chapters",
    "-1",
    "-vn",
    "-sn",
    "-dn",
    "-fflags",
    "+bitexact",
]


def encode(path, analysis, config, workdir, *, aac=True, opus_bitrate=None) -> dict:
    """Encode the voice span to Opus (and AAC); return {"ogg": Path, "m4a": Path}."""
    loud = config["loudness"]
    m = analysis["loudness"]
    filters = (
        f"[0:a:0]aformat=channel_layouts=mono,"
        f"atrim=start={analysis['start']:.3f}:end={analysis['end']:.3f},asetpts=N/SR/TB,"
        f"loudnorm=I={loud['I']}:TP={loud['TP']}:LRA={loud['LRA']}"
        f":measured_I={m['input_i']}:measured_TP={m['input_tp']}:measured_LRA={m['input_lra']}"
        f":measured_thresh={m['input_thresh']}:offset={m['target_offset']}:linear=true"
        f":print_format=none,aresample=48000,aformat=channel_layouts=mono"
    )
    workdir = Path(workdir)
    raw = {"ogg": workdir / "encoded.ogg"}
    outputs = [
        "-map",
        "[o]",
        *_CLEAN_FLAGS,
        "-c:a",
        "libopus",
        "-b:a",
        opus_bitrate or config["opus_bitrate"],
        "-vbr",
        "on",
        "-application",
        "voip",
        "-frame_duration",
        str(config["opus_frame_ms"]),
        "-flags:a",
        "+bitexact",
        str(raw["ogg"]),
    ]
    if aac:
        raw["m4a"] = workdir / "encoded.m4a"
        filters += ",asplit=2[o][a]"
        outputs += [
            "-map",
            "[a]",
            *_CLEAN_FLAGS,
            "-c:a",
            "aac",
            "-b:a",
            config["aac_bitrate"],
            "-ar",
            str(config["aac_rate"]),
            "-flags:a",
            "+bitexact",
            str(raw["m4a"]),
        ]
    else:
        filters += "[o]"
    proc = _run(
        [
            "ffmpeg",
            "-nostdin",
            "-hide_banner",
            "-loglevel",
            "error",
            "-threads",
            "1",
            "-i",
            str(path),
            "-filter_complex",
            filters,
            *outputs,
        ],
        config["timeout_s"],
    )
    if proc.returncode != 0:
        raise AudioProblem("failed", _first_line(proc.stderr))
    # The remux: every encoded file copied into its fresh container by one ffmpeg run
    # (input n to output n; each output has its own options).
    final, inputs, copies = {}, [], []
    for n, (ext, encoded) in enumerate(raw.items()):
        final[ext] = workdir / f"clean.{ext}"
        extra = ["-movflags", "+faststart"] if ext == "m4a" else []
        inputs += ["-i", str(encoded)]
        copies += ["-map", f"{n}:a:0", "-c", "copy", *_CLEAN_FLAGS, *extra, str(final[ext])]
    proc = _run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", *inputs, *copies],
        config["timeout_s"],
    )
    if proc.returncode != 0:
        raise AudioProblem("failed", _first_line(proc.stderr))
    return final


def verify(path, ext, config, budget=True) -> dict:
    """ffprobe a cleaned file; raise AudioProblem("unclean", ...) on anything unexpected.

    Returns {"duration", "bytes", "kbps", "bytes_per_minute"}.
    """
    expected = EXPECTED[ext]
    info = probe(path)
    fmt = info.get("format") or {}
    streams = info.get("streams") or []
    problems = []
    if fmt.get("format_name") != expected["format"]:
        problems.append(f"formato / format {fmt.get('format_name')}")
    tags = dict(fmt.get("tags") or {})
    if ext == "m4a":
        tags = {k: v for k, v in tags.items() if k not in M4A_FORMAT_TAGS}
    if tags:
        problems.append("etiquetas / tags: " + ", ".join(sorted(tags)))
    if info.get("chapters"):
        problems.append("capítulos / chapters")
    if len(streams) != 1:
        problems.append(f"{len(streams)} pistas / streams")
    for stream in streams:
        if stream.get("codec_type") != "audio":
            problems.append(f"pista de tipo / stream of type {stream.get('codec_type')}")
        if (stream.get("disposition") or {}).get("attached_pic"):
            problems.append("imagen adjunta / attached picture")
        if stream.get("codec_name") != expected["codec"]:
            problems.append(f"códec / codec {stream.get('codec_name')}")
        if stream.get("channels") != 1:
            problems.append(f"canales / channels {stream.get('channels')}")
        if expected["rate"] and int(stream.get("sample_rate") or 0) != expected["rate"]:
            problems.append(f"frecuencia / sample rate {stream.get('sample_rate')}")
        stream_tags = dict(stream.get("tags") or {})
        if ext == "m4a":
            stream_tags = {k: v for k, v in stream_tags.items() if M4A_STREAM_TAGS.get(k) != v}
        if stream_tags:
            problems.append("etiquetas de pista / stream tags: " + ", ".join(sorted(stream_tags)))
    duration = _float(fmt.get("duration")) or 0.0
    size = os.path.getsize(path)
    if duration <= 0:
        problems.append("sin duración / no duration")
    if problems:
        raise AudioProblem("unclean", "; ".join(problems))
    per_minute = (size - config.get("header_allowance", 4096)) / (duration / 60)
    kbps = size * 8 / duration / 1000
    if budget and ext == "ogg" and per_minute > config["budget_bytes_per_minute"]:
        raise AudioProblem(
            "over_budget",
            f"{size * 60 / duration / 1000:.0f} KB",
            f"{config['budget_bytes_per_minute'] / 1000:.0f} KB",
        )
    if ext == "m4a" and kbps > 48:
        raise AudioProblem("unclean", f"AAC {kbps:.0f} kbps")
    return {
        "duration": duration,
        "bytes": size,
        "kbps": round(kbps, 1),
        "bytes_per_minute": round(size * 60 / duration),
    }


def process(path, config, *, aac=True, opus_bitrate=None, budget=True) -> dict:
    """Check, analyse, encode and verify one recording; return the clean files' data.

    ``{"ogg": {"data": bytes, "duration", "bytes", "kbps", ...}, "m4a": {...},
    "source_duration": s, "trimmed": s}``. Raises AudioProblem.
    """
    if not have_ffmpeg():
        raise AudioProblem("no_ffmpeg")
    check_source(path, config)
    analysis = analyse(path, config)
    first = opus_bitrate or config["opus_bitrate"]
    # Dense speech can make VBR Opus overshoot its target (24 kbps gave 25.3 kbps, 190 KB
    # a minute, on continuous synthetic speech): one step down rather than a failed build.
    # The AAC copy does not depend on the Opus bitrate: made once, with the first try.
    with tempfile.TemporaryDirectory(prefix="voces-audio-") as tmp:
        m4a = None
        for attempt, bitrate in enumerate((first, *FALLBACK_BITRATES)):
            workdir = Path(tmp, str(attempt))
            workdir.mkdir()
            files = encode(
                path, analysis, config, workdir, aac=aac and m4a is None, opus_bitrate=bitrate
            )
            m4a = files.get("m4a", m4a)
            if m4a is not None:
                files["m4a"] = m4a  # after the Opus file: its budget is checked first
            try:
                return _verified(files, analysis, config, bitrate, budget)
            except AudioProblem as problem:
                if problem.kind != "over_budget" or bitrate == FALLBACK_BITRATES[-1]:
                    raise
    raise AssertionError("unreachable")


#: Opus bitrates tried, in order, when a file comes out over the budget.
FALLBACK_BITRATES = ("20k", "16k")


def _verified(files, analysis, config, bitrate, budget):
    result = {"source_duration": analysis["total"], "opus_bitrate": bitrate}
    for ext, clean in files.items():
        facts = verify(clean, ext, config, budget=budget)
        result[ext] = dict(facts, data=clean.read_bytes())
    result["trimmed"] = max(0.0, round(analysis["total"] - result["ogg"]["duration"], 2))
    return result


def hashed_name(data: bytes, ext: str) -> str:
    """A published file is named by its own content hash only."""
    return f"{hashlib.sha256(data).hexdigest()[:24]}.{ext}"
