"""The ``AUDIO`` setting: defaults, merged once per build, unknown keys reported."""

import logging
import os

from ..core.errors import report as report_error
from ..core.settings import cache_folder
from ..core.settings import merge as merge_setting

logger = logging.getLogger(__name__)

# Speech Opus: mono, ~24 kbps, 60 ms frames (less container overhead than 20 ms; the
# latency does not matter for a recording). Measured: 170-180 KB a minute of speech.
OPUS_BITRATE = "24k"
OPUS_FRAME_MS = 60
# Budget for the Opus file: at most this many bytes per minute (plus a small fixed
# allowance for the Ogg headers, which matter only in recordings of a few seconds).
BUDGET_BYTES_PER_MINUTE = 200_000
HEADER_ALLOWANCE = 4096
# AAC-LC fallback (old iPhones without Opus): mono, 32 kbps at 24 kHz.
AAC_BITRATE = "32k"
AAC_RATE = 24000
AAC_MAX_KBPS = 48
# EBU R128 targets for speech heard on a phone's speaker.
LOUDNESS = {"I": -16.0, "TP": -1.5, "LRA": 11.0}
# Silence at the ends: quieter than this for at least this long is trimmed, keeping
# a short pause so the first word is not clipped.
SILENCE_DB = -45
SILENCE_MIN_S = 0.4
SILENCE_KEEP_S = 0.25

DEFAULTS = {
    "content_dir": "audio",  # recordings live in content/audio/
    "output_dir": "audio",  # published files in output/audio/
    "cache_dir": None,  # None: VOCES_CACHE/audio
    # A production build removes cache entries no build used for this many days
    # (a withdrawn story's entries go at once).
    "cache_days": 30,
    "max_minutes": 30,
    "max_bytes": 100 * 1024 * 1024,  # GitHub refuses files over 100 MB anyway
    "opus_bitrate": OPUS_BITRATE,
    "opus_frame_ms": OPUS_FRAME_MS,
    "budget_bytes_per_minute": BUDGET_BYTES_PER_MINUTE,
    "aac_bitrate": AAC_BITRATE,
    "aac_rate": AAC_RATE,
    "loudness": LOUDNESS,
    "silence_db": SILENCE_DB,
    "silence_min_s": SILENCE_MIN_S,
    # Missing transcript: None = error in production, warning in preview builds.
    "require_transcript": None,
    # A recording must say whose voice it is (voz: propia / prestada).
    "require_voice": None,
    "workers": 0,  # 0 = one per core
    "progress_every": 5,
    "timeout_s": 900,  # one ffmpeg run
    "check_output": True,
    # The page of every recorded testimony.
    "listen_url": "escuchar/",
    "listen_save_as": "escuchar/index.html",
    "listen_en_url": "en/listen/",
    "listen_en_save_as": "en/listen/index.html",
    "listen_template": "listen",
}


def merge(settings, report=True):
    """A new dict: defaults updated with ``settings["AUDIO"]``; the user's dict is untouched.

    The core's merge, as for IMAGES and EDITIONS: an unknown key or a value that is not a
    dict is an ERROR (the build guard stops the build), never a key silently ignored."""
    config, problems = merge_setting(settings, "AUDIO", DEFAULTS, example='{"max_minutes": 20}')
    if report:
        for problem in problems:
            report_error(problem, logger)
    config["loudness"] = {**LOUDNESS, **dict(config["loudness"])}
    preview = bool(settings.get("VOCES_PREVIEW", False))
    for key in ("require_transcript", "require_voice"):
        if config[key] is None:
            config[key] = not preview
    config["cache_dir"] = os.path.abspath(config["cache_dir"] or cache_folder(settings, "audio"))
    config["workers"] = int(config["workers"]) or (os.cpu_count() or 1)
    return config


def pipeline_settings(config):
    """Every setting that shapes an output file (part of each cache key)."""
    keys = (
        "opus_bitrate",
        "opus_frame_ms",
        "aac_bitrate",
        "aac_rate",
        "loudness",
        "silence_db",
        "silence_min_s",
    )
    return {key: config[key] for key in keys}
