"""Finding protected terms in text, whatever the case, accents, markup or spacing."""

from __future__ import annotations

import html
import re

from .terms import PHONE_MIN_DIGITS, RTL_OVERRIDE, Term, fold_normalised, normalise

INLINE_TAGS = re.compile(
    r"</?(?:a|abbr|b|cite|code|em|i|kbd|mark|q|s|small|span|strong|sub|sup|time|u)\b[^>]*>",
    re.IGNORECASE,
)
ANY_TAG = re.compile(r"<[^>]*>")
# Digits with whatever people put between them in phone numbers: "+52 (962) 123-45-67",
# "962·123·4567", "962 • 123 • 4567", "962 ~~ 123": any run of up to MAX_SEPARATOR
# characters that are not letters or digits. Runs on ``normalise``d text.
MAX_SEPARATOR = 8
PHONE_GROUP = re.compile(rf"[0-9](?:[\W_]{{0,{MAX_SEPARATOR}}}[0-9]){{{PHONE_MIN_DIGITS - 1},}}")
NOT_DIGIT = re.compile(r"[^0-9]+")
# A percent-encoded URL ("Mar%C3%ADa_Secreta"); decoded up to this many times.
PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
PERCENT_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
MAX_UNQUOTE = 3
# A word cut at the end of a line in a PDF: "Ma-\nría".
LINE_HYPHEN = re.compile(r"[-\u00ad\u2010]\s*\n\s*")


def views_of_markup(text: str) -> list[str]:
    """The text as written (attributes included), as read (tags removed), and with every
    tag removed without a space (``Mar<picture></picture>ía``).

    Feeds carry escaped HTML, so entities are decoded before and after removing tags.
    """
    decoded = html.unescape(text)
    read = INLINE_TAGS.sub("", decoded)
    read = html.unescape(ANY_TAG.sub(" ", read))
    joined = html.unescape(ANY_TAG.sub("", decoded))
    return [decoded, read, joined]


def unquote(text: str, encoding: str = "utf-8") -> str:
    """``urllib.parse.unquote(text, encoding, errors="replace")``, the same result.

    urllib decodes every run of ASCII text byte by byte; only the runs of escapes
    are decoded here (a page is long and holds few): a UTF-8 character never spans
    plain ASCII, and an incomplete one is replaced the same way at a run's end.
    """
    return PERCENT_RUN.sub(
        lambda run: bytes.fromhex(run.group().replace("%", "")).decode(encoding, "replace"), text
    )


def url_decoded_views(text: str) -> list[str]:
    """``text`` with percent-encoding undone (UTF-8 and Latin-1, twice-encoded too)."""
    views = []
    current = text
    for _ in range(MAX_UNQUOTE):
        if not PERCENT.search(current):
            break
        latin = unquote(current, encoding="latin-1")
        current = unquote(current)
        views.extend((current, latin))
    return views


def views_of_pdf_text(text: str) -> list[str]:
    return [text, LINE_HYPHEN.sub("", text)]


class Matcher:
    """Looks for many terms at once; a list of a thousand terms costs little more than ten.

    Every text is first normalised (compatibility forms, look-alike letters, digits of
    any script) and also read with its percent-encoding undone.

    Word terms: the text is folded once into words; only terms whose first word occurs
    are looked at further. Phone numbers: each run of digits and separators in the
    text is reduced to its digits, and every stretch of a term's length is looked up.
    """

    def __init__(self, terms: list[Term]):
        self.terms = list(terms)
        self.by_first_word: dict[str, list[tuple[int, list[str], str]]] = {}
        self.phones: dict[str, int] = {}
        for index, term in enumerate(self.terms):
            if term.phone:
                self.phones.setdefault(term.needle, index)
            else:
                parts = term.needle.split()
                self.by_first_word.setdefault(parts[0], []).append(
                    (index, parts, f" {term.needle} ")
                )
        self.phone_lengths = sorted({len(needle) for needle in self.phones})

    def __bool__(self):
        return bool(self.terms)

    def find(self, views) -> list[Term]:
        """Terms present in any of the texts ``views``, in the order of the list."""
        found: set[int] = set()
        seen: set[str] = set()  # a text given twice (ASCII escapes read as UTF-8 and Latin-1)
        for view in views:
            for text in (view, *url_decoded_views(view)):
                if text in seen:
                    continue
                seen.add(text)
                self._find_in(normalise(text), found)
                if RTL_OVERRIDE in text:  # also in the order it was typed
                    self._find_in(normalise(text.replace(RTL_OVERRIDE, "")), found)
        return [self.terms[index] for index in sorted(found)]

    def _find_in(self, text: str, found: set[int]) -> None:
        """Add to ``found`` the terms in ``text`` (already ``normalise``d)."""
        if self.by_first_word:
            stream = f" {fold_normalised(text)} "
            present = set(stream.split())
            for word in present.intersection(self.by_first_word):
                for index, parts, padded in self.by_first_word[word]:
                    if index in found:
                        continue
                    if len(parts) == 1 or (all(p in present for p in parts) and padded in stream):
                        found.add(index)
        if self.phones:
            for group in PHONE_GROUP.findall(text):
                digits = NOT_DIGIT.sub("", group)
                for length in self.phone_lengths:
                    for start in range(len(digits) - length + 1):
                        index = self.phones.get(digits[start : start + length])
                        if index is not None:
                            found.add(index)
