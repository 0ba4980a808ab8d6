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
#: A term made only of digits and these separators, with enough digits, is a phone
#: number: it is found whatever the spacing ("962 123 4567" = "962-123-45-67").
PHONE_CHARS = re.compile(r"^[\d\s\-.()/+]+$")
PHONE_MIN_DIGITS = 6


class TermsFileError(Exception):
    """The file cannot protect anyone as it is; ``es``/``en`` say why and how to fix it."""

    def __init__(self, es, en):
        super().__init__(f"{es} / {en}")
        self.es = es
        self.en = en


@dataclass(frozen=True)
class Term:
    text: str      # as the editor wrote it (printed only when found)
    line: int      # line in the file
    needle: str    # what is searched for in the folded text
    phone: bool    # digits-only search


def fold(text: str) -> str:
    """Lower case, no accents, only letters and digits separated by single spaces."""
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore")
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.decode("ascii")).strip()


def make_term(text: str, line: int) -> Term | None:
    digits = re.sub(r"\D", "", text)
    if PHONE_CHARS.match(text) and len(digits) >= PHONE_MIN_DIGITS:
        return Term(text, line, digits, True)
    needle = fold(text)
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
        raise TermsFileError(f"{path}: no se pudo leer ({exc.strerror}).",
                             f"{path}: could not be read ({exc.strerror}).") from None
    return parse_terms(text, path)
