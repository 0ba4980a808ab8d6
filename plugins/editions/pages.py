"""The editions generator: edition pages on the site, and the PDFs.

``generate_context`` reads and checks the editions, joins the articles, tells each
article which edition it appeared in and renders the PDFs (into the cache) so
that any problem stops the build before anything is written. ``generate_output``
writes the pages and copies the PDFs and cover images into the output. The
copy-shop PDFs and the cache clean-up wait until the build passed every check
(``after_build``).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from pelican.generators import Generator

from . import after_build, config, model, pdf
from .print_content import UntraceableImage
from .printable import PrintableEdition, pdf_names, placeholders

logger = logging.getLogger(__name__)

#: Context key where the plugin records the slugs of stories that are not
#: published (withdrawn, draft, review), so an edition that lists one leaves it
#: out instead of failing.
UNPUBLISHED_KEY = "editions_unpublished_slugs"

URLS = {
    "es": {
        "index": "ediciones/",
        "edition": "ediciones/{nn}/",
        "print": "ediciones/{nn}/imprimir/",
        "files": "ediciones/{nn}/",
    },
    "en": {"index": "en/editions/", "edition": "en/editions/{nn}/"},
}
COVER_WIDTH_MM = 50  # the cover on the site: ~590 px, enough for a phone
#: Where ``voces edicion N --prueba`` leaves the proof (next to content/).
PROOF_FOLDER = "output-ediciones"
PROOF_SHEET = "hoja-de-contacto.png"


def pixel_size(path) -> tuple[int, int]:
    """(width, height) of an image file, for the <img> attributes of the web pages."""
    from PIL import Image

    with Image.open(path) as image:
        return image.size


class EditionsGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.editions = []
        self.cfg = dict(config.DEFAULTS)
        self.files = []  # (output relpath, cached Path)
        self.after = None  # after_build.AfterBuild: copy-shop PDFs, cached PDFs used
        self.print_pages = {}  # edition number -> HTML of the Ctrl+P page

    # -- context -----------------------------------------------------------
    def generate_context(self):
        try:
            self._read_editions()
        except model.EditionProblem:
            pass  # its problems are logged: build_guard stops the build before writing

    def _read_editions(self):
        started = time.time()
        after_build.expect(self.output_path, None)  # a previous build's leftovers (voces ver)
        cfg, problems = config.edition_settings(self.settings)
        self.cfg = cfg
        content_root = Path(self.path)
        editions, found = model.read_editions(content_root, self.settings)
        problems += found
        web = list(self.context.get("articles", []))
        print_only = list(self.context.get("print_only_articles", []))
        found, notices = model.assign_articles(
            editions,
            web,
            print_only,
            self.settings,
            content_root,
            self.context.get(UNPUBLISHED_KEY, set()),
        )
        problems += found
        for notice in notices:
            logger.warning(notice)
        self._stop_if(problems)

        self.editions = editions
        for edition in editions:
            self._attach(edition)
            edition.urls = {
                lang: {k: v.format(nn=edition.nn) for k, v in urls.items()}
                for lang, urls in URLS.items()
            }
            self._attach_proof(edition)
        self.context["editions"] = editions
        if not cfg["pdf"] or self.settings.get("VOCES_CHECK_ONLY"):
            return  # a check (voces revisar) renders no PDF and writes nothing
        self._check_placeholders()
        cache_dir = Path(cfg["cache_dir"]).resolve()  # relative to the project folder
        shop = cfg["copy_shop_dir"]
        self.after = after_build.AfterBuild(
            cache_dir=cache_dir, started=started, shop_dir=Path(shop).resolve() if shop else None
        )
        # Copy-shop PDFs and the cache clean-up wait until the site passed every check.
        self.after.hold_cache()
        after_build.expect(self.output_path, self.after)
        print_only_ids = {id(a) for a in print_only}
        for edition in editions:
            self._edition_files(edition, print_only_ids, cache_dir)

    def _check_placeholders(self):
        """Copy-shop PDFs never carry sample data; the site's PDFs say they are samples."""
        only = self.cfg["only"]
        if not any(only in (None, edition.number) for edition in self.editions):
            return  # no edition to print: "voces edicion 98" says that it does not exist
        found = placeholders(self.settings, self.cfg, self.context.get("DIRECTORY"))
        if not found:
            return
        if self.cfg["copy_shop_dir"] and not self.cfg["print_sample"]:
            self._stop_if(
                [
                    "No se hacen los PDF para la imprenta con datos de ejemplo; se imprimirían "
                    "como si fueran reales. / The copy-shop PDFs are not made with sample data; "
                    "they would be printed as if real. (Para un taller / for a workshop: "
                    "voces edicion N --muestra.) "
                    + " · ".join(f"({n}) {line}" for n, line in enumerate(found, 1))
                ]
            )
        logger.warning(
            "Ediciones: los PDF del sitio llevan datos de ejemplo y dicen «MUESTRA» en cada "
            "página; para imprimir de verdad: %s / editions: the site's PDFs carry sample "
            "data and say SAMPLE on every page.",
            " · ".join(found),
        )

    def _attach_proof(self, edition):
        """Preview builds only: the contact sheet of ``voces edicion N --prueba``, so the
        editors see the edition as readers will hold it (never in the published site)."""
        edition.proof_url = None
        if not self.settings.get("VOCES_PREVIEW"):
            return
        sheet = Path(self.path).parent / PROOF_FOLDER / edition.nn / "prueba" / PROOF_SHEET
        if sheet.is_file():
            edition.proof_url = f"{edition.urls['es']['files']}prueba.png"
            self.files.append((edition.proof_url, sheet))

    def _stop_if(self, problems):
        """Log every problem (ERROR, for build_guard) and stop reading the editions."""
        if not problems:
            return
        for problem in problems:
            logger.error(problem)
        raise model.EditionProblem(
            f"{len(problems)} problema(s) en las ediciones; vea los mensajes de arriba. "
            f"/ {len(problems)} problem(s) in the editions; see the messages above."
        )

    def _attach(self, edition):
        """``article.edition_info`` for the theme, on articles and their translations."""
        for article in edition.web_articles + edition.print_articles:
            article.edition_info = self._info(edition, "es")
            for translation in getattr(article, "translations", []) or []:
                lang = getattr(translation, "lang", "es")
                translation.edition_info = self._info(edition, lang)

    def _info(self, edition, lang):
        has_text = lang in edition.texts
        urls = URLS[lang if has_text else "es"]
        return {
            "number": edition.number,
            "title": edition.text(lang).title,
            "url": urls["edition"].format(nn=edition.nn),
        }

    def _edition_files(self, edition, print_only_ids, cache_dir):
        printable = PrintableEdition(self, edition, self.cfg, print_only_ids)
        folder = edition.urls["es"]["files"]
        edition.pdfs = {}
        try:
            if edition.cover:
                cover = printable._image(edition.cover, COVER_WIDTH_MM, False)
                edition.cover_url = f"{folder}portada.jpg"
                edition.cover_size = pixel_size(cover)  # width/height: no layout shift
                self.files.append((edition.cover_url, cover))
            if self.cfg["only"] in (None, edition.number):
                shop_target = None
                if self.cfg["copy_shop_dir"]:  # refused before any PDF is made
                    shop_target = Path(self.cfg["copy_shop_dir"]).resolve() / edition.nn
                    self._refuse_inside_output(shop_target)
                for variant, path in printable.build_pdfs(cache_dir).items():
                    self.after.used.add(path)
                    name = pdf_names(edition)[variant]
                    edition.pdfs[variant] = {"url": f"{folder}{name}", "size": path.stat().st_size}
                    self.files.append((f"{folder}{name}", path))
                if shop_target is not None:
                    shop = PrintableEdition(
                        self, edition, self.cfg, print_only_ids, include_print_only=True
                    )
                    for variant, path in shop.build_pdfs(cache_dir).items():
                        self.after.used.add(path)
                        self.after.copy_shop_files.append(
                            (Path(edition.nn) / pdf_names(edition)[variant], path)
                        )
            self.print_pages[edition.number] = self._print_page(printable, edition)
        except (UntraceableImage, pdf.RenderProblem) as problem:
            self._stop_if([str(problem)])

    def _refuse_inside_output(self, target: Path):
        output = Path(self.output_path).resolve()
        outputs = {output, Path(self.settings.get("OUTPUT_PATH", output)).resolve()}
        if output.name.startswith(".staging-"):  # build_guard writes next to the real output
            outputs.add(output.parent / output.name[len(".staging-") :].rsplit("-", 1)[0])
        if any(target == out or out in target.parents for out in outputs):
            self._stop_if(
                [
                    f"EDITIONS['copy_shop_dir'] = {target}: los PDF para la imprenta llevan historias "
                    f"que solo se permiten en papel y no pueden ir dentro del sitio ({output}). Elija "
                    f"otra carpeta. / the copy-shop PDFs carry print-only stories and cannot go "
                    f"inside the site. Choose another folder."
                ]
            )

    def _print_page(self, printable, edition):
        """The Ctrl+P page: same template, site URLs, images copied next to it."""
        folder = edition.urls["es"]["print"]
        siteurl = self.settings.get("SITEURL", "")
        copied = {}

        def image_uri(rel, width_mm, scan=False, photo=False):
            # 150 dpi on the page: half the width asked of the 300 dpi pipeline.
            path = printable._image(rel, width_mm / 2, False, scan)
            # Named by content hash only: a member's file name may say who she is.
            name = f"{path.stem[:16]}.jpg"
            if name not in copied:
                copied[name] = path
                self.files.append((f"{folder}{name}", path))
            return f"{siteurl}/{folder}{name}"

        sheets = [
            f"{siteurl}/{self.settings.get('THEME_STATIC_DIR', 'theme')}/print/{path.name}"
            for path in printable.stylesheet_paths("color")
        ]
        return printable.render_html(
            for_pdf=False, variant="color", stylesheets=sheets, image_uri=image_uri
        )

    # -- output ------------------------------------------------------------
    def generate_output(self, writer):
        relative = self.settings.get("RELATIVE_URLS", False)
        if not self.editions and not Path(self.path, "ediciones").is_dir():
            return
        newest_first = sorted(self.editions, key=lambda e: e.number, reverse=True)
        for lang in ("es", "en"):
            if lang == "en" and not any("en" in e.texts for e in self.editions):
                continue
            listed = [e for e in newest_first if lang == "es" or "en" in e.texts]
            other = "en" if lang == "es" else "es"
            writer.write_file(
                URLS[lang]["index"] + "index.html",
                self.get_template("editions"),
                self.context,
                relative_urls=relative,
                url=URLS[lang]["index"],
                editions_list=listed,
                lang_override=lang,
                page_name=URLS[lang]["index"].rstrip("/"),
                alternates=[{"lang": other, "url": URLS[other]["index"]}],
            )
        for edition in self.editions:
            for lang in edition.texts:
                other = "en" if lang == "es" else "es"
                alternates = (
                    [{"lang": other, "url": edition.urls[other]["edition"]}]
                    if other in edition.texts
                    else []
                )
                writer.write_file(
                    edition.urls[lang]["edition"] + "index.html",
                    self.get_template("edition"),
                    self.context,
                    relative_urls=relative,
                    url=edition.urls[lang]["edition"],
                    edition=edition,
                    edition_text=edition.text(lang),
                    edition_articles=[self._localised(a, lang) for a in edition.web_articles],
                    lang_override=lang,
                    alternates=alternates,
                )
            if edition.number in self.print_pages:
                target = Path(self.output_path) / edition.urls["es"]["print"] / "index.html"
                pdf.write_atomic(target, self.print_pages[edition.number].encode("utf-8"))
        for relpath, source in self.files:
            pdf.write_atomic(Path(self.output_path) / relpath, Path(source).read_bytes())
            logger.debug("editions: wrote %s", relpath)

    @staticmethod
    def _localised(article, lang):
        if getattr(article, "lang", "es") == lang:
            return article
        for translation in getattr(article, "translations", []) or []:
            if translation.lang == lang:
                return translation
        return article
