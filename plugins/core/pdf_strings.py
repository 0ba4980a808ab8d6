"""Every string a PDF carries, not only the text on its pages.

Link targets (``/URI``), alternative texts (``/Alt``, ``/ActualText``), bookmarks
(``/Outlines``), the document information and XMP metadata, form fields, names of
files attached: all are strings in the PDF's object tree, which any PDF reader shows
or follows. Checks that must not miss what a PDF holds (protected terms, local paths,
links to unpublished stories) read them all from here.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field

#: A running head or a folio is a short line repeated on many pages (or only digits).
FOLIO = re.compile(r"^\W*\d{1,4}\W*$")
#: Letters spread apart, as PDFium reads them: three or more one-letter "words" in a
#: row ("A n a"), or five or more of one or two letters ("Ro s a Q u e t z a l").
LETTER_SPACED = re.compile(r"(?:\b\w ){2,}\w\b|(?:\b\w{1,2} ){4,}\w{1,2}\b")


@dataclass
class PdfStrings:
    pages: list[str] = field(default_factory=list)  # extracted text, page by page
    strings: list[str] = field(default_factory=list)  # every string object
    uris: list[str] = field(default_factory=list)  # link targets (/URI, /F of actions)
    metadata: list[str] = field(default_factory=list)  # /Info values and XMP packet


def _readings(string) -> list[str]:
    """The text of one PDF string object (pikepdf.String) as any reader may show it:
    as qpdf decodes it (UTF-16 after a byte-order mark, else PDFDocEncoding, what
    viewers use), and its bytes as UTF-8 or UTF-16 too when that reads differently.
    A term search sees every reading."""
    raw = bytes(string)
    readings = [str(string)]
    if raw.startswith((b"\xfe\xff", b"\xff\xfe")):
        other = raw.decode("utf-16", errors="ignore")
    else:
        other = raw.decode("utf-8", errors="ignore")
    if other and other not in readings:
        readings.append(other)
    return readings


#: PDFs already read in this process (the output checks and the protected-terms
#: search read the same PDFs one after the other), by SHA-256 of their bytes; the page
#: text is added when a later caller asks for it.
_MEMO: dict[str, PdfStrings] = {}
MEMO_SIZE = 8


def read_pdf(data: bytes, pages: bool = True) -> PdfStrings:
    """Parse ``data``; raise (pikepdf.PdfError, ValueError) for a PDF that cannot be
    read whole, even one qpdf could repair.

    ``pages=False`` skips the page text: strings and links only. A PDF read before in
    this process (same bytes) is not parsed again.
    """
    digest = hashlib.sha256(data).hexdigest()
    result = _MEMO.get(digest)
    if result is None:
        result = _read_pdf(data)
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[digest] = result
    if pages and not result.pages:
        result.pages = page_texts(data)
    return result


def page_texts(data: bytes) -> list[str]:
    """The text of each page, as a reader's PDF viewer would copy it.

    PDFium (pypdfium2) reads a 24-page edition in 0.05 s where pypdf's own extraction
    takes 1.6 s; its lines end in CR LF, made LF here. A PDF that PDFium refuses is
    read with pypdf, so no PDF goes unread for want of one library.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return [page.extract_text() or "" for page in _pypdf_reader(data).pages]
    reader = None
    try:
        texts = []
        for number, page in enumerate(document):
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            textpage.close()
            page.close()
            if LETTER_SPACED.search(text):
                # PDFium reads widely spaced letters (letter-spacing from ~0.1em) as
                # words of their own ("Ro s a Q u e t z a l"); pypdf keeps the words.
                reader = reader or _pypdf_reader(data)
                text += "\n\n" + (reader.pages[number].extract_text() or "")
            texts.append(text)
        return texts
    finally:
        document.close()


def _pypdf_reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def _read_pdf(data: bytes) -> PdfStrings:
    """Every string object of the PDF (qpdf through pikepdf: ~5x faster than walking
    it with pypdf, 0.2 s instead of 1.1 s for an edition), its links and metadata.

    The page text is read by PDFium (``page_texts``)."""
    import pikepdf

    result = PdfStrings()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for value in pdf.docinfo.values() if "/Info" in pdf.trailer else ():
            if isinstance(value, pikepdf.String):
                result.metadata.extend(_readings(value))
            else:
                result.metadata.append(str(value))
        seen: set = set()
        stack = [(None, pdf.trailer)]
        while stack:
            key, node = stack.pop()
            if not isinstance(node, pikepdf.Object):
                continue  # numbers and booleans come as Python values
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            if isinstance(node, pikepdf.String):
                texts = _readings(node)
                result.strings.extend(texts)
                if key in ("/URI", "/F", "/UF"):
                    result.uris.extend(texts)
            elif isinstance(node, (pikepdf.Dictionary, pikepdf.Stream)):
                if isinstance(node, pikepdf.Stream) and node.get("/Type") == "/Metadata":
                    try:
                        packet = node.read_bytes()
                        result.metadata.append(packet.decode("utf-8", errors="ignore"))
                    except pikepdf.PdfError:  # an unreadable XMP packet: its raw bytes
                        result.metadata.append(node.read_raw_bytes().decode("latin-1"))
                for name, value in node.items():
                    if name in ("/Parent", "/P"):
                        continue  # back links: reached from the other side anyway
                    stack.append((name, value))
            elif isinstance(node, pikepdf.Array):
                stack.extend((key, item) for item in node)
        if pdf.get_warnings():  # qpdf repaired it: parts may be missing, so not read
            raise ValueError(f"PDF dañado / damaged PDF: {pdf.get_warnings()[0]}")
    return result


def without_running_heads(pages: list[str]) -> str:
    """The pages' text as one flow: folios and lines repeated on several pages (running
    heads, feet) removed, so a name split by a page break reads as one."""
    lines = [[line.strip() for line in page.splitlines()] for page in pages]
    counts: dict[str, int] = {}
    for page in lines:
        for line in set(page):
            counts[line] = counts.get(line, 0) + 1
    repeated = {line for line, n in counts.items() if n > 1 and len(line) <= 80}
    kept = [
        line
        for page in lines
        for line in page
        if line and line not in repeated and not FOLIO.match(line)
    ]
    return "\n".join(kept)


def page_joins(pages: list[str], depth: int = 4) -> list[str]:
    """Each page break read across, whatever stands at it: for every break, the last
    line of the page before and the first line of the page after, once with each of up
    to ``depth`` lines (running heads that change with the story, folios, notes) left
    out on either side."""
    joins = []
    for before, after in zip(pages, pages[1:]):
        tail = [line.strip() for line in before.splitlines() if line.strip()][-(depth + 1) :]
        head = [line.strip() for line in after.splitlines() if line.strip()][: depth + 1]
        for a in range(len(tail)):
            for b in range(len(head)):
                joins.append(f"{tail[len(tail) - 1 - a]}\n{head[b]}")
    return joins
