"""WeasyPrint rendering of the printable edition, with a content-addressed cache.

The HTML comes from ``theme/templates/edition_print.html`` (the same template the
site's Ctrl+P page uses); the look from ``theme/static/print/*.css``. Every
resource is a local file: the URL fetcher refuses anything else, so a PDF can
never carry a remote image or font. A WeasyPrint warning that means a broken
edition (an image or font that failed to load, an unknown CSS property, anything
not known to be harmless) fails the render; a notice about the machine (no
HarfBuzz-Subset library: fonts are subset with fontTools instead) does not, and
``machine_notes()`` tells ``voces revisar`` how to install what is missing.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import os
import re
import sys
import tempfile
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.cache_files import file_sha256

# WeasyPrint (and pydyf) are imported only when a PDF is made: importing them costs
# about a second, paid by every build and by ``voces revisar`` otherwise.

logger = logging.getLogger(__name__)

#: Bumped when the way PDFs are made changes in a way the inputs do not show.
RECIPE = "voces-editions-3"
PRODUCER = "Voces"


class RenderProblem(Exception):
    """WeasyPrint warned or failed; the message is bilingual and names the edition."""


class SheetWarned(RenderProblem):
    """A style sheet WeasyPrint warned about: the PDF will fail, so it is not laid out.
    weasyprint_warnings_fail turns it into the RenderProblem naming the warnings."""


#: WeasyPrint warnings about the machine, not the edition: the PDF is still right.
#: (pattern, Spanish and English advice for ``voces revisar``)
MACHINE_NOTICES = (
    (
        "Using fontTools instead of HarfBuzz-Subset",
        "Falta la biblioteca HarfBuzz-Subset: los PDF salen bien pero más despacio. "
        "Instálela: sudo apt install libharfbuzz-subset0 (Debian/Ubuntu), "
        "brew install harfbuzz (macOS). / The HarfBuzz-Subset library is missing: the "
        "PDFs are right but slower. Install it: sudo apt install libharfbuzz-subset0 "
        "(Debian/Ubuntu), brew install harfbuzz (macOS).",
    ),
)


def machine_notice(message: str) -> str | None:
    """The advice for a WeasyPrint message that is about the machine, else None."""
    for pattern, advice in MACHINE_NOTICES:
        if pattern in message:
            return advice
    return None


#: The names WeasyPrint 70 tries for HarfBuzz and HarfBuzz-Subset (weasyprint/text/ffi.py).
HARFBUZZ_NAMES = (
    "libharfbuzz-0", "harfbuzz", "harfbuzz-0.0", "libharfbuzz.so.0", "libharfbuzz.0.dylib",
    "libharfbuzz-0.dll",
)  # fmt: skip
HARFBUZZ_SUBSET_NAMES = (
    "libharfbuzz-subset-0", "harfbuzz-subset", "harfbuzz-subset-0.0",
    "libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll",
)  # fmt: skip


def _open_library(names):
    """The first of ``names`` the system loads (ctypes), else None."""
    import ctypes
    import ctypes.util

    # The names as they are first ("libharfbuzz.so.0" loads at once on Debian), then
    # through find_library (which may run ldconfig).
    for candidate in itertools.chain(names, (ctypes.util.find_library(n) for n in names)):
        if candidate:
            try:
                return ctypes.CDLL(candidate)
            except OSError:
                continue
    return None


def machine_notes() -> list[str]:
    """What this machine lacks for making PDFs well (for ``voces revisar``).

    Asks WeasyPrint if it is loaded already; otherwise looks for the libraries by the
    names WeasyPrint uses, without importing it (a second of ``voces revisar``)."""
    ffi = sys.modules.get("weasyprint.text.ffi")
    try:
        if ffi is not None:
            harfbuzz, subset = ffi.harfbuzz, ffi.harfbuzz_subset
        else:
            harfbuzz = _open_library(HARFBUZZ_NAMES)
            subset = _open_library(HARFBUZZ_SUBSET_NAMES)
            if harfbuzz is None:
                return []  # WeasyPrint cannot run at all: the build says so when it renders
        if subset is None or not harfbuzz.hb_version_atleast(4, 1, 0):
            return [MACHINE_NOTICES[0][1]]
    except Exception:
        return []
    return []


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []
        self.notices: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())

    def quiet_notices(self, record) -> bool:
        """Logger filter: a machine notice is noted here, not logged as a warning."""
        if record.levelno >= logging.WARNING and machine_notice(record.getMessage()):
            self.notices.append(record.getMessage())
            return False
        return True


@contextmanager
def weasyprint_warnings_fail(label: str):
    """Collect WeasyPrint's warnings while rendering; raise if there were any."""
    collector = _Collector()
    wp_logger = logging.getLogger("weasyprint")
    wp_logger.addHandler(collector)
    wp_logger.addFilter(collector.quiet_notices)
    stopped = None
    try:
        yield
    except SheetWarned as problem:
        stopped = problem  # the collector holds the sheet's warnings: raised below
    finally:
        wp_logger.removeFilter(collector.quiet_notices)
        wp_logger.removeHandler(collector)
    for advice in dict.fromkeys(filter(None, map(machine_notice, collector.notices))):
        logger.info("Ediciones / editions: %s", advice)
    if collector.messages:
        details = " | ".join(dict.fromkeys(collector.messages))
        raise RenderProblem(
            f"{label}: WeasyPrint avisó de un problema al hacer el PDF; revise la hoja de estilo "
            f"de impresión o la imagen nombrada: {details} / WeasyPrint warned while making the "
            f"PDF; check the print stylesheet or the image named: {details}"
        )
    if stopped is not None:  # warned, but nothing reached the collector: still a failure
        raise RenderProblem(
            f"{label}: WeasyPrint avisó de un problema en la hoja de estilo de impresión "
            f"({stopped}) / WeasyPrint warned about the print stylesheet"
        )


@functools.cache
def _fetcher_class():
    """The fetcher's class, made on first use: it subclasses WeasyPrint's."""
    import weasyprint

    class LocalOnlyFetcher(weasyprint.URLFetcher):
        def __init__(self, allowed_roots):
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self.roots = [Path(root).resolve() for root in allowed_roots]

        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if not any(path == root or root in path.parents for root in self.roots):
                    raise ValueError(f"archivo fuera del sitio / file outside the site: {path}")
            elif not url.startswith("data:"):
                raise ValueError(
                    f"recurso no permitido en el PDF / resource not allowed in the PDF: {url}"
                )
            if url.startswith("file:") and path.suffix == ".woff2":
                font = _font_tables(str(path))
                if font is not None:
                    return weasyprint.urls.URLFetcherResponse(url, body=font)
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def _font_tables(path: str) -> bytes | None:
    """The theme font at ``path`` as plain font tables (TrueType/OpenType), or None.

    WeasyPrint unpacks a WOFF2 font with fontTools for every PDF (0.08 s a font, ~1 s of
    a small edition's three PDFs); it takes unpacked tables as they are. So each font is
    unpacked once per process, keyed by the SHA-256 of its bytes (a font replaced by one
    of the same size and date is still read anew).
    """
    try:
        with open(path, "rb") as handle:
            packed = handle.read()
    except OSError:
        return None
    if packed[:4] != b"wOF2":
        return None
    return _unpacked_font(hashlib.sha256(packed).hexdigest(), packed)


_UNPACKED: dict[str, bytes | None] = {}


def _unpacked_font(digest: str, packed: bytes) -> bytes | None:
    if digest not in _UNPACKED:
        from io import BytesIO

        from fontTools.ttLib import woff2

        try:
            out = BytesIO()
            woff2.decompress(BytesIO(packed), out)
            _UNPACKED[digest] = out.getvalue()
        except Exception:  # WeasyPrint reads the file itself, and says what is wrong
            _UNPACKED[digest] = None
    return _UNPACKED[digest]


#: The style sheets the print templates link (``<link rel="stylesheet" href="...">``).
SHEET_LINK = re.compile(r'<link rel="stylesheet" href="(file:[^"]+)">')


def with_parsed_sheets(html: str, fetcher):
    """(html without its style sheet links, options for ``HTML.render``).

    WeasyPrint parses a linked style sheet again for every document, a quarter of the
    time of a small edition's PDF, and an edition is rendered three to six times (colour,
    moved stories, page-foot pieces, printer's sheet). So each sheet is parsed once per
    process (keyed by its address and the SHA-256 of its bytes and of every file it
    names, fonts included) with one font configuration, and handed to ``render`` in the links' order; the HTML keeps no link,
    so nothing is applied twice. The print templates set no style in the HTML itself,
    so the sheets win the cascade as the links did (the PDFs are the same bytes).
    A sheet keeps the warnings WeasyPrint gave while parsing it and gives them again at
    each use: a second build in one process (``voces ver``) fails as the first did. A
    sheet with warnings raises SheetWarned before any layout (the PDF would fail anyway).
    """
    import weasyprint
    from weasyprint.css.counters import CounterStyle
    from weasyprint.text.fonts import FontConfiguration

    global _FONT_CONFIG, _COUNTER_STYLE
    if _FONT_CONFIG is None:
        _FONT_CONFIG, _COUNTER_STYLE = FontConfiguration(), CounterStyle()
    sheets = []
    warned = False
    wp_logger = logging.getLogger("weasyprint")
    for url in SHEET_LINK.findall(html):
        key = (url, _sheet_digest(unquote(urlsplit(url).path)))
        if key not in _SHEETS:
            said = _Collector()  # what WeasyPrint warns about the sheet as it parses it
            wp_logger.addHandler(said)
            try:
                sheet = weasyprint.CSS(
                    url=url,
                    url_fetcher=fetcher,
                    font_config=_FONT_CONFIG,
                    counter_style=_COUNTER_STYLE,
                )
            finally:
                wp_logger.removeHandler(said)
            _SHEETS[key] = (sheet, said.messages)
        else:  # warned again each time it is used: every PDF made with it fails
            for message in _SHEETS[key][1]:
                wp_logger.warning("%s", message)
        sheets.append(_SHEETS[key][0])
        warned = warned or bool(_SHEETS[key][1])
    if warned:  # every sheet's warnings are said first
        raise SheetWarned("hoja de estilo con avisos / style sheet with warnings")
    options = {
        "stylesheets": sheets,
        "font_config": _FONT_CONFIG,
        "counter_style": _COUNTER_STYLE,
    }
    return SHEET_LINK.sub("", html), options


_FONT_CONFIG = None
_COUNTER_STYLE = None
_SHEETS: dict = {}
#: ``url(...)`` and ``@import "..."`` in a style sheet: fonts, images and other sheets
#: it loads when it is parsed.
SHEET_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)|@import\s+["']([^"']+)""")


def _sheet_digest(path: str, depth: int = 0) -> str:
    """SHA-256 of a style sheet and of the local files it names (``url(...)``, and
    sheets it ``@import``s, with what they name): an edit to any of them (even one that
    keeps the size and date) parses the sheet again."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return "missing"
    digest = hashlib.sha256(data)
    for url, imported in SHEET_URL.findall(data.decode("utf-8", errors="replace")):
        ref = url or imported
        if ref.startswith("data:") or urlsplit(ref).scheme:
            continue
        named = Path(path).parent / unquote(urlsplit(ref).path)
        digest.update(ref.encode())
        if named.suffix.lower() == ".css" and depth < 4:
            digest.update(_sheet_digest(str(named), depth + 1).encode())
        else:
            digest.update(file_sha256(str(named)).encode() if named.is_file() else b"missing")
    return digest.hexdigest()


def local_only_fetcher(allowed_roots):
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and files under the allowed
    folders; nothing else."""
    return _fetcher_class()(allowed_roots)


def _finisher(document, pdf):
    """No person in the metadata: producer "Voces", no creator, no author."""
    import pydyf

    pdf.info["Producer"] = pydyf.String(PRODUCER)
    for key in ("Creator", "Author"):
        pdf.info.pop(key, None)


def drop_local_links(rendered) -> None:
    """No link in a PDF may point at the building machine (``file:///home/<user>/...``).

    Links are made absolute on the site's address before rendering
    (``print_content.absolute_link``); anything still local here loses its link (the
    text stays), so a folder or user name of the editor's laptop is never printed.
    """
    for page in rendered.pages:
        page.links[:] = [
            link
            for link in page.links
            if not (link[0] == "external" and str(link[1]).lower().startswith("file:"))
        ]


def render_pdf(html: str, base_url: str, allowed_roots, label: str) -> bytes:
    """Render ``html`` with the style sheets it links (parsed once per process,
    ``with_parsed_sheets``); tagged, fonts embedded, metadata clean."""
    fetcher = local_only_fetcher(allowed_roots)
    with weasyprint_warnings_fail(label):
        try:
            import weasyprint

            html, options = with_parsed_sheets(html, fetcher)
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
            rendered = document.render(pdf_tags=True, dpi=300, jpeg_quality=85, **options)
            drop_local_links(rendered)
            rendered.metadata.authors = []
            rendered.metadata.generator = None
            data = rendered.write_pdf(finisher=_finisher, pdf_tags=True)
        except RenderProblem:
            raise
        except Exception as error:  # WeasyPrint's own failure: say where, not a traceback
            raise RenderProblem(
                f"{label}: WeasyPrint no pudo hacer el PDF ({type(error).__name__}: {error}). "
                f"Revise la hoja de estilo de impresión (theme/static/print/). / WeasyPrint "
                f"could not make the PDF. Check the print stylesheet."
            ) from error
    return data


def cache_key(*parts) -> str:
    """A hash of everything that makes a PDF: strings, bytes and files (by content)."""
    digest = hashlib.sha256(RECIPE.encode())
    digest.update(metadata.version("weasyprint").encode())  # without importing it
    for part in parts:
        if isinstance(part, Path):
            digest.update(b"file:" + part.name.encode())
            if part.suffix.lower() == ".css":  # with the sheets and files it names
                digest.update(_sheet_digest(str(part)).encode())
            else:
                digest.update(hashlib.sha256(part.read_bytes()).digest())
        elif isinstance(part, bytes):
            digest.update(hashlib.sha256(part).digest())
        else:
            digest.update(hashlib.sha256(str(part).encode()).digest())
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that no reader ever sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # readable by the web server, like Pelican's own files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cached(cache_dir: Path, key: str, make) -> tuple[Path, bool]:
    """Return (path of the cached file, True if it was already there)."""
    path = cache_dir / f"{key}.pdf"
    if path.is_file() and path.stat().st_size > 0:
        os.utime(path)  # used by this build (after_build keeps it)
        return path, True
    write_atomic(path, make())
    return path, False
