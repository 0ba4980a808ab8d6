"""Check a built site for images that still carry metadata.

``check_tree(path)`` walks every file of a built ``output/``: each image file
(JPEG, PNG, WebP, GIF, others through Pillow), every image an HTML, XML or CSS
file references (local files, ``data:`` URIs), and every image embedded in a
PDF (through pypdf). It returns the problems found, one line each, in Spanish
then English. ``report_folder()`` prints the report of ``voces verificar-imagenes``.

The JPEG, PNG and WebP checks read the container segment by segment instead of
trusting Pillow's ``info``: a segment Pillow does not parse is still a leak.
"""

import base64
import hashlib
import io
import logging
import os
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core import file_kinds
from ..core.build_cache import ResultCache, code_digest, fingerprint
from ..core.file_kinds import AUDIO
from ..core.parallel import map_chunks

logger = logging.getLogger(__name__)

IMAGE_EXTENSIONS = file_kinds.IMAGE  # every extension an image may carry
MARKUP_EXTENSIONS = {".html", ".htm", ".xml", ".atom", ".rss", ".css", ".svg"}

# JPEG: a plain APP0 "JFIF" and APP14 "Adobe" carry only decoding parameters
# (see _plain_app_segment). Segments that only describe how to decode the pixels:
# SOFn, DHT, DAC, SOS, DQT, DNL, DRI, DHP, EXP. Any other marker is reported.
_JPEG_CODING_MARKERS = frozenset(
    [m for m in range(0xC0, 0xD0) if m != 0xC8] + [0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF]
)
# Inside entropy-coded data FF00 is a stuffed byte, FFD0-FFD7 a restart and FFFF
# fill: the next real marker is any other FFxx.
_JPEG_NEXT_MARKER = re.compile(rb"\xff+([^\x00\xd0-\xd7\xff])")
_JPEG_PADDING = b"\x00\r\n "
_JPEG_NAMES = {
    b"Exif\x00": "EXIF",
    b"http://ns.adobe.com/xap/1.0/": "XMP",
    b"http://ns.adobe.com/xmp/extension/": "XMP",
    b"ICC_PROFILE": "ICC",
    b"Photoshop 3.0": "IPTC/Photoshop",
    b"MPF\x00": "MPF",
    b"JFXX": "JFXX thumbnail",
}
# PNG chunks that only describe pixels; anything else is reported.
_PNG_SAFE = {
    b"IHDR",
    b"PLTE",
    b"IDAT",
    b"IEND",
    b"tRNS",
    b"gAMA",
    b"cHRM",
    b"sRGB",
    b"sBIT",
    b"bKGD",
    b"pHYs",
    b"acTL",
    b"fcTL",
    b"fdAT",
}
_WEBP_SAFE = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"}
_PILLOW_META = (
    "exif",
    "xmp",
    "XML:com.adobe.xmp",
    "icc_profile",
    "comment",
    "photoshop",
    "iptc",
    "extension",
)

_REF_ATTR = re.compile(
    r"""\b(src|srcset|href|content|poster|data)\s*=\s*("([^"]*)"|'([^']*)')""", re.IGNORECASE
)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""", re.IGNORECASE)
_DATA_URI = re.compile(r"data:image/[a-z0-9.+-]+;base64,([a-z0-9+/=\s]+)", re.IGNORECASE)
_SVG_META = re.compile(
    r"<metadata\b|<rdf:|\bsodipodi:docname\b|\binkscape:export-filename\b|"
    r"<dc:creator\b|<cc:Work\b",
    re.IGNORECASE,
)


@dataclass
class Report:
    problems: list = field(default_factory=list)
    image_files: int = 0
    referenced: int = 0
    embedded: int = 0
    pdf_images: int = 0
    pdfs: int = 0

    @property
    def images(self):
        """Images whose bytes were inspected (files, data: URIs, in PDFs)."""
        return self.image_files + self.embedded + self.pdf_images


def _problem(where, what_es, what_en):
    return f"{where}: {what_es} / {what_en}"


def jpeg_problems(data):
    """Metadata segments of a JPEG, as short names (``EXIF``, ``COM``...).

    Walks every segment through every scan: after each start of scan the
    entropy-coded data is skipped to the next real marker (not ``FF00``, not
    ``RSTn``, not fill bytes), so a comment between the scans of a progressive
    JPEG is seen. The image ends at the first ``FFD9`` reached this way; any
    bytes after it (a motion photo's video, a second picture) are reported,
    even when they end in ``FFD9`` themselves.
    """
    found = []
    if not data.startswith(b"\xff\xd8"):
        return ["not a JPEG"]
    size = len(data)
    pos = 2
    while True:
        if pos >= size:
            found.append("no end of image")
            break
        if data[pos] != 0xFF:
            found.append("corrupt segment list")
            break
        while pos + 1 < size and data[pos + 1] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos + 1 >= size:
            found.append("no end of image")
            break
        marker = data[pos + 1]
        if marker == 0xD9:
            if data[pos + 2 :].strip(_JPEG_PADDING):
                found.append("data after end of image")
            break
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # standalone: TEM, RSTn
            pos += 2
            continue
        if pos + 4 > size:
            found.append("no end of image")
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if length < 2 or pos + 2 + length > size:
            found.append("corrupt segment list")
            break
        body = data[pos + 4 : pos + 2 + length]
        if marker == 0xFE:
            found.append("COM")
        elif 0xE0 <= marker <= 0xEF:
            if not _plain_app_segment(marker, body):
                name = next((n for sig, n in _JPEG_NAMES.items() if body.startswith(sig)), None)
                found.append(name or f"APP{marker - 0xE0}")
        elif marker not in _JPEG_CODING_MARKERS:
            found.append(f"segment FF{marker:02X}")
        pos += 2 + length
        if marker == 0xDA:  # start of scan: skip the entropy-coded data
            scan_end = _JPEG_NEXT_MARKER.search(data, pos)
            if scan_end is None:
                found.append("no end of image")
                break
            pos = scan_end.start(1) - 1
    return found


def _plain_app_segment(marker, body):
    """True for an APP0 "JFIF" without thumbnail or an APP14 "Adobe" colour note."""
    if marker == 0xE0:
        # JFIF\0, version (2), units (1), densities (4), thumbnail width and height (2).
        return body.startswith(b"JFIF\x00") and len(body) == 14 and body[12:14] == b"\x00\x00"
    if marker == 0xEE:
        # Adobe, version (2), flags (2 + 2), colour transform (1).
        return body.startswith(b"Adobe") and len(body) == 12
    return False


def png_problems(data):
    found = []
    pos = 8
    while pos + 8 <= len(data):
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        if ctype not in _PNG_SAFE:
            found.append(ctype.decode("latin-1"))
        if ctype == b"IEND":
            if data[pos + 12 :].strip(b"\x00"):
                found.append("data after IEND")
            break
        pos += 12 + length
    return found


def webp_problems(data):
    found = []
    pos = 12
    while pos + 8 <= len(data):
        ctype, length = struct.unpack("<4sI", data[pos : pos + 8])
        if ctype not in _WEBP_SAFE:
            found.append(ctype.decode("latin-1").strip())
        elif ctype == b"VP8X" and length >= 1:
            flags = data[pos + 8]
            for bit, name in ((0x20, "ICC flag"), (0x08, "EXIF flag"), (0x04, "XMP flag")):
                if flags & bit:
                    found.append(name)
        pos += 8 + length + (length & 1)
    return found


def pillow_problems(data):
    from PIL import Image

    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:  # pragma: no cover - pillow-heif is a dependency
        pass
    try:
        with Image.open(io.BytesIO(data)) as im:
            found = [k for k in _PILLOW_META if im.info.get(k)]
            if im.getexif() and "exif" not in found:
                found.append("exif")
            if im.format == "TIFF":
                found.append("TIFF tags")
            return found
    except Exception as exc:
        return [f"unreadable ({exc.__class__.__name__})"]


def image_bytes_problems(data):
    """Names of the metadata an encoded image still carries (empty: clean)."""
    if data.startswith(b"\xff\xd8"):
        return jpeg_problems(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return png_problems(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return webp_problems(data)
    return pillow_problems(data)


def _looks_like_image(head):
    return (
        head.startswith(b"\xff\xd8")
        or head.startswith(b"\x89PNG")
        or head.startswith(b"GIF8")
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        or head[4:8] == b"ftyp"
        or head[:2] in (b"II", b"MM", b"BM")
    )


def _cached(cache, kind, data):
    """(key, cached value or None) for a file's bytes; (None, None) without a cache."""
    if cache is None:
        return None, None
    key = _cache_key(kind, hashlib.sha256(data).hexdigest())
    return key, cache.get(key)


def _cache_key(kind, sha):
    return f"{kind}\0{sha}"


def _check_image_file(path, rel, report, cache=None):
    with open(path, "rb") as fh:
        data = fh.read()
    report.image_files += 1
    key, clean = _cached(cache, "image", data)
    if clean:
        return
    found = image_bytes_problems(data)
    if not found and key is not None:
        cache.put(key, True)
    if found:
        report.problems.append(
            _problem(
                rel,
                "la imagen conserva metadatos (" + ", ".join(found) + "). "
                "Vuelva a construir el sitio; si sigue, avise al equipo técnico.",
                "the image still carries metadata (" + ", ".join(found) + "). "
                "Rebuild the site; if it persists, tell the technical team.",
            )
        )


def _local_target(root, base_dir, url):
    """The file in the tree a URL points to, or None for another host."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.scheme or parts.netloc:
        # An absolute URL may still be this site (SITEURL): match a suffix.
        segments = [s for s in path.split("/") if s]
        for i in range(len(segments)):
            candidate = os.path.join(root, *segments[i:])
            if os.path.isfile(candidate):
                return candidate
        return None
    if path.startswith("/"):
        candidate = os.path.join(root, path.lstrip("/"))
    else:
        candidate = os.path.normpath(os.path.join(base_dir, path))
    if os.path.isdir(candidate):
        candidate = os.path.join(candidate, "index.html")
    return candidate


def _urls_in(text, is_css):
    if is_css:
        yield from _CSS_URL.findall(text)
        return
    for match in _REF_ATTR.finditer(text):
        attr = match.group(1).lower()
        value = match.group(3) if match.group(3) is not None else match.group(4)
        if attr == "srcset":
            for candidate in value.split(","):
                if candidate.strip():
                    yield candidate.split()[0]
        else:
            yield value.strip()
    yield from _CSS_URL.findall(text)


def _markup_facts(path, text):
    """What a markup file's text alone says: (problems, data: images, image URLs).

    Whether each URL's target exists depends on the rest of the tree, so it is
    checked on every build; these facts depend only on the text.
    """
    problems = []
    if path.endswith(".svg") and _SVG_META.search(text):
        problems.append(
            (
                "el SVG contiene metadatos (<metadata>, RDF o datos de Inkscape).",
                "the SVG contains metadata (<metadata>, RDF or Inkscape data).",
            )
        )
    embedded = 0
    for payload in _DATA_URI.findall(text):
        embedded += 1
        try:
            data = base64.b64decode(re.sub(r"\s+", "", payload))
        except ValueError:
            continue
        found = image_bytes_problems(data)
        if found:
            problems.append(
                (
                    "una imagen incrustada (data:) conserva metadatos (" + ", ".join(found) + ").",
                    "an embedded (data:) image still carries metadata (" + ", ".join(found) + ").",
                )
            )
    urls = []
    for url in _urls_in(text, path.endswith(".css")):
        if not url or url.startswith(("#", "data:", "mailto:", "tel:", "javascript:")):
            continue
        ext = os.path.splitext(urlsplit(url).path)[1].lower()
        if ext in IMAGE_EXTENSIONS:
            urls.append(url)
    return problems, embedded, urls


def _markup_kind(path):
    return "svg" if path.endswith(".svg") else "css" if path.endswith(".css") else "markup"


def _facts_of_files(paths):
    """``_markup_facts`` of each file (run in a worker too); None for an unreadable one."""
    results = []
    for path in paths:
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError:
            results.append(None)
            continue
        results.append((hashlib.sha256(raw).hexdigest(), _markup_facts(path, _text(raw))))
    return results


def _text(raw):
    return raw.decode("utf-8", errors="replace")


def _facts_ahead(paths, cache):
    """{path: (cache key, facts, from the cache)} of every readable markup file: from the
    cache, or found on every core (core.parallel) before the walk reports them in order.
    Each file is read and hashed once here, and looked up once."""
    ahead, missing = {}, []
    for path in paths:
        try:
            with open(path, "rb") as fh:
                sha = hashlib.sha256(fh.read()).hexdigest()
        except OSError:
            continue
        key = _cache_key(_markup_kind(path), sha) if cache is not None else None
        facts = cache.get(key) if key is not None else None
        if facts is None:
            missing.append((path, sha, key))
        else:
            ahead[path] = (key, facts, True)
    found = map_chunks(_facts_of_files, [path for path, _sha, _key in missing])
    for (path, sha, key), result in zip(missing, found):
        if result is not None and result[0] == sha:  # the bytes the key was made from
            ahead[path] = (key, result[1], False)
    return ahead


def _check_markup_file(root, path, rel, report, cache=None, ahead=None):
    kind = _markup_kind(path)
    if ahead and path in ahead:
        key, facts, cached = ahead[path]
    else:
        with open(path, "rb") as fh:
            raw = fh.read()
        key, facts = _cached(cache, kind, raw)
        cached = facts is not None
        if facts is None:
            facts = _markup_facts(path, _text(raw))
    if not cached and key is not None and not facts[0]:
        cache.put(key, facts)  # only files without a problem of their own
    problems, embedded, urls = facts
    for es, en in problems:
        report.problems.append(_problem(rel, es, en))
    report.embedded += embedded
    base_dir = os.path.dirname(path)
    for url in urls:
        report.referenced += 1
        target = _local_target(root, base_dir, url)
        if target is None:
            report.problems.append(
                _problem(
                    rel,
                    f"la imagen '{url}' viene de otro sitio web: el teléfono de quien "
                    "lee se conectaría a otro servidor.",
                    f"the image '{url}' comes from another host: the reader's phone "
                    "would contact another server.",
                )
            )
        elif not os.path.isfile(target):
            report.problems.append(
                _problem(
                    rel,
                    f"la imagen '{url}' no está en el sitio construido.",
                    f"the image '{url}' is missing from the built site.",
                )
            )


def _pdf_image_streams(reader):
    """Every image XObject of a PDF (pages, nested forms, soft masks)."""
    seen = set()
    stack = []
    for page in reader.pages:
        stack.append(page.get("/Resources"))
    while stack:
        resources = stack.pop()
        if resources is None:
            continue
        resources = resources.get_object()
        xobjects = resources.get("/XObject")
        if xobjects is None:
            continue
        for ref in xobjects.get_object().values():
            key = getattr(ref, "idnum", None)
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            obj = ref.get_object()
            subtype = obj.get("/Subtype")
            if subtype == "/Image":
                yield obj
                smask = obj.get("/SMask")
                if smask is not None:
                    yield smask.get_object()
            elif subtype == "/Form":
                stack.append(obj.get("/Resources"))


def _check_pdf(path, rel, report, cache=None):
    report.pdfs += 1
    key = None
    if cache is not None:
        with open(path, "rb") as fh:
            key, clean_images = _cached(cache, "pdf", fh.read())
        if clean_images is not None:
            report.pdf_images += clean_images
            return
    # pypdf only on a cache miss: importing it is ~1 s of a warm build.
    from pypdf import PdfReader

    problems_before = len(report.problems)
    images_before = report.pdf_images
    _check_pdf_images(path, rel, report, PdfReader)
    if key is not None and len(report.problems) == problems_before:
        cache.put(key, report.pdf_images - images_before)


def _check_pdf_images(path, rel, report, PdfReader):
    try:
        reader = PdfReader(path)
        images = list(_pdf_image_streams(reader))
    except Exception as exc:
        report.problems.append(
            _problem(
                rel,
                f"no se pudo leer el PDF ({exc.__class__.__name__}).",
                f"the PDF could not be read ({exc.__class__.__name__}).",
            )
        )
        return
    for n, image in enumerate(images, 1):
        report.pdf_images += 1
        found = []
        if "/Metadata" in image:
            found.append("XMP")
        filters = image.get("/Filter")
        filters = [filters] if isinstance(filters, str) else list(filters or [])
        if "/DCTDecode" in filters or "/JPXDecode" in filters:
            data = image.get_data()  # pypdf leaves DCT/JPX data encoded
            found += image_bytes_problems(data) if "/DCTDecode" in filters else []
            if "/JPXDecode" in filters and b"xml " in data[:4096]:
                found.append("JPEG 2000 XML")
        if found:
            report.problems.append(
                _problem(
                    rel,
                    f"la imagen {n} del PDF conserva metadatos ("
                    + ", ".join(found)
                    + "). Rehaga el PDF con las imágenes limpias de Voces.",
                    f"image {n} in the PDF still carries metadata ("
                    + ", ".join(found)
                    + "). Rebuild the PDF with Voces' cleaned images.",
                )
            )


def scan_tree(root, cache=None):
    """Walk a built site; return a Report with counts and problems.

    ``cache`` (see ``clean_files_cache``) remembers, by SHA-256 of the bytes, image
    and PDF files found clean and what a markup file references; a file with a
    problem is never remembered, and whether a referenced image exists is checked
    on every build.
    """
    root = os.path.abspath(root)
    report = Report()
    markup = [
        os.path.join(dirpath, name)
        for dirpath, _dirnames, filenames in os.walk(root)
        for name in filenames
        if os.path.splitext(name)[1].lower() in MARKUP_EXTENSIONS
    ]
    ahead = _facts_ahead(markup, cache)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, os.path.dirname(root))
            ext = os.path.splitext(name)[1].lower()
            if ext == ".pdf":
                _check_pdf(path, rel, report, cache)
            elif ext in MARKUP_EXTENSIONS:
                _check_markup_file(root, path, rel, report, cache, ahead)
            elif ext in IMAGE_EXTENSIONS:
                _check_image_file(path, rel, report, cache)
            elif ext in AUDIO:
                continue  # an M4A starts with "ftyp" like HEIF; the audio plugin checks it
            else:
                with open(path, "rb") as fh:
                    head = fh.read(16)
                if _looks_like_image(head):
                    _check_image_file(path, rel, report, cache)
    if cache is not None:
        cache.save()
    return report


def clean_files_cache(folder, writable=True):
    """The cache of checked files for this checker's code and libraries."""
    if not folder:
        return None
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    libraries = code_digest((), ("pillow", "pillow-heif", "pypdf"))
    return ResultCache(
        folder,
        "revisadas",
        fingerprint(code, libraries, "images_check/1"),
        keep=2,
        writable=writable,
    )


def check_tree(path):
    """Problems found in a built site (empty list: every image is clean)."""
    return scan_tree(path).problems


def report_folder(path, out=None) -> int:
    """``voces verificar-imagenes``: print each problem and a summary; the exit status.

    0 when every image of the built folder ``path`` is clean, 1 when one carries
    metadata, 2 when the folder does not exist.
    """
    path = str(path)
    out = out or sys.stdout
    if not os.path.isdir(path):
        out.write(
            f"No existe la carpeta '{path}'. Construya el sitio primero "
            f"(voces construir). / The folder '{path}' does not exist. "
            "Build the site first (voces build).\n"
        )
        return 2
    report = scan_tree(path)
    for line in report.problems:
        out.write(line + "\n")
    summary_es = (
        f"{report.images} imágenes revisadas ({report.image_files} archivos, "
        f"{report.pdf_images} dentro de {report.pdfs} PDF, {report.embedded} "
        f"incrustadas); {report.referenced} referencias desde páginas."
    )
    summary_en = (
        f"{report.images} images checked ({report.image_files} files, "
        f"{report.pdf_images} inside {report.pdfs} PDFs, {report.embedded} "
        f"embedded); {report.referenced} references from pages."
    )
    if report.problems:
        out.write(
            f"{len(report.problems)} problemas. {summary_es} NO PUBLIQUE todavía. / "
            f"{len(report.problems)} problems. {summary_en} Do NOT publish yet.\n"
        )
        return 1
    out.write(f"Todo limpio. {summary_es} / All clean. {summary_en}\n")
    return 0
