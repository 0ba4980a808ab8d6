"""What a reader sees on each page of a real PDF, read back with poppler's pdftotext.

``pages(pdf)`` gives every page's words with their boxes (``pdftotext -bbox``, in
points from the page's top left); the checks below are shared by the hard edition's
tests (tests/print) and the sample edition's (tests/editions).
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4  # points per millimetre
#: The print stylesheet's page margins (theme/static/print/print.css @page).
TOP_MARGIN = 18 * MM
BOTTOM_MARGIN = 16 * MM


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list

    def lines(self, top: float, bottom: float) -> list[list[Word]]:
        """Words between ``top`` and ``bottom``, grouped by line (same baseline, columns
        side by side count as one line), top to bottom."""
        rows: list[list[Word]] = []
        for word in sorted(self.words, key=lambda w: (w.y1, w.x0)):
            if word.y0 < top or word.y1 > bottom:
                continue
            if rows and abs(rows[-1][0].y1 - word.y1) < 2:
                rows[-1].append(word)
            else:
                rows.append([word])
        return rows

    def text(self, top=0.0, bottom=None) -> str:
        bottom = self.height if bottom is None else bottom
        return "\n".join(
            " ".join(w.text for w in sorted(row, key=lambda w: w.x0))
            for row in self.lines(top, bottom)
        )

    def head(self) -> str:
        """The running head and what is beside it (the top margin)."""
        return self.text(0, TOP_MARGIN + 2)

    def foot(self) -> str:
        """The bottom margin: folio, "sigue en la página N", the sample mark."""
        return self.text(self.height - BOTTOM_MARGIN - 2)


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def pages(pdf: Path) -> list[Page]:
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    found = []
    for number, (width, height, body) in enumerate(_PAGE.findall(out), 1):
        words = [
            Word(html.unescape(text), float(x0), float(y0), float(x1), float(y1))
            for x0, y0, x1, y1, text in _WORD.findall(body)
        ]
        found.append(Page(number, float(width), float(height), words))
    return found


def _plain(text: str) -> str:
    return text.replace("\u2010", "").replace("\xad", "").strip(" ,.:;¿?¡!«»\"'").lower()


def find_title(page: Page, title: str) -> list[Word] | None:
    """The words of ``title`` printed as a headline on ``page`` (in reading order,
    big type), or None."""
    wanted = [_plain(w) for w in title.split()]
    words = page.words
    for start in range(len(words) - len(wanted) + 1):
        run = words[start : start + len(wanted)]
        # A story's headline is 24 pt (a word box ~33 pt tall); the cover's list of
        # headlines is 14 pt, the contents and running heads smaller.
        if [_plain(w.text) for w in run] == wanted and min(w.y1 - w.y0 for w in run) > 30:
            return run
    return None


def headlines_without_text(pdf: Path, titles, minimum: int = 2) -> list[str]:
    """The headlines with fewer than ``minimum`` lines of text under them on their page
    (the byline not counted), as "p. N: title (k lines)"."""
    lonely = []
    for page in pages(pdf):
        for title in titles:
            run = find_title(page, title)
            if run is None:
                continue
            bottom = max(w.y1 for w in run)
            rows = page.lines(bottom + 1, page.height - BOTTOM_MARGIN)
            text_rows = [row for row in rows if not (row[0].text == "Por" and row is rows[0])]
            if len(text_rows) < minimum:
                lonely.append(f"p. {page.number}: {title!r} ({len(text_rows)} lines)")
    return lonely


_SIGUE = re.compile(r"sigue en la página (\d+)")
_VIENE = re.compile(r"viene de la página (\d+)")


def jump_lines(pdf: Path) -> dict:
    """{"sigue": {page: N}, "viene": {page: N}}: the jump lines printed in the page
    margins ("sigue en la página N →" at the foot, "viene de la página N" at the top),
    and "elsewhere": pages where such words are anywhere else on the page."""
    found = {"sigue": {}, "viene": {}, "elsewhere": []}
    for page in pages(pdf):
        foot, head = page.foot(), page.head()
        body = page.text(TOP_MARGIN + 2, page.height - BOTTOM_MARGIN - 2)
        if match := _SIGUE.search(foot):
            found["sigue"][page.number] = int(match.group(1))
        if match := _VIENE.search(head):
            found["viene"][page.number] = int(match.group(1))
        if _SIGUE.search(body) or _VIENE.search(body) or _SIGUE.search(head):
            found["elsewhere"].append(page.number)
        if _VIENE.search(foot):
            found["elsewhere"].append(page.number)
    return found


def story_spans(pdf: Path, stories: dict) -> dict:
    """title -> (first page, last page) of each story: the page of its headline and
    the page of its QR code's address (the end of the story), read from the text."""
    found = {}
    all_pages = pages(pdf)
    for title, address in stories.items():
        first = next((p.number for p in all_pages if find_title(p, title)), None)
        last = next(
            (p.number for p in all_pages if address in "".join(w.text for w in p.words)), None
        )
        found[title] = (first, last)
    return found


def expected_jumps(spans: dict) -> dict:
    """The jump lines a reader needs for ``spans``: "sigue" on every page a story goes
    on from, to the next page, and "viene" on the page it goes on to."""
    sigue, viene = {}, {}
    for first, last in spans.values():
        for number in range(first, last):
            sigue[number] = number + 1
            viene[number + 1] = number
    return {"sigue": sigue, "viene": viene}


def empty_foot(image, top_margin_px: int, bottom_margin_px: int) -> float:
    """Share of a page's text area, from the bottom up, with no ink (a greyscale
    render; the running head and the folio are in the margins, left out)."""
    width, height = image.size
    area = image.convert("L").crop((0, top_margin_px, width, height - bottom_margin_px))
    pixels = area.load()
    rows = area.height
    for y in range(rows - 1, -1, -1):
        if any(pixels[x, y] < 128 for x in range(0, width, 2)):
            return (rows - 1 - y) / rows
    return 1.0
