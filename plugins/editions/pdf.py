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

import hashlib
import logging
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint

logger = logging.getLogger(__name__)

#: Bumped when the way PDFs are made changes in a way the inputs do not show.
RECIPE = "voces-editions-3"
PRODUCER = "Voces"


class RenderProblem(Exception):
    """WeasyPrint warned or failed; the message is bilingual and names the edition."""


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


def machine_notes() -> list[str]:
    """What this machine lacks for making PDFs well (for ``voces revisar``)."""
    try:
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
    except Exception:
        return []
    if harfbuzz_subset is None or not harfbuzz.hb_version_atleast(4, 1, 0):
        return [MACHINE_NOTICES[0][1]]
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
    try:
        yield
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


class LocalOnlyFetcher(weasyprint.URLFetcher):
    """Serves ``data:`` URLs and files under the allowed folders; nothing else."""

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
        return super().fetch(url, headers)


def _finisher(document, pdf):
    """No person in the metadata: producer "Voces", no creator, no author."""
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


def render_pdf(
    html: str, base_url: str, stylesheets: list[Path], allowed_roots, label: str
) -> bytes:
    """Render ``html`` with ``stylesheets``; tagged, fonts embedded, metadata clean."""
    fetcher = LocalOnlyFetcher(allowed_roots)
    with weasyprint_warnings_fail(label):
        try:
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
            sheets = [
                weasyprint.CSS(filename=str(path), url_fetcher=fetcher) for path in stylesheets
            ]
            rendered = document.render(stylesheets=sheets, pdf_tags=True, dpi=300, jpeg_quality=85)
            drop_local_links(rendered)
            rendered.metadata.authors = []
            rendered.metadata.generator = None
            data = rendered.write_pdf(finisher=_finisher, pdf_tags=True)
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
    digest.update(weasyprint.__version__.encode())
    for part in parts:
        if isinstance(part, Path):
            digest.update(b"file:" + part.name.encode())
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
