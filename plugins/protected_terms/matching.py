"""Finding protected terms in text, whatever the case, accents, markup or spacing."""

from __future__ import annotations

import html
import re

from .terms import Term, fold

INLINE_TAGS = re.compile(
    r"</?(?:a|abbr|b|cite|code|em|i|kbd|mark|q|s|small|span|strong|sub|sup|time|u)\b[^>]*>",
    re.IGNORECASE)
ANY_TAG = re.compile(r"<[^>]*>")
# Separators people put inside phone numbers; removed only between two digits.
PHONE_GAP = re.compile(r"(?<=\d)[\s\-.()/+\u00a0\u2010-\u2015]+(?=\d)")
# A word cut at the end of a line in a PDF: "Ma-\nría".
LINE_HYPHEN = re.compile(r"[-\u00ad\u2010]\s*\n\s*")


def views_of_markup(text: str) -> list[str]:
    """The text as written (attributes included) and as read (tags removed).

    Feeds carry escaped HTML, so entities are decoded before and after removing tags.
    """
    decoded = html.unescape(text)
    read = INLINE_TAGS.sub("", decoded)
    read = html.unescape(ANY_TAG.sub(" ", read))
    return [decoded, read]


def views_of_pdf_text(text: str) -> list[str]:
    return [text, LINE_HYPHEN.sub("", text)]


class Matcher:
    def __init__(self, terms: list[Term]):
        self.words = [t for t in terms if not t.phone]
        self.phones = [t for t in terms if t.phone]

    def __bool__(self):
        return bool(self.words or self.phones)

    def find(self, views) -> list[Term]:
        """Terms present in any of the texts ``views``, in the order of the file."""
        found = {}
        for text in views:
            if self.words:
                stream = f" {fold(text)} "
                for term in self.words:
                    if term not in found and f" {term.needle} " in stream:
                        found[term] = True
            if self.phones:
                digits = PHONE_GAP.sub("", text)
                for term in self.phones:
                    if term not in found and term.needle in digits:
                        found[term] = True
        return sorted(found, key=lambda t: t.line)
