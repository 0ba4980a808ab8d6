"""Assembling the printable edition: one HTML source, three PDFs.

``edition_print.html`` is rendered twice per edition for the PDFs (colour and
black-and-white, with file URIs of clean print JPEGs) and once for the site's
Ctrl+P page (with the site's own copies of those JPEGs). The booklet is the
imposed black-and-white (or colour) PDF.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from html import unescape
from pathlib import Path

from markupsafe import Markup

from voces_plugins.images import print_image  # the one clean pipeline for every printed image

from . import booklet, layout, model, pdf, printer_sheet, qr
from .print_content import ImageIndex, UntraceableImage, for_print, links_for_print
from .print_text import for_paper, short_address

logger = logging.getLogger(__name__)

VARIANTS = ("color", "bw")
#: Prepared one-page pieces, in the order they are used to fill the edition up to a
#: multiple of 4 pages: cut-out help cards, the association's notice, notes.
FILLERS = ("tarjeta", "aviso", "notas", "citas")
PAPER_MM = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
MARGIN_MM = 14.0
COLUMN_GAP_MM = 6.0
PAPER_NAMES = {"letter": "Carta / Letter", "a4": "A4"}


def text_width_mm(paper: str) -> float:
    return PAPER_MM[paper][0] - 2 * MARGIN_MM


def column_width_mm(paper: str) -> float:
    return (text_width_mm(paper) - COLUMN_GAP_MM) / 2


#: Tallest a drawing is shown on paper (theme/static/print/print.css): the front
#: cover's drawing box, a story's cover, a drawing in a story's columns. A drawing is
#: made 300 dpi at the width it is shown at, not at the width of its box: a portrait
#: story cover 85 mm tall is 64 mm wide, and a JPEG made for the full 188 mm text
#: width carried 9 times its pixels into every PDF (the 2.5 MB sample edition).
COVER_PAGE_HEIGHT_MM = 118.0
STORY_COVER_HEIGHT_MM = 85.0
BODY_IMAGE_HEIGHT_MM = 150.0
#: Resolution of the drawings in the colour PDF offered on the site (see build_pdfs).
SITE_COLOUR_DPI = 200


def shown_width_mm(path: Path, box_width_mm: float, max_height_mm: float) -> float:
    """Width a drawing is shown at in a box ``box_width_mm`` wide and at most
    ``max_height_mm`` tall (kept in proportion, upright as its EXIF says)."""
    from PIL import Image

    try:
        with Image.open(path) as im:
            width, height = im.size
            if im.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # turned a quarter
                width, height = height, width
    except OSError:  # the print pipeline says what is wrong with the file
        return box_width_mm
    if not width or not height:
        return box_width_mm
    return min(box_width_mm, max_height_mm * width / height)


def body_html(article) -> str:
    """The article's HTML as ``article.content`` gives it, without memoizing it.

    ``Content.get_content`` is memoized; calling it this early would freeze the body
    before the images plugin rewrites its drawings for the web.
    """
    return article._update_content(article._content, article.get_siteurl())


#: Article metadata that keeps a real photograph in greys in the B/W PDFs instead of
#: turning it into line art (written ``impresion_foto: sí``; ``print_photo: yes``).
PHOTO_FIELDS = ("impresion_foto", "print_photo")
YES = {"si", "sí", "yes", "true", "1", "x"}


def is_photo(article) -> bool:
    for name in PHOTO_FIELDS:
        value = getattr(article, name, None)
        if isinstance(value, bool):
            return value
        if value is not None and str(value).strip().lower() in YES:
            return True
    return False


def site_address_is_placeholder(settings, cfg) -> bool:
    """True while the QR codes would point at the sample address (no VOCES_SITEURL)."""
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    return not siteurl.startswith(("http://", "https://")) or siteurl == cfg[
        "placeholder_siteurl"
    ].rstrip("/")


def placeholders(settings, cfg, directory) -> list[str]:
    """What in the printed edition is sample data, as bilingual lines (empty: none)."""
    found = []
    if site_address_is_placeholder(settings, cfg):
        found.append(
            f"la dirección del sitio es la de ejemplo ({cfg['placeholder_siteurl']}): ponga la "
            f"dirección real en VOCES_SITEURL (voces.local.toml o el entorno) / the site address "
            f"is the sample one: set the real address in VOCES_SITEURL"
        )
    examples = [e.get("id", "?") for e in (directory or {}).get("entries", []) if e.get("example")]
    if examples:
        found.append(
            f"content/directorio.toml tiene {len(examples)} dato(s) de ejemplo "
            f"({', '.join(examples)}): llame y confirme cada uno y ponga example = false, o "
            f"bórrelo / content/directorio.toml has {len(examples)} sample entr(y/ies): call "
            f"and confirm each one and set example = false, or delete it"
        )
    return found


def audio_qr(settings, cfg, article, print_only) -> dict:
    """The second QR code, «Escuche esta historia», when the story's sound is on the web."""
    listen = None if print_only else getattr(article, "audio_listen_url", None)
    url = qr.absolute_url(settings, cfg, listen) if listen else None
    return {"audio_url": url, "audio_qr": Markup(qr.qr_svg(url)) if url else None}


def pdf_names(edition) -> dict:
    stem = f"voces-{edition.nn}"
    return {
        "color": f"{stem}.pdf",
        "bw": f"{stem}-bn.pdf",
        "booklet": f"{stem}-cuadernillo.pdf",
        "printer": f"{stem}-imprenta.pdf",
    }


class PrintableEdition:
    """Builds the print HTML of one edition for a target (PDF or site)."""

    def __init__(self, generator, edition, cfg, print_only_ids, include_print_only=False):
        self.generator = generator
        self.settings = generator.settings
        self.edition = edition
        self.cfg = cfg
        self.print_only_ids = print_only_ids
        # Print-only stories (consent for paper, not internet) go only into the
        # copy-shop PDFs, which are never written into the site.
        self.include_print_only = include_print_only
        self.content_root = Path(generator.path)
        self.theme_static = Path(generator.theme) / "static"
        self.index = ImageIndex(self.content_root, self.settings.get("SITEURL", ""))
        self.used_images: list[Path] = []
        self.moved: list[str] = []  # slugs of stories moved to a new page (layout.py)
        self.report: dict = {}  # layout.Report of the last PDFs made (pages, fill...)
        self._last_colour: Path | None = None

    # -- images ------------------------------------------------------------
    def _image(
        self,
        rel: str,
        width_mm: float,
        greyscale: bool,
        scan_cleanup: bool = False,
        line_art: bool = False,
    ):
        path = Path(
            print_image(
                self.settings,
                rel,
                width_mm,
                greyscale=greyscale,
                scan_cleanup=scan_cleanup,
                line_art=line_art,
            )
        )
        self.used_images.append(path)
        return path

    def _shown(self, rel: str, box_width_mm: float, max_height_mm=BODY_IMAGE_HEIGHT_MM):
        return shown_width_mm(self.content_root / rel, box_width_mm, max_height_mm)

    # -- context -----------------------------------------------------------
    def items(self, image_uri):
        paper = self.cfg["paper"]
        result = []
        for article in self.edition.print_articles:
            label = model._source(article, self.content_root)
            print_only = id(article) in self.print_only_ids
            if print_only and not self.include_print_only:
                continue
            url = None if print_only else qr.absolute_url(self.settings, self.cfg, article.url)
            scan = bool(getattr(article, "scan_cleanup", False))
            photo = is_photo(article)
            cover = getattr(article, "image", None)
            cover_rel = None
            if cover:
                cover_rel = self.index.resolve({"src": str(cover)})
                if cover_rel is None:
                    raise UntraceableImage(
                        f"{label}: la imagen de portada '{cover}' no existe en content/. Revise el "
                        f"nombre del archivo. / the cover image '{cover}' does not exist in "
                        f"content/. Check the file name."
                    )
            result.append(
                {
                    "article": article,
                    "anchor": f"articulo-{article.slug}",
                    "section": getattr(getattr(article, "category", None), "name", ""),
                    "section_key": getattr(getattr(article, "category", None), "slug", ""),
                    "content": Markup(
                        for_paper(
                            for_print(
                                body_html(article),
                                self.index,
                                lambda rel: image_uri(
                                    rel, self._shown(rel, column_width_mm(paper)), scan, photo
                                ),
                                label,
                                # A print-only story has no page: its links resolve from the
                                # site's root, so no link names its unpublished address.
                                link_base=url or qr.absolute_url(self.settings, self.cfg, ""),
                            ),
                            qr.absolute_url(self.settings, self.cfg, ""),
                        )
                    ),
                    "cover_src": image_uri(
                        cover_rel,
                        self._shown(cover_rel, text_width_mm(paper), STORY_COVER_HEIGHT_MM),
                        scan,
                        photo,
                    )
                    if cover_rel
                    else None,
                    "cover_alt": getattr(article, "image_alt", "") or "",
                    "url": url,
                    "qr": Markup(qr.qr_svg(url)) if url else None,
                    "qr_code": qr.qr_code(url) if url else None,
                    "new_page": article.slug in self.moved,
                    "print_only": print_only,
                    # The audio plugin sets audio_listen_url only when the recording is
                    # on the website and may be announced on paper.
                    **audio_qr(self.settings, self.cfg, article, print_only),
                }
            )
        return result

    def context(self, *, for_pdf: bool, variant: str, stylesheets, image_uri):
        """Template context; the site's Ctrl+P page never gets a print-only story."""
        edition = self.edition
        text = edition.text("es")
        directory = self.generator.context.get("DIRECTORY") or {"categories": [], "entries": []}
        contact = next(
            (e for e in directory.get("entries", []) if e.get("id") == self.cfg["contact_entry"]),
            None,
        )
        cover_src = (
            image_uri(
                edition.cover,
                self._shown(edition.cover, text_width_mm(self.cfg["paper"]), COVER_PAGE_HEIGHT_MM),
                False,
            )
            if edition.cover
            else None
        )
        contact_id = contact.get("id") if contact else None
        back_categories = []
        for category in directory.get("categories", []):
            entries = [
                e
                for e in category.get("entries", [])
                if not e.get("emergency") and e.get("id") != contact_id
            ]
            if entries:  # never a heading without entries under it
                back_categories.append({**category, "entries": entries})
        return {
            **self.generator.context,
            "lang_override": "es",
            "alternates": [],
            "edition": edition,
            "edition_text": dataclasses.replace(
                text,
                editorial_html=Markup(
                    links_for_print(
                        str(text.editorial_html), qr.absolute_url(self.settings, self.cfg, "")
                    )
                ),
            ),
            "items": self.items(image_uri),
            "cover_src": cover_src,
            "for_pdf": for_pdf,
            "variant": variant,
            "paper": self.cfg["paper"],
            "stylesheets": stylesheets,
            "DIRECTORY": directory,
            "back_categories": back_categories,
            "emergency": [e for e in directory.get("entries", []) if e.get("emergency")],
            "contact": contact,
            "sample": bool(placeholders(self.settings, self.cfg, directory)),
            "site_address": qr.absolute_url(self.settings, self.cfg, ""),
            "site_address_short": short_address(qr.absolute_url(self.settings, self.cfg, "")),
            "fillers": FILLERS if for_pdf else (),
            "site_address_is_placeholder": site_address_is_placeholder(self.settings, self.cfg),
        }

    def stylesheet_paths(self, variant: str) -> list[Path]:
        folder = self.theme_static / "print"
        names = ["print.css", f"{self.cfg['paper']}.css"] + (["bw.css"] if variant == "bw" else [])
        return [folder / name for name in names]

    def render_html(self, **kwargs) -> str:
        template = self.generator.get_template("edition_print")
        return template.render(self.context(**kwargs))

    def pieces_html(self, stylesheets) -> str:
        """The prepared pieces for empty page feet, one a page (layout.fill_feet)."""
        directory = self.generator.context.get("DIRECTORY") or {"entries": []}
        entries = directory.get("entries", [])
        return self.generator.get_template("edition_print_pieces").render(
            {
                **self.generator.context,
                "lang_override": "es",
                "stylesheets": stylesheets,
                "paper": self.cfg["paper"],
                "emergency": [e for e in entries if e.get("emergency")],
                "contact": next(
                    (e for e in entries if e.get("id") == self.cfg["contact_entry"]), None
                ),
                "site_address_short": short_address(qr.absolute_url(self.settings, self.cfg, "")),
            }
        )

    # -- PDFs --------------------------------------------------------------
    def build_pdfs(self, cache_dir: Path) -> dict:
        """Render (or take from the cache) the colour, b/w and booklet PDFs.

        The edition is laid out once (layout.py): the colour PDF, then the same
        layout in black and white with every drawing as line art.
        """
        edition = self.edition
        kind = "imprenta / copy shop" if self.include_print_only else "sitio / site"
        names = pdf_names(edition)
        results = {}
        started = time.perf_counter()
        self.used_images = []
        line_art = {}  # colour print JPEG -> its black-and-white version

        # Readers download the site's colour PDF on prepaid data and read it on a
        # phone or print it at home: its drawings are made at SITE_COLOUR_DPI. The copy
        # shop's PDFs keep 300 dpi; black and white is 300 dpi line art everywhere.
        colour_scale = 1.0 if self.include_print_only else SITE_COLOUR_DPI / 300

        def image_uri(rel, width, scan=False, photo=False):
            colour = self._image(rel, width * colour_scale, False, scan)
            # Photocopies: every drawing as line art, unless the story says it is a
            # photograph (impresion_foto: sí).
            line_art[str(colour)] = self._image(rel, width, True, scan, line_art=not photo)
            return colour.as_uri()

        sheets = self.stylesheet_paths("color")

        rendered = {}

        def html_for(moved):
            if tuple(moved) not in rendered:  # the first one is made once, for the key too
                self.moved = list(moved)
                rendered[tuple(moved)] = self.render_html(
                    for_pdf=True,
                    variant="color",
                    stylesheets=[p.as_uri() for p in sheets],
                    image_uri=image_uri,
                )
            return rendered[tuple(moved)]

        html = html_for([])
        pieces = self.pieces_html([p.as_uri() for p in sheets])  # for the key and the layout
        fonts = sorted((self.theme_static / "fonts").glob("*.woff*"))
        key = pdf.cache_key(
            self._portable(html),
            self._portable(pieces),
            self.cfg["paper"],
            self.cfg["pages"],
            *sheets,
            *self.used_images,
            *fonts,
            Path(layout.__file__),
        )
        label = f"{edition.source} ({names['color']}, {kind})"
        roots = [self.theme_static, *{p.parent for p in self.used_images}]
        made = {}

        def make(variant):
            if not made:
                made.update(
                    layout.make(
                        html_for,
                        self.theme_static.as_uri() + "/",
                        roots,
                        label,
                        line_art,
                        self.cfg["pages"],
                        pieces_html=lambda: pieces,
                    )
                )
                report_path = cache_dir / f"{key}.json"
                pdf.write_atomic(report_path, json.dumps(made["report"].as_dict()).encode())
            return made[variant]

        for variant in VARIANTS:
            path, hit = pdf.cached(cache_dir, f"{key}-{variant}", lambda v=variant: make(v))
            results[variant] = path
        self._last_colour = results["color"]
        self.report = self._read_report(cache_dir / f"{key}.json")
        self.report["hit"] = hit
        self.report["seconds"] = round(time.perf_counter() - started, 1)
        logger.info(
            "Edición %s: %s y %s [%s] %s en %.1f s / edition %s: %s and %s %s in %.1f s",
            edition.number,
            names["color"],
            names["bw"],
            kind,
            "(caché)" if hit else "hechos",
            time.perf_counter() - started,
            edition.number,
            names["color"],
            names["bw"],
            "(cached)" if hit else "rendered",
            time.perf_counter() - started,
        )
        layout.log_report(edition, self.report)
        started = time.perf_counter()
        source = results[self.cfg["booklet_variant"]]
        source_bytes = source.read_bytes()
        key = pdf.cache_key(
            "booklet", source_bytes, self.cfg["booklet_sheet"], Path(booklet.__file__)
        )

        def make_booklet():
            try:
                return booklet.impose(
                    source_bytes, self.cfg["booklet_sheet"], title=self.pdf_title(), lang="es"
                )
            except Exception as error:  # say which edition, not a traceback
                raise pdf.RenderProblem(
                    f"{edition.source} ({names['booklet']}): no se pudo armar el cuadernillo "
                    f"({type(error).__name__}: {error}). / the booklet could not be imposed."
                ) from error

        path, hit = pdf.cached(cache_dir, key, make_booklet)
        results["booklet"] = path
        logger.info(
            "Edición %s: %s [%s] %s en %.1f s / edition %s: %s %s in %.1f s",
            edition.number,
            names["booklet"],
            kind,
            "(caché)" if hit else "hecho",
            time.perf_counter() - started,
            edition.number,
            names["booklet"],
            "(cached)" if hit else "imposed",
            time.perf_counter() - started,
        )
        results["printer"] = self.printer_sheet(cache_dir, self.report.get("pages"), label)
        return results

    def printer_sheet(self, cache_dir: Path, pages: int | None, label: str) -> Path:
        """The copy shop's instructions (paper, sheets, duplex, short edge, 100 %)."""
        if not pages:
            # pypdf only here, when the layout report is gone: importing it costs ~1 s
            # of a warm build, which knows the page count from the report.
            from pypdf import PdfReader

            pages = len(PdfReader(self._last_colour).pages) if self._last_colour else 4
        # Its own small stylesheet: one font family, so the PDF is quick to make.
        sheets = [self.theme_static / "print" / "printer-sheet.css"]
        html = self.generator.get_template("edition_printer_sheet").render(
            {
                **self.generator.context,
                "edition": self.edition,
                "stylesheets": [p.as_uri() for p in sheets],
                "instructions": printer_sheet.instructions(
                    pages, self.cfg["paper"], self.cfg["booklet_sheet"]
                ),
            }
        )
        fonts = sorted((self.theme_static / "fonts").glob("*.woff*"))
        key = pdf.cache_key("printer-sheet", self._portable(html), *sheets, *fonts)
        path, _hit = pdf.cached(
            cache_dir,
            key,
            lambda: pdf.render_pdf(
                html, self.theme_static.as_uri() + "/", [self.theme_static], label
            ),
        )
        return path

    def _portable(self, html: str) -> str:
        """``html`` for a cache key, without the folders it was made in.

        The HTML names the theme's style sheets and the cached print images by their
        ``file://`` address. What those files hold is hashed into the key by content
        (sheets, fonts, images), so their folders only stop a moved or copied project,
        or another cache folder, from finding PDFs it already made.
        """
        html = html.replace(self.theme_static.as_uri(), "voces-theme:")
        for folder in sorted({p.parent.as_uri() for p in self.used_images}, key=len, reverse=True):
            html = html.replace(folder, "voces-images:")
        return html

    @staticmethod
    def _read_report(path: Path) -> dict:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def pdf_title(self) -> str:
        """The booklet's PDF title: plain text (the edition's title is stored escaped)."""
        text = self.edition.text("es")
        return (
            f"{self.settings.get('SITENAME', 'Voces')} {self.edition.number}: "
            f"{unescape(text.title)}"
        )
