"""Assembling the printable edition: one HTML source, three PDFs.

``edition_print.html`` is rendered twice per edition for the PDFs (colour and
black-and-white, with file URIs of clean print JPEGs) and once for the site's
Ctrl+P page (with the site's own copies of those JPEGs). The booklet is the
imposed black-and-white (or colour) PDF.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from html import unescape
from pathlib import Path

from markupsafe import Markup

from voces_plugins.images import print_image  # the one clean pipeline for every printed image

from . import booklet, model, pdf, qr
from .print_content import ImageIndex, UntraceableImage, for_print, links_for_print

logger = logging.getLogger(__name__)

VARIANTS = ("color", "bw")
PAPER_MM = {"letter": (215.9, 279.4), "a4": (210.0, 297.0)}
MARGIN_MM = 14.0
COLUMN_GAP_MM = 6.0
PAPER_NAMES = {"letter": "Carta / Letter", "a4": "A4"}


def text_width_mm(paper: str) -> float:
    return PAPER_MM[paper][0] - 2 * MARGIN_MM


def column_width_mm(paper: str) -> float:
    return (text_width_mm(paper) - COLUMN_GAP_MM) / 2


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


def audio_qr(settings, cfg, article, print_only) -> dict:
    """The second QR code, «Escuche esta historia», when the story's sound is on the web."""
    listen = None if print_only else getattr(article, "audio_listen_url", None)
    url = qr.absolute_url(settings, cfg, listen) if listen else None
    return {"audio_url": url, "audio_qr": Markup(qr.qr_svg(url)) if url else None}


def pdf_names(edition) -> dict:
    stem = f"voces-{edition.nn}"
    return {"color": f"{stem}.pdf", "bw": f"{stem}-bn.pdf", "booklet": f"{stem}-cuadernillo.pdf"}


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
                        for_print(
                            body_html(article),
                            self.index,
                            lambda rel: image_uri(rel, column_width_mm(paper), scan, photo),
                            label,
                            # A print-only story has no page: its links resolve from the
                            # site's root, so no link names its unpublished address.
                            link_base=url or qr.absolute_url(self.settings, self.cfg, ""),
                        )
                    ),
                    "cover_src": image_uri(cover_rel, text_width_mm(paper), scan, photo)
                    if cover_rel
                    else None,
                    "cover_alt": getattr(article, "image_alt", "") or "",
                    "url": url,
                    "qr": Markup(qr.qr_svg(url)) if url else None,
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
            image_uri(edition.cover, text_width_mm(self.cfg["paper"]), False)
            if edition.cover
            else None
        )
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
            "contact": contact,
            "site_address": qr.absolute_url(self.settings, self.cfg, ""),
            "site_address_is_placeholder": not (self.settings.get("SITEURL") or "").startswith(
                "http"
            ),
        }

    def stylesheet_paths(self, variant: str) -> list[Path]:
        folder = self.theme_static / "print"
        names = ["print.css", f"{self.cfg['paper']}.css"] + (["bw.css"] if variant == "bw" else [])
        return [folder / name for name in names]

    def render_html(self, **kwargs) -> str:
        template = self.generator.get_template("edition_print")
        return template.render(self.context(**kwargs))

    # -- PDFs --------------------------------------------------------------
    def build_pdfs(self, cache_dir: Path) -> dict:
        """Render (or take from the cache) the colour, b/w and booklet PDFs."""
        edition = self.edition
        kind = "imprenta / copy shop" if self.include_print_only else "sitio / site"
        names = pdf_names(edition)
        results = {}
        for variant in VARIANTS:
            started = time.perf_counter()
            self.used_images = []
            greyscale = variant == "bw"
            sheets = self.stylesheet_paths(variant)
            html = self.render_html(
                for_pdf=True,
                variant=variant,
                stylesheets=[p.as_uri() for p in sheets],
                # Photocopies: every drawing as line art, unless the story says it
                # is a photograph (impresion_foto: sí).
                image_uri=lambda rel, width, scan=False, photo=False, g=greyscale: self._image(
                    rel, width, g, scan, line_art=g and not photo
                ).as_uri(),
            )
            fonts = sorted((self.theme_static / "fonts").glob("*.woff*"))
            key = pdf.cache_key(
                html, variant, self.cfg["paper"], *sheets, *self.used_images, *fonts
            )
            label = f"{edition.source} ({names[variant]}, {kind})"
            roots = [self.theme_static, *{p.parent for p in self.used_images}]
            path, hit = pdf.cached(
                cache_dir,
                key,
                lambda: pdf.render_pdf(
                    html, self.theme_static.as_uri() + "/", sheets, roots, label
                ),
            )
            results[variant] = path
            logger.info(
                "Edición %s: %s [%s] %s en %.1f s / edition %s: %s %s in %.1f s",
                edition.number,
                names[variant],
                kind,
                "(caché)" if hit else "hecho",
                time.perf_counter() - started,
                edition.number,
                names[variant],
                "(cached)" if hit else "rendered",
                time.perf_counter() - started,
            )
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
        return results

    def pdf_title(self) -> str:
        """The booklet's PDF title: plain text (the edition's title is stored escaped)."""
        text = self.edition.text("es")
        return (
            f"{self.settings.get('SITENAME', 'Voces')} {self.edition.number}: "
            f"{unescape(text.title)}"
        )
