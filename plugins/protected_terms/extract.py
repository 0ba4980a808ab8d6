"""The readable text of every kind of file a build writes, for the term search.

HTML, XML feeds, JSON, plain text, CSS/JS/SVG; text inside PDFs (pypdf) and their
document information; strings kept in image metadata; and the files inside ``.gz``
and ``.zip`` archives. Each file gives one or more "views" of its text.

A gzip stream under another name (Pagefind writes its search index so: ``.pf_index``,
``.pf_fragment``, ``.pf_meta``) is opened like a ``.gz``. Pagefind's data then starts
with ``pagefind_dcd``: a fragment is JSON (the page's text), the index and meta are
CBOR, read string by string (a word's length byte is a letter, so the raw bytes would
show "gclinica" for "clinica"), and its program (WebAssembly) is searched as bytes.

Audio, video and any other file that is not text (or an image Pillow cannot open) is
searched in its raw bytes: their tags (ID3, Vorbis comments, MP4 atoms) are plain
text in UTF-8, Latin-1 or UTF-16, so the bytes are read in each of those.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import logging
import re
import zipfile
from pathlib import PurePosixPath

from ..core import file_kinds
from .matching import views_of_markup, views_of_pdf_text

logger = logging.getLogger(__name__)

MARKUP = file_kinds.MARKUP
IMAGES = file_kinds.IMAGE
# The theme's own fonts: compressed glyphs, no words anyone wrote.
SKIP = file_kinds.FONT
# Searched in their raw bytes (text tags), even when they happen to decode as UTF-8.
BINARY = {
    ".mp3",
    ".ogg",
    ".oga",
    ".opus",
    ".m4a",
    ".aac",
    ".wav",
    ".flac",
    ".amr",
    ".3gp",
    ".mp4",
    ".m4v",
    ".mov",
    ".webm",
    ".mkv",
    ".avi",
}
MAX_NESTING = 2
GZIP_MAGIC = b"\x1f\x8b"
PAGEFIND_MAGIC = b"pagefind_dcd"
# For raw bytes: characters that can be part of a tag's text; an ID3v2 frame name
# (4 capitals or digits, then a size that starts with a zero byte, by then a line
# break); a change from lower to upper case.
NOT_TEXT_LIKE = re.compile("[^\t\n\r\x20-\x7e\xa0-\xff\u0370-\u04ff\u2000-\u206f\ufeff]+")
ID3_FRAME = re.compile(r"[A-Z][A-Z0-9]{3}(?=\n)")
CASE_CHANGE = re.compile(r"(?<=[a-zß-ÿ])(?=[A-ZÀ-Þ])")
# Image info entries that are binary structures, not text (EXIF is read parsed).
BINARY_INFO = {"icc_profile", "exif", "transparency", "palette"}


def views_of(name: str, data: bytes, depth: int = 0, pdf_cache=None):
    """Yield (name, list of texts) for ``data`` read from a file called ``name``."""
    suffix = PurePosixPath(name.lower()).suffix
    if suffix in SKIP:
        return
    if suffix == ".gz" and depth < MAX_NESTING:
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError, gzip.BadGzipFile):
            yield name, [_decode(data)]
            return
        yield from views_of(name[:-3], inner, depth + 1, pdf_cache)
        return
    if suffix == ".zip" and depth < MAX_NESTING:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.infolist():
                    if not member.is_dir():
                        yield from views_of(
                            f"{name}:{member.filename}", archive.read(member), depth + 1, pdf_cache
                        )
        except zipfile.BadZipFile:
            yield name, [_decode(data)]
        return
    if data.startswith(GZIP_MAGIC) and depth < MAX_NESTING:
        try:
            inner = gzip.decompress(data)
        except (OSError, EOFError, gzip.BadGzipFile):
            inner = None  # not gzip after all: searched as it is, below
        if inner is not None:
            yield from views_of(name, inner, depth + 1, pdf_cache)
            return
    if data.startswith(PAGEFIND_MAGIC):
        yield name, _pagefind_views(data[len(PAGEFIND_MAGIC) :])
        return
    if suffix == ".pdf":
        yield name, views_of_pdf_text(_pdf_text(name, data, pdf_cache))
        return
    if suffix in IMAGES:
        yield name, _image_views(data)
        return
    if suffix in BINARY:
        yield name, binary_views(data)
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        yield name, binary_views(data)
        return
    if suffix in MARKUP:
        yield name, views_of_markup(text)
    elif suffix in (".json", ".webmanifest"):
        yield name, _json_views(text)
    else:
        yield name, [text]


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def binary_views(data: bytes) -> list[str]:
    """The bytes read as UTF-8, Latin-1 and UTF-16 (both byte orders: one byte apart).

    Tags are not always ended by a zero: the next frame's name ("TPE1") or a length
    byte can follow the last word ("LópezTPE1"). So each reading is also given with
    whatever does not look like Latin, Greek or Cyrillic text turned into line breaks,
    and that once more cut at each lower-to-upper case change and before each ID3
    frame name.
    """
    views = []
    for text in (
        data.decode("utf-8", errors="ignore"),
        data.decode("latin-1"),
        data.decode("utf-16-le", errors="ignore"),
        data[1:].decode("utf-16-le", errors="ignore"),
    ):
        cleaned = NOT_TEXT_LIKE.sub("\n", text)
        cut = CASE_CHANGE.sub(" ", ID3_FRAME.sub("\n\\g<0>", cleaned))
        views.extend((text, cleaned, cut))
    return views


def _json_views(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except ValueError:
        return views_of_markup(text)
    strings = []

    def walk(node):
        if isinstance(node, str):
            strings.append(node)
        elif isinstance(node, dict):
            for key, item in node.items():
                strings.append(str(key))
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(value)
    # Strings may hold HTML (a search index's content field).
    return [text, *views_of_markup("\n".join(strings))]


def _pagefind_views(data: bytes) -> list[str]:
    """A Pagefind file after its ``pagefind_dcd`` mark: JSON, CBOR or its program."""
    if data.startswith(b"{"):
        try:
            return _json_views(data.decode("utf-8"))
        except UnicodeDecodeError:
            return binary_views(data)
    if data.startswith(b"\x00asm"):
        return binary_views(data)
    try:
        strings = cbor_strings(data)
    except ValueError:
        return binary_views(data)
    return views_of_markup("\n".join(strings))


# CBOR items without strings, each stepped over by one regex match (a search index is
# almost all of these). A number (integer or float) or simple value (false, true,
# null...): its head byte, then 0 to 8 bytes.
# The commonest first (24 to 255); a branch is ruled out by its first byte.
_CBOR_NUMBER = [
    rb"[\x18\x38\xf8].",
    rb"[\x00-\x17\x20-\x37\xe0-\xf7]",
    rb"[\x19\x39\xf9]..",
    rb"[\x1a\x3a\xfa].{4}",
    rb"[\x1b\x3b\xfb].{8}",
]


def _cbor_arrays_of(items: list[bytes], longest: int) -> list[bytes]:
    """Arrays of 0 to ``longest`` (< 24) of ``items``: the length is in the head byte."""
    item = b"(?:" + b"|".join(items) + b")"
    # Possessive: an item has one length only, so going back never helps.
    return [b"\\x%02x%s{%d}+" % (0x80 + n, item, n) for n in range(longest + 1)]


@functools.cache
def _cbor_no_string():
    """Matches a whole item without strings: a number, an array of up to 23 numbers, or
    an array of up to 3 of those (Pagefind's page entry: [page, [positions], [weights]]).

    Compiled on first use (13 ms).
    """
    flat = _CBOR_NUMBER + _cbor_arrays_of(_CBOR_NUMBER, 23)
    return re.compile(b"|".join(_cbor_arrays_of(flat, 3) + flat), re.DOTALL).match


def cbor_strings(data: bytes) -> list[str]:
    """Every text and byte string of CBOR ``data`` (RFC 8949), in order.

    Raises ValueError when ``data`` is not a complete sequence of CBOR items.
    A search index is mostly small integers in short arrays: a whole item without
    strings (a page entry, say) is one regex match, not a step per number.
    """
    strings = []
    end = len(data)
    pos = 0
    # Items still to read in each open array, map or tag (None: until a "break").
    pending: list[int | None] = []

    def item_done():
        while pending and pending[-1] is not None:
            pending[-1] -= 1
            if pending[-1]:
                return
            pending.pop()

    no_string_item = _cbor_no_string()

    while pos < end:
        # A whole, valid item with no string in it: one more of the open container,
        # just as if its bytes had been read step by step below.
        no_string = no_string_item(data, pos)
        if no_string:
            pos = no_string.end()
            item_done()
            continue
        # Any other item, step by step (and where data is cut short or invalid).
        byte = data[pos]
        pos += 1
        major, info = byte >> 5, byte & 31
        if info < 24:
            arg = info
        elif info < 28:
            size = 1 << (info - 24)
            if pos + size > end:
                raise ValueError("truncated")
            arg = int.from_bytes(data[pos : pos + size], "big")
            pos += size
        elif info == 31 and major in (2, 3, 4, 5, 7):
            arg = None  # indefinite length, or "break"
        else:
            raise ValueError("reserved")
        if major < 2 or (major == 7 and arg is not None):
            # integers, simple values, floats (the match above takes every whole one)
            item_done()
        elif major == 7:  # the end of an indefinite item
            if not pending or pending[-1] is not None:
                raise ValueError("break outside an indefinite item")
            pending.pop()
            item_done()
        elif major < 4 and arg is not None:
            if pos + arg > end:
                raise ValueError("truncated")
            strings.append(data[pos : pos + arg].decode("utf-8", errors="replace"))
            pos += arg
            item_done()
        elif arg is None:  # an indefinite string, array or map
            pending.append(None)
        else:  # arrays, maps, tags
            count = 1 if major == 6 else arg * (2 if major == 5 else 1)
            if count > end - pos:  # every item takes a byte at least
                raise ValueError("truncated")
            if count:
                pending.append(count)
            else:
                item_done()
    if pending:
        raise ValueError("truncated")
    return strings


def _pdf_text(name: str, data: bytes, pdf_cache=None) -> str:
    cached = pdf_cache.get(data) if pdf_cache is not None else None
    if cached is not None:
        return cached
    from ..core.pdf_strings import page_joins, read_pdf, without_running_heads

    try:
        found = read_pdf(data)
    except Exception as exc:  # a PDF we cannot read is a PDF we cannot vouch for
        raise UnreadableFile(name, str(exc)) from None
    # Every string the PDF carries (link targets, alt texts, bookmarks, metadata), the
    # text page by page, and the text as one flow without running heads and folios
    # (a name split by a page break). Separated by blank lines so that nothing joins
    # across parts; page joins are in the flow.
    parts = [
        *found.metadata,
        *found.strings,
        *found.pages,
        without_running_heads(found.pages),
        *page_joins(found.pages),
    ]
    text = "\n\n".join(parts)
    if pdf_cache is not None:
        pdf_cache.put(data, text)
    return text


def _image_views(data: bytes) -> list[str]:
    """Text an image carries besides its pixels: comments, EXIF, XMP."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            parts = []
            for key, value in image.info.items():
                if key in BINARY_INFO:
                    continue
                if isinstance(value, bytes):
                    parts.append(value.decode("utf-8", errors="ignore"))
                elif isinstance(value, str):
                    parts.append(value)
            for value in image.getexif().values():
                if isinstance(value, (str, bytes)):
                    parts.append(
                        value if isinstance(value, str) else value.decode("utf-8", errors="ignore")
                    )
    except Exception:
        # Not an image Pillow can open (broken, or another file with an image's name):
        # it is still published, so its bytes are searched.
        return binary_views(data)
    return ["\n".join(parts)] if parts else []


class UnreadableFile(Exception):
    def __init__(self, name, reason):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
