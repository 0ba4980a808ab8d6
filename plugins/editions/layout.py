"""Lay the edition out once; make the colour and the black-and-white PDF from it.

WeasyPrint's layout is the slow part of a PDF. The edition is laid out once, in
colour, with every prepared filler piece in place before the back page (a notes
page, a cut-out help card, the association's notice...). Then:

1. **Planned pages.** The pages are counted without the fillers; as many fillers
   are kept as make the edition a multiple of 4 (or the number of pages asked
   for, ``EDITIONS['pages']``), so the folded booklet has no blank page. Fillers
   and the back page carry no folio and nothing refers to their page number, so
   dropping a filler changes no number in the edition.
2. **A headline never alone.** The print stylesheet keeps a story's headline and
   drawing with its first lines: when they do not fit at a page foot, WeasyPrint
   moves them to the next page. A headline still left with fewer than two lines of
   its text under it (a story that opens with a list...) starts its story on a new
   page, and the edition is laid out once more.
3. **No half-empty page foot.** Where a page ends with a quarter of it or more
   empty (the story after it starts on the next page, or the stories end there),
   prepared pieces are put in the space: a help box, cut-out cards, the
   association's notice, lines for notes. They are laid out on their own, once, in
   a small document and set into the gaps of the laid-out edition: nothing else
   moves, and there is no second layout of the edition.
4. **Colour PDF** from the layout; then the same layout is turned black and white
   (each drawing swapped for its line-art version of the same pixel size, each
   colour for black, grey or white) and written again: the **B/W PDF** without a
   second layout.

``make`` returns both PDFs' bytes and a report (pages, fill of each page, what
could not be placed) for ``voces edicion``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image as PILImage
from tinycss2.color4 import parse_color

from . import pdf  # WeasyPrint itself is imported when an edition is laid out

logger = logging.getLogger(__name__)

FILLER_PREFIX = "relleno-"
STORY_PREFIX = "articulo-"
TEXT_PREFIX = "texto-"
BACK_PAGE = "contraportada"
COLOR_PROPERTIES = (
    "color",
    "background_color",
    "border_top_color",
    "border_right_color",
    "border_bottom_color",
    "border_left_color",
    "column_rule_color",
    "outline_color",
    "text_decoration_color",
)
#: A page whose content ends higher than this share of the page box is reported.
LOW_FILL = 0.6


@dataclass
class Report:
    pages: int = 0  # pages of the edition as printed
    content_pages: int = 0  # without fillers
    fillers: list = field(default_factory=list)  # names of the filler pieces used
    fill: dict = field(default_factory=dict)  # page number -> share of the page used
    unplaced: list = field(default_factory=list)  # bilingual lines
    moved: list = field(default_factory=list)  # stories moved to a new page
    pieces: dict = field(default_factory=dict)  # page number -> prepared pieces at its foot
    layouts: int = 1  # times the edition was laid out

    def as_dict(self):
        return {
            "pages": self.pages,
            "content_pages": self.content_pages,
            "fillers": self.fillers,
            "fill": self.fill,
            "unplaced": self.unplaced,
            "moved": self.moved,
            "pieces": self.pieces,
            "layouts": self.layouts,
        }


def _render(html: str, base_url: str, fetcher):
    import weasyprint

    # The style sheets the template links (the same files the cache key hashes) are
    # parsed once per process (pdf.with_parsed_sheets).
    html, options = pdf.with_parsed_sheets(html, fetcher)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    # No dpi or jpeg_quality: the print JPEGs are made at 300 dpi already and are
    # embedded as they are (re-encoding them would cost time and quality).
    return document.render(pdf_tags=True, **options)


def _anchor_pages(document) -> dict:
    """Anchor name -> index of the page it is on."""
    found = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            found.setdefault(name, index)
    return found


def _fill(page) -> float:
    """Share of the page's content area that holds something (0-1)."""
    box = page._page_box
    top = box.content_box_y()
    height = box.height or 1
    bottom = top
    # Not the margin boxes and what is in them (the folio is at the foot of every page).
    inside = (c for c in box.children if not type(c).__name__.endswith("MarginBox"))
    for child in (d for c in inside for d in c.descendants()):
        if getattr(child, "element_tag", None) in ("html", "body"):
            continue
        if not hasattr(child, "position_y") or child.height in (None, "auto"):
            continue
        if type(child).__name__ in ("LineBox", "InlineReplacedBox", "BlockReplacedBox") or (
            getattr(child, "children", None) == [] and child.height
        ):
            bottom = max(bottom, child.position_y + child.margin_height())
    return max(0.0, min(1.0, (bottom - top) / height))


def plan(document, wanted_pages: int | None):
    """(pages to keep, report) for a laid-out edition with its fillers."""
    anchors = _anchor_pages(document)
    total = len(document.pages)
    starts = sorted(
        (index, name[len(FILLER_PREFIX) :])
        for name, index in anchors.items()
        if name.startswith(FILLER_PREFIX)
    )
    report = Report()
    # Each filler runs from its anchor to the next filler (or the back page).
    filler_index, filler_pages = set(), []
    for n, (index, name) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else total - 1
        filler_index.update(range(index, end))
        if end - index == 1:
            filler_pages.append((index, name))
        else:
            report.unplaced.append(
                f"la pieza de relleno '{name}' ocupa {end - index} páginas y no se usa / the "
                f"filler piece '{name}' takes {end - index} pages and is not used"
            )
    content = [i for i in range(total) if i not in filler_index]
    report.content_pages = len(content)
    count = len(content)
    if wanted_pages and count <= wanted_pages:
        need = wanted_pages - count
    else:
        if wanted_pages:
            report.unplaced.append(
                f"la edición tiene {count} páginas, más de las {wanted_pages} pedidas; se "
                f"imprime en {count + (-count) % 4} / the edition has {count} pages, more "
                f"than the {wanted_pages} asked for"
            )
        need = (-count) % 4
    used = filler_pages[:need]
    if need > len(filler_pages):
        missing = need - len(filler_pages)
        report.unplaced.append(
            f"faltan {missing} página(s) de relleno: el cuadernillo lleva {missing} página(s) "
            f"en blanco; agregue un artículo o una pieza / {missing} filler page(s) missing: "
            f"the booklet gets {missing} blank page(s); add a story or a piece"
        )
    back = anchors.get(BACK_PAGE)
    if back is not None and back != total - 1:
        report.unplaced.append(
            f"la contraportada ocupa {total - back} páginas: acorte el directorio "
            f"(content/directorio.toml) / the back page takes {total - back} pages: "
            f"shorten the directory"
        )
    keep_fillers = {index for index, _ in used}
    keep = [i for i in range(total) if i not in filler_index or i in keep_fillers]
    report.fillers = [name for _, name in used]
    report.pages = len(keep)
    for number, index in enumerate(keep, 1):
        if index in filler_index or number in (1, len(keep)):
            continue  # cover, fillers and back page are full by design
        share = _fill(document.pages[index])
        if share < LOW_FILL:
            report.fill[number] = round(share, 2)
    return keep, report


#: Lines of a story's text that must stand under its headline on the same page.
MIN_LINES_UNDER_HEADLINE = 2
#: Most layouts of one edition (each costs as much as the first).
MAX_LAYOUTS = 3


def _text_lines(box) -> int:
    """Lines with text in ``box``, leaving out drawings (a figure's picture sits in a
    line box of its own)."""
    if getattr(box, "element_tag", None) == "figure":
        return 0
    if type(box).__name__ == "LineBox":
        return int(
            any(type(c).__name__ == "TextBox" and (c.text or "").strip() for c in box.descendants())
        )
    return sum(_text_lines(child) for child in getattr(box, "children", []))


def _story_box(page, element_id: str):
    for box in page._page_box.descendants():
        element = getattr(box, "element", None)
        if element is not None and element.get("id") == element_id:
            return box
    return None


def _lines_of(page, element_id: str) -> int:
    """Lines of a story's text on ``page``: its box ``element_id`` without its header,
    its drawings and its QR block (the text, its tables and lists)."""
    box = _story_box(page, element_id)
    if box is None:
        return 0
    return sum(
        _text_lines(part)
        for part in getattr(box, "children", [])
        if getattr(part, "element_tag", None) not in ("header", "figure", "footer")
    )


def lonely_headlines(document) -> list[str]:
    """Slugs of stories whose headline has less than two lines of its text under it."""
    anchors = _anchor_pages(document)
    stories = sorted(
        (index, name[len(STORY_PREFIX) :])
        for name, index in anchors.items()
        if name.startswith(STORY_PREFIX)
    )
    return [
        slug
        for index, slug in stories
        if _lines_of(document.pages[index], STORY_PREFIX + slug) < MIN_LINES_UNDER_HEADLINE
    ]


# -- Prepared pieces for page feet -----------------------------------------------------

#: A page foot this share of the page or more empty gets prepared pieces.
FOOT_GAP = 0.25
#: Space between what is on the page and the first piece under it (points).
PIECE_SPACE = 5 * 72 / 25.4
#: The pieces (templates/edition_print_pieces.html, id "pieza-<name>"); the one used
#: least so far goes first. "notas-N" (N lines for notes) fill what is left under it.
PIECES = ("tarjetas", "aviso", "ayuda", "pasalo")
PIECE_PREFIX = "pieza-"
#: What the editor reads in the layout report for each piece.
PIECE_LABELS = {
    "tarjetas": "tarjetas para recortar / cut-out cards",
    "aviso": "quiénes hacemos Voces / who makes Voces",
    "ayuda": "teléfonos de emergencia / emergency phones",
    "pasalo": "«no lo tires» / pass it on",
    "notas": "renglones para notas / lines for notes",
}


def _body(page):
    """The ``<body>`` box of a laid-out page."""
    for box in page._page_box.children:
        if getattr(box, "element_tag", None) == "html":
            for child in box.children:
                if getattr(child, "element_tag", None) == "body":
                    return child
    return None


def _blocks(page) -> list:
    """The elements of the edition's top-level parts (cover, stories, fillers...) on a
    page, in order."""
    body = _body(page)
    return [child.element for child in body.children] if body is not None else []


def _used_bottom(page) -> float:
    box = page._page_box
    return box.content_box_y() + _fill(page) * (box.height or 1)


def _content_pages(document) -> range:
    """Indexes of the pages between the cover and the first filler (or the back page)."""
    anchors = _anchor_pages(document)
    ends = [i for name, i in anchors.items() if name.startswith(FILLER_PREFIX) or name == BACK_PAGE]
    return range(1, min(ends, default=len(document.pages)))


def foot_gaps(document, pages) -> list[tuple[int, float, float]]:
    """(page index, top, height in points) of the empty page feet worth filling among
    ``pages`` (indexes): ``FOOT_GAP`` of the page or more, and not in the middle of a
    story or part (a piece there would sit between a story and its continuation)."""
    gaps = []
    for index in pages:
        page = document.pages[index]
        blocks = _blocks(page)
        if not blocks:
            continue
        if index + 1 < len(document.pages) and blocks[-1] in _blocks(document.pages[index + 1]):
            continue  # the last part on the page goes on over the page
        box = page._page_box
        top = _used_bottom(page) + PIECE_SPACE
        height = box.content_box_y() + box.height - top
        if height >= FOOT_GAP * box.height - PIECE_SPACE:
            gaps.append((index, top, height))
    return gaps


def _piece_boxes(document) -> dict:
    """Name -> laid-out box of each prepared piece (one a page in ``document``)."""
    found = {}
    for page in document.pages:
        body = _body(page)
        for child in body.children if body is not None else []:
            element_id = (child.element.get("id") or "") if child.element is not None else ""
            if element_id.startswith(PIECE_PREFIX):
                found.setdefault(element_id[len(PIECE_PREFIX) :], child)
    return found


def choose_pieces(gaps, heights: dict) -> dict:
    """Page index -> names of the pieces for its foot: of the pieces that fit, the one
    used least so far (the tallest of those), then lines for notes in what is left."""
    uses = dict.fromkeys(PIECES, 0)
    notes = sorted(
        ((heights[name], name) for name in heights if name.startswith("notas-")), reverse=True
    )
    chosen = {}
    for index, _top, height in gaps:
        fitting = [name for name in PIECES if name in heights and heights[name] <= height]
        pick = min(fitting, key=lambda name: (uses[name], -heights[name]), default=None)
        names, left = [], height
        if pick:
            names.append(pick)
            uses[pick] += 1
            left -= heights[pick] + PIECE_SPACE
        lines = next((name for h, name in notes if h <= left), None)
        if lines:
            names.append(lines)
        if names:
            chosen[index] = names
    return chosen


def fill_feet(document, gaps, chosen: dict, pieces_document) -> None:
    """Set copies of the chosen pieces into the gaps of the laid-out ``document``, in
    place, one under the other; nothing else on the page moves."""
    boxes = _piece_boxes(pieces_document)
    for index, top, _height in gaps:
        body = _body(document.pages[index])
        y = top
        for name in chosen.get(index, ()):
            piece = boxes[name].deepcopy()
            piece.translate(dx=body.content_box_x() - piece.position_x, dy=y - piece.position_y)
            body.children.append(piece)
            y += piece.margin_height() + PIECE_SPACE


def _grey(color):
    """Black and white for photocopies: colours black, light tints white, greys kept."""
    if not hasattr(color, "to") or not color.alpha:
        return color
    red, green, blue = color.to("srgb").coordinates
    light = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    chroma = max(red, green, blue) - min(red, green, blue)
    if light >= 0.85:
        return parse_color("#fff") if chroma > 0.02 else color
    if chroma > 0.08:
        return parse_color("#000")
    return color


def to_black_and_white(document, line_art: dict) -> None:
    """Turn a laid-out document black and white, in place (see the module's text)."""
    from weasyprint.images import LazyLocalImage, RasterImage

    seen_styles, seen_images = set(), set()
    for page in document.pages:
        for box in page._page_box.descendants():
            style = getattr(box, "style", None)
            if style is not None and id(style) not in seen_styles:
                seen_styles.add(id(style))
                for name in COLOR_PROPERTIES:
                    try:
                        value = style[name]
                    except (KeyError, TypeError, AttributeError):
                        continue
                    if hasattr(value, "to"):
                        style[name] = _grey(value)
            background = getattr(box, "background", None)
            if background is not None and hasattr(background, "_replace"):
                box.background = background._replace(color=_grey(background.color))
            image = getattr(box, "replacement", None)
            if isinstance(image, RasterImage) and id(image) not in seen_images:
                seen_images.add(id(image))
                source = getattr(image.image_data, "_filename", None)
                target = line_art.get(str(Path(source))) if source else None
                if target is None:
                    raise pdf.RenderProblem(
                        f"una imagen del PDF a color no tiene versión en blanco y negro "
                        f"({source}) / an image of the colour PDF has no black-and-white "
                        f"version"
                    )
                image.id = f"{image.id}-bn"
                image.mode = "L"
                # Line art is a greyscale PNG (Flate in the PDF), a photo a grey JPEG.
                image.format = "PNG" if Path(target).suffix == ".png" else "JPEG"
                image.image_data = LazyLocalImage(str(target))
                # The site's colour drawing may have fewer pixels (SITE_COLOUR_DPI) than
                # its 300 dpi line art: the PDF's image is the size of the new file.
                with PILImage.open(target) as replacement:
                    image.width, image.height = replacement.size


def make(
    html_for,
    base_url: str,
    allowed_roots,
    label: str,
    line_art: dict,
    wanted_pages: int | None = None,
    pieces_html=None,
):
    """Lay out once; return {"color": bytes, "bw": bytes, "report": Report}.

    ``html_for(moved)`` returns the edition's HTML with the stories whose slugs are
    in ``moved`` starting on a new page; ``pieces_html()`` the prepared pieces for
    page feet, each on a page of its own (none when None).
    """
    fetcher = pdf.local_only_fetcher(allowed_roots)
    moved: list[str] = []
    layouts = 1
    with pdf.weasyprint_warnings_fail(label):
        try:
            document = _render(html_for(moved), base_url, fetcher)
            while layouts < MAX_LAYOUTS:
                # Still alone (a story that opens with a list...): a new page for it.
                more = [slug for slug in lonely_headlines(document) if slug not in moved]
                if not more:
                    break
                moved = moved + more
                document = _render(html_for(moved), base_url, fetcher)
                layouts += 1
            keep, report = plan(document, wanted_pages)
            report.layouts = layouts
            report.moved = moved
            # The pieces' document stays alive until the PDFs are written: its fonts
            # draw the pieces set into the edition's pages.
            pieces_document = None
            if pieces_html is not None:
                gaps = foot_gaps(document, _content_pages(document))
                if gaps:
                    pieces_document = _render(pieces_html(), base_url, fetcher)
                    heights = {
                        name: box.margin_height()
                        for name, box in _piece_boxes(pieces_document).items()
                    }
                    chosen = choose_pieces(gaps, heights)
                    fill_feet(document, gaps, chosen, pieces_document)
                    keep, report = plan(document, wanted_pages)  # the fill, again
                    report.layouts, report.moved = layouts, moved
                    numbers = {index: number for number, index in enumerate(keep, 1)}
                    report.pieces = {
                        numbers[index]: names for index, names in chosen.items() if index in numbers
                    }
            for slug in lonely_headlines(document):
                report.unplaced.append(
                    f"el título de '{slug}' queda solo al pie de una página / the headline "
                    f"of '{slug}' is alone at the foot of a page"
                )
            edition = document.copy([document.pages[i] for i in keep])
            edition.metadata.authors = []
            edition.metadata.generator = None
            drop = getattr(pdf, "drop_local_links", None)
            if drop is not None:
                drop(edition)
            colour = edition.write_pdf(finisher=pdf._finisher, pdf_tags=True)
            to_black_and_white(edition, line_art)
            bw = edition.write_pdf(finisher=pdf._finisher, pdf_tags=True)
        except pdf.RenderProblem:
            raise
        except Exception as error:  # WeasyPrint's own failure: say where, not a traceback
            raise pdf.RenderProblem(
                f"{label}: WeasyPrint no pudo hacer el PDF ({type(error).__name__}: {error}). "
                f"Revise la hoja de estilo de impresión (theme/static/print/). / WeasyPrint "
                f"could not make the PDF. Check the print stylesheet."
            ) from error
    return {"color": colour, "bw": bw, "report": report}


def report_lines(report: dict) -> list[str]:
    """The layout report in Spanish (and English), one line each, for the editor."""
    if not report:
        return []
    lines = [
        f"{report.get('pages', '?')} páginas ({report.get('content_pages', '?')} de contenido"
        + (f" + {', '.join(report['fillers'])}" if report.get("fillers") else "")
        + f") / {report.get('pages', '?')} pages"
    ]
    fill = report.get("fill") or {}
    if fill:
        lines.append(
            "páginas con espacio libre / pages with free space: "
            + ", ".join(f"p. {page}: {round(share * 100)}%" for page, share in fill.items())
        )
    for slug in report.get("moved") or []:
        lines.append(
            f"'{slug}' empieza en página nueva para que su título no quede solo / starts "
            f"on a new page so that its headline is not alone"
        )
    pieces = report.get("pieces") or {}
    if pieces:
        lines.append(
            "piezas al pie de página / pieces at page feet: "
            + "; ".join(
                f"p. {page}: "
                + " + ".join(PIECE_LABELS.get(name.split("-")[0], name) for name in names)
                for page, names in pieces.items()
            )
        )
    for line in report.get("unplaced") or []:
        lines.append(f"no se pudo / could not: {line}")
    return lines


def log_report(edition, report: dict) -> None:
    for line in report_lines(report):
        logger.info("Edición %s: %s", edition.number, line)
