"""The editors' list of protected terms: one per line, ``#`` starts a comment.

The file lives outside the repository (or is git-ignored) and is named by the
environment variable ``VOCES_PROTECTED_TERMS`` or by ``SAFETY["protected_terms_file"]``.
Messages never print the list; a finding names only the one term found.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

ENV_VAR = "VOCES_PROTECTED_TERMS"
MIN_LETTERS = 3
#: A term with no letters and enough digits is a phone number: it is found whatever
#: the spacing ("962 123 4567" = "962-123-45-67" = "962·123·4567").
PHONE_MIN_DIGITS = 6
#: Country codes of the region and the length of a national number after them. A term
#: written with one ("+52 962 123 4567") is searched as its national number, which is
#: also found after any code in the text.
COUNTRY_CODES = {"52": 10, "502": 8, "503": 8, "504": 8}

#: Letters of other scripts that look like Latin ones ("Mаría" with a Cyrillic "а").
#: Both the terms and the text are mapped, so a look-alike cannot hide a name.
CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "һ": "h",
        "ӏ": "l",
        "ԛ": "q",
        "ԝ": "w",
        "А": "A",
        "В": "B",
        "Е": "E",
        "К": "K",
        "М": "M",
        "Н": "H",
        "О": "O",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "У": "Y",
        "Х": "X",
        "І": "I",
        "Ј": "J",
        "Ѕ": "S",
        "Ӏ": "l",
        "Ԁ": "D",
        "Һ": "H",
        "Ԛ": "Q",
        "Ԝ": "W",
        # Greek
        "α": "a",
        "ε": "e",
        "ο": "o",
        "ρ": "p",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "β": "b",
        "η": "n",
        "μ": "u",
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Ζ": "Z",
        "Η": "H",
        "Ι": "I",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Υ": "Y",
        "Χ": "X",
        # Latin letters that are not the usual ones
        "ı": "i",
        "ɑ": "a",
        "ɡ": "g",
        "ꞵ": "b",
    }
)
CONFUSABLE_CHAR = re.compile("[" + "".join(map(chr, CONFUSABLES)) + "]")
#: Accents and other marks left by NFKD, and invisible characters (zero-width space,
#: soft hyphen, joiners, direction marks) that can sit inside a word.
MARKS = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
NON_ASCII_DIGIT = re.compile(r"[^\D0-9]")
NOT_WORD = re.compile(r"[\W_]+")
NOT_ASCII_WORD = re.compile(r"[^a-z0-9]+")
LETTER = re.compile(r"[^\W\d_]")


class TermsFileError(Exception):
    """The file cannot protect anyone as it is; ``es``/``en`` say why and how to fix it."""

    def __init__(self, es, en):
        super().__init__(f"{es} / {en}")
        self.es = es
        self.en = en


@dataclass(frozen=True)
class Term:
    text: str  # as the editor wrote it (printed only when found)
    line: int  # line in the file
    needle: str  # what is searched for in the folded text
    phone: bool  # digits-only search


def normalise(text: str) -> str:
    """Compatibility forms (fullwidth, ligatures), look-alikes and digits made plain.

    ``"９６２"`` and ``"٩٦٢"`` become ``"962"``; ``"Mаría"`` (Cyrillic ``а``) becomes
    ``"María"`` with its accent as a separate mark, removed by ``fold``.
    """
    text = unicodedata.normalize("NFKD", text)
    if text.isascii():
        return text
    if CONFUSABLE_CHAR.search(text):  # a scan is ten times cheaper than translate()
        text = text.translate(CONFUSABLES)
    return NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(), 0)), text)


def fold_normalised(text: str) -> str:
    """``fold`` of a text already passed through ``normalise``."""
    text = text.casefold()
    if not text.isascii():
        text = MARKS.sub("", text)
    if text.isascii():  # most Spanish text, once its accents are gone: a cheaper pattern
        return NOT_ASCII_WORD.sub(" ", text).strip()
    return NOT_WORD.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower case, no accents, only letters and digits separated by single spaces."""
    return fold_normalised(normalise(text))


def national_number(digits: str) -> str:
    """The number without a country code of the region ("+52", "00504"...) in front."""
    rest = digits.removeprefix("00")
    for code, length in COUNTRY_CODES.items():
        if not rest.startswith(code):
            continue
        national = rest[len(code) :]
        if code == "52" and len(national) == length + 1 and national.startswith("1"):
            national = national[1:]  # the old Mexican mobile prefix: +52 1 962 ...
        if len(national) == length:
            return national
    return digits


def make_term(text: str, line: int) -> Term | None:
    plain = normalise(text)
    digits = re.sub(r"[^0-9]", "", plain)
    if not LETTER.search(plain) and len(digits) >= PHONE_MIN_DIGITS:
        return Term(text, line, national_number(digits), True)
    needle = fold_normalised(plain)
    if len(needle.replace(" ", "")) < MIN_LETTERS:
        return None
    return Term(text, line, needle, False)


def configured_path(settings) -> str | None:
    """The file named by the environment (first) or by SAFETY, or None."""
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return os.path.abspath(os.path.expanduser(from_env))
    safety = settings.get("SAFETY") or {}
    named = safety.get("protected_terms_file") if isinstance(safety, dict) else None
    return os.path.abspath(os.path.expanduser(str(named))) if named else None


def parse_terms(text: str, where: str) -> list[Term]:
    terms = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        term = make_term(line, number)
        if term is None:
            raise TermsFileError(
                f"{where}, línea {number}: el término es demasiado corto (menos de "
                f"{MIN_LETTERS} letras) y aparecería en todas partes. Escríbalo completo "
                "(nombre y apellido, nombre del bar, calle con número) o bórrelo.",
                f"{where}, line {number}: the term is too short (fewer than {MIN_LETTERS} "
                "letters) and would be found everywhere. Write it in full (first and last "
                "name, name of the bar, street and number) or delete it.",
            )
        terms.append(term)
    return terms


def load_terms(path: str) -> list[Term]:
    """Read the file; raise TermsFileError when it is missing or unreadable."""
    if not os.path.isfile(path):
        raise TermsFileError(
            f"el archivo de términos protegidos «{path}» no existe, así que nada está "
            f"protegido. Revise la ruta en {ENV_VAR} o en SAFETY['protected_terms_file'] "
            "(ver docs/terminos-protegidos.md).",
            f"the protected-terms file '{path}' does not exist, so nothing is protected. "
            f"Check the path in {ENV_VAR} or in SAFETY['protected_terms_file'] (see "
            "docs/terminos-protegidos.md).",
        )
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        raise TermsFileError(
            f"{path}: el archivo no está guardado en UTF-8. Ábralo y guárdelo como UTF-8.",
            f"{path}: the file is not saved as UTF-8. Open it and save it as UTF-8.",
        ) from None
    except OSError as exc:
        raise TermsFileError(
            f"{path}: no se pudo leer ({exc.strerror}).",
            f"{path}: could not be read ({exc.strerror}).",
        ) from None
    return parse_terms(text, path)
