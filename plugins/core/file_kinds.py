"""File kinds, defined once: which extensions are images, audio, text, markup, fonts.

Every plugin and command that sorts files by kind uses these sets (lower-case, with
the dot), so a kind is never accepted in one place and forgotten in another.
"""

from __future__ import annotations

import os

#: Articles and pages members write (Pelican's Markdown reader, exact and lower-case).
MARKDOWN = frozenset({".md", ".markdown", ".mkd", ".mdown"})

#: Images a member may send: phone photos, scans, screenshots. The build re-encodes them.
IMAGE_INPUT = frozenset({".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif"})

#: Every extension an image may carry anywhere (inputs, outputs, strays to look into).
IMAGE = IMAGE_INPUT | frozenset(
    {".jpe", ".jfif", ".gif", ".avif", ".tif", ".tiff", ".bmp", ".ico", ".jxl", ".jp2"}
)

#: Recordings phones and WhatsApp produce, and what the audio pipeline writes.
AUDIO_INPUT = frozenset({".ogg", ".opus", ".oga", ".m4a", ".aac", ".mp3", ".amr", ".wav"})
AUDIO = AUDIO_INPUT | frozenset({".flac", ".3gp", ".weba", ".webm", ".mka"})

#: Video: never accepted from members, but looked into when found.
VIDEO = frozenset({".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".3gp"})

#: Markup written by the build (searched as text by the output checks).
MARKUP = frozenset({".html", ".htm", ".xhtml", ".xml", ".atom", ".rss", ".svg"})

#: The theme's fonts: compressed glyphs, no words anyone wrote.
FONT = frozenset({".woff", ".woff2", ".ttf", ".otf", ".eot"})

#: Plain-text sources the build reads besides Markdown (directory, transcripts).
TEXT = frozenset({".toml", ".txt"})

PDF = frozenset({".pdf"})


def suffix(path) -> str:
    """The extension of ``path``, lower-case, with the dot (``""`` when none)."""
    return os.path.splitext(str(path))[1].lower()
