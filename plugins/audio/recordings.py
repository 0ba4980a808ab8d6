"""What an article says about sound: its recording, transcript, narration and voice.

Members write (Spanish first; accents and case do not matter)::

    audio: audio/nota-de-voz.ogg
    audio_transcripción: Lo que dice la grabación...   (or content/audio/nota-de-voz.ogg.txt)
    voz: propia            (propia / prestada / solo texto; own / borrowed / text)
    narración: audio/lectura.m4a
    audio_alcance: web     (optional: the recording on the web only, no QR on paper)

The content reader maps these keys to ``audio``, ``audio_transcript``, ``narration``,
``voice`` and ``audio_scope``; the Spanish spellings are read here too, so the plugin
does not depend on that mapping.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup

from ..core.errors import VocesError

KEYS = {
    "audio": ("audio", "grabacion"),
    "transcript": (
        "audio_transcript",
        "audio_transcripcion",
        "transcripcion",
        "transcript",
    ),
    "narration": ("narration", "narracion"),
    "voice": ("voice", "voz"),
    "audio_scope": ("audio_scope", "audio_alcance"),
}

VOICES = {
    "propia": "own",
    "su_voz": "own",
    "mi_voz": "own",
    "own": "own",
    "own_voice": "own",
    "prestada": "borrowed",
    "voz_prestada": "borrowed",
    "borrowed": "borrowed",
    "borrowed_voice": "borrowed",
    "solo_texto": "text",
    "texto": "text",
    "text": "text",
    "text_only": "text",
    "solo_text": "text",
}
SCOPES = {"web": "web", "sitio": "web", "impreso": "print", "papel": "print", "print": "print"}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text).strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s\-]+", "_", plain)


def meta_value(content, name):
    """The first value written under any spelling of ``name`` (None when absent)."""
    metadata = getattr(content, "metadata", {}) or {}
    for key in KEYS[name]:
        value = metadata.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


@dataclass
class Wanted:
    """What one article asks for."""

    content: object
    recording: str | None  # the reference as written
    narration: str | None
    voice: str | None  # "own", "borrowed", "text" or None
    audio_scope: frozenset | None
    inline_transcript: str | None


def parse_voice(value, path):
    if value is None:
        return None
    voice = VOICES.get(fold(value))
    if voice is None:
        raise VocesError(
            path,
            "voz",
            f"«{value}» no se entiende. Escriba «voz: propia» (su propia voz), «voz: prestada» "
            "(otra compañera lee su testimonio) o «voz: solo texto».",
            f"'{value}' is not understood. Write 'voice: own' (her own voice), 'voice: "
            "borrowed' (another member reads her testimony) or 'voice: text'.",
        )
    return voice


def parse_scope(value, path):
    if value is None:
        return None
    scope = set()
    for part in re.split(r"[,;/\s]+|\by\b|\band\b", str(value)):
        if not part.strip():
            continue
        name = SCOPES.get(fold(part))
        if name is None:
            raise VocesError(
                path,
                "audio_alcance",
                f"«{part.strip()}» no es un alcance. Escriba «web» (la grabación solo en el "
                "sitio, sin código QR en papel) o «web, impreso».",
                f"'{part.strip()}' is not a scope. Write 'web' (the recording on the site "
                "only, no QR code on paper) or 'web, print'.",
            )
        scope.add(name)
    return frozenset(scope)


def wanted(content) -> Wanted | None:
    """What ``content`` asks for, or None when it mentions no sound at all."""
    path = content.source_path
    recording = meta_value(content, "audio")
    narration = meta_value(content, "narration")
    voice = parse_voice(meta_value(content, "voice"), path)
    scope = parse_scope(meta_value(content, "audio_scope"), path)
    transcript = meta_value(content, "transcript")
    if not (recording or narration or transcript or voice or scope):
        return None
    return Wanted(content, recording, narration, voice, scope, transcript)


def print_listen_url(content, want):
    """The page a printed "Escuche esta historia" QR code opens, or None.

    Only for a story on the website (``content`` is in the site's lists), consented for
    paper (``printable``, set by publication_rules), with sound whose own scope does
    not keep it off paper (``audio_alcance: web``) and a voice choice that allows sound.
    """
    if want is None or not (want.recording or want.narration) or want.voice == "text":
        return None
    if not getattr(content, "printable", False):
        return None
    if want.audio_scope is not None and not ({"web", "print"} <= want.audio_scope):
        return None
    return f"{content.url}#escuchar"


def resolve(ref, content_root, source_dir, audio_dir):
    """(absolute path, problem kind or None) of a recording named in an article."""
    text = str(ref).strip().strip("\"'")
    for prefix in ("{static}", "{attach}", "{filename}"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    root = os.path.realpath(content_root)
    folder = os.path.realpath(os.path.join(root, audio_dir)) + os.sep
    candidates = []
    if text.startswith("/"):
        candidates.append(os.path.join(root, text.lstrip("/")))
    else:
        candidates += [os.path.join(root, text), os.path.join(source_dir, text)]
    for candidate in candidates:
        real = os.path.realpath(candidate)
        if os.path.isfile(real):
            if not real.startswith(folder):
                return None, "outside"
            return real, None
    return None, "missing"


def transcript_file(audio_path, lang, default_lang):
    """The transcript beside a recording: ``<file>.txt`` or ``<stem>.txt`` (and
    ``.<lang>.txt`` first for a translation); (path, lang) or (None, None)."""
    stem = os.path.splitext(audio_path)[0]
    names = []
    if lang and lang != default_lang:
        names += [(f"{audio_path}.{lang}.txt", lang), (f"{stem}.{lang}.txt", lang)]
    names += [(f"{audio_path}.txt", default_lang), (f"{stem}.txt", default_lang)]
    for name, name_lang in names:
        if os.path.isfile(name):
            return name, name_lang
    return None, None


def read_transcript(path):
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise VocesError(
            path,
            None,
            "la transcripción no está guardada en UTF-8. Ábrala y guárdela como UTF-8.",
            "the transcript is not saved as UTF-8. Open it and save it as UTF-8.",
        ) from None
    except OSError as exc:
        raise VocesError(
            path,
            None,
            f"no se pudo leer la transcripción ({exc.strerror}).",
            f"the transcript could not be read ({exc.strerror}).",
        ) from None


def transcript_html(text: str) -> Markup:
    """Plain text to escaped paragraphs (blank lines) with line breaks (single newlines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Markup(
        "\n".join(
            "<p>" + "<br>\n".join(html.escape(line.strip()) for line in p.split("\n")) + "</p>"
            for p in paragraphs
        )
    )
