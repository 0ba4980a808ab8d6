"""The editors' list of protected terms: one per line, ``#`` starts a comment.

The file lives outside the repository (or is git-ignored) and is named by the
environment variable ``VOCES_PROTECTED_TERMS`` or by ``SAFETY["protected_terms_file"]``.
Messages never print the list; a finding names only the one term found.
"""

from __future__ import annotations

import os
import re
import subprocess
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
#: The same mapping by character, for ``re.sub``: str.translate looks every character of
#: the text up in the table (~30 ms for 100,000 characters of a binary file read as
#: text), the pattern only finds the few look-alikes.
CONFUSABLE_TEXT = {chr(code): letter for code, letter in CONFUSABLES.items()}
#: Accents and other marks left by NFKD, and invisible characters (zero-width space,
#: soft hyphen, joiners, direction marks) that can sit inside a word.
MARKS = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
#: Right-to-left override: the letters after it are shown in reverse order, so
#: "\u202eaterceS a\u00edraM" reads «María Secreta» on screen.
RTL_OVERRIDE = "\u202e"
RTL_END = re.compile("[\u202c\u2069\n]")
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


#: Every character a reader does not see inside a word: format characters (Unicode
#: category Cf: zero-width spaces and joiners, bidirectional controls, tag characters,
#: the soft hyphen...), variation selectors, Hangul fillers, the combining grapheme
#: joiner. Generated from ``unicodedata`` (Python 3.11); ``test_round2_terms`` checks
#: it still covers every Cf character of the running Python.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u115f-\u1160"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\U000e0100-\U000e01ef]"
)


#: INVISIBLE cut in two, for speed: a class of characters beyond U+FFFF is tested range
#: by range for every character of the text, a class within it by one table lookup
#: (about 15 times faster on a long text). The astral part runs only on a text that
#: has a character beyond U+FFFF. Together they remove exactly what INVISIBLE removes.
_INVISIBLE_CLASS = INVISIBLE.pattern[1:-1]
_FIRST_ASTRAL = next(i for i, char in enumerate(_INVISIBLE_CLASS) if ord(char) > 0xFFFF)
INVISIBLE_BMP = re.compile(f"[{_INVISIBLE_CLASS[:_FIRST_ASTRAL]}]")
INVISIBLE_ASTRAL = re.compile(f"[{_INVISIBLE_CLASS[_FIRST_ASTRAL:]}]")
ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def remove_invisible(text: str) -> str:
    """``INVISIBLE.sub("", text)``, the same result, faster."""
    text = INVISIBLE_BMP.sub("", text)
    if ASTRAL.search(text):
        text = INVISIBLE_ASTRAL.sub("", text)
    return text


#: Hangul fillers are shown as blank space: read as a space, not removed.
FILLERS = re.compile("[\u115f\u1160\u3164\uffa0]")


def as_displayed(text: str) -> str:
    """``text`` in the order a browser shows it: each right-to-left override span
    (up to its end mark or the end of the line) reversed."""
    if RTL_OVERRIDE not in text:
        return text
    out = []
    rest = text
    while RTL_OVERRIDE in rest:
        before, _, after = rest.partition(RTL_OVERRIDE)
        out.append(before)
        end = RTL_END.search(after)
        span, rest = (after[: end.start()], after[end.start() :]) if end else (after, "")
        out.append(span[::-1])
    out.append(rest)
    return "".join(out)


def _plain_letter(match) -> str:
    return CONFUSABLE_TEXT[match.group()]


def normalise(text: str) -> str:
    """Compatibility forms (fullwidth, ligatures), look-alikes and digits made plain;
    what a reader does not see (invisible and formatting characters) removed.

    ``"９６２"`` and ``"٩٦٢"`` become ``"962"``; ``"Mаría"`` (Cyrillic ``а``) becomes
    ``"María"`` with its accent as a separate mark, removed by ``fold``;
    ``"Ma\u200bría"`` and ``"Mar\U000e0041ía"`` become ``"María"``.
    """
    text = unicodedata.normalize("NFKD", text)
    if text.isascii():
        return text
    text = remove_invisible(FILLERS.sub(" ", as_displayed(text)))
    # Only the look-alikes found are replaced: translate() would look up every character.
    text = CONFUSABLE_CHAR.sub(_plain_letter, text)
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


def repository_problem(path: str) -> TermsFileError | None:
    """A list inside a git repository that git does not ignore would be committed (and
    pushed, and kept in the history) with every name on it."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        top = subprocess.run(
            ["git", "-C", folder, "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git on this machine: no repository to commit it to
    if top.returncode != 0:
        return None  # not inside a repository
    repo = top.stdout.strip()
    tracked = subprocess.run(
        ["git", "-C", repo, "ls-files", "--error-unmatch", os.path.abspath(path)],
        capture_output=True,
        timeout=30,
    )
    if tracked.returncode == 0:
        return TermsFileError(
            f"el archivo de términos protegidos «{path}» ya está guardado en git (en "
            f"{repo}): cada nombre de la lista está en el historial y se sube con cada "
            "«git push», aunque ahora esté en .gitignore. Sáquelo de git con «git rm "
            "--cached» y pida ayuda para borrarlo del historial; guárdelo fuera del "
            "repositorio.",
            f"the protected-terms file '{path}' is already committed to git (in {repo}): "
            "every name on it is in the history and goes out with every 'git push', even "
            "if it is in .gitignore now. Remove it from git with 'git rm --cached', get "
            "help to purge it from the history, and keep it outside the repository.",
        )
    ignored = subprocess.run(
        ["git", "-C", repo, "check-ignore", "-q", "--no-index", os.path.abspath(path)],
        capture_output=True,
        timeout=30,
    )
    if ignored.returncode == 0:
        return None
    return TermsFileError(
        f"el archivo de términos protegidos «{path}» está dentro del repositorio {repo} y git "
        "no lo ignora: un «git add» lo subiría, con cada nombre, y quedaría en el historial. "
        "Muévalo fuera del repositorio (por ejemplo a /home/editora/privado/) o llámelo "
        "exactamente «terminos-protegidos.txt», que está en .gitignore.",
        f"the protected-terms file '{path}' is inside the repository {repo} and git does "
        "not ignore it: a 'git add' would commit it, every name with it, into the history. "
        "Move it outside the repository (e.g. to /home/editora/private/) or name it exactly "
        "'terminos-protegidos.txt', which is in .gitignore.",
    )


def published_place_problem(path: str, settings) -> TermsFileError | None:
    """A list inside a folder the site is built from or into (content, theme, output,
    the preview, the cache) could be copied out with the site, git-ignored or not."""
    target = os.path.realpath(path)
    project = os.path.dirname(os.path.realpath(str(settings.get("PATH") or "content")))
    places = [
        settings.get("PATH"),
        settings.get("THEME"),
        settings.get("OUTPUT_PATH"),
        settings.get("CACHE_PATH"),
        os.path.join(project, ".preview"),
        os.path.join(project, "output"),
    ]
    for place in places:
        if not place:
            continue
        place = os.path.realpath(str(place))
        if target == place or target.startswith(place.rstrip(os.sep) + os.sep):
            return TermsFileError(
                f"el archivo de términos protegidos «{path}» está dentro de {place}, una "
                "carpeta de la que se construye o en la que se escribe el sitio: podría "
                "publicarse o borrarse con él. Guárdelo fuera (por ejemplo en "
                "/home/editora/privado/).",
                f"the protected-terms file '{path}' is inside {place}, a folder the site is "
                "built from or written to: it could be published or deleted with it. Keep "
                "it elsewhere (e.g. /home/editora/private/).",
            )
    return None


def load_terms(path: str) -> list[Term]:
    """Read the file; raise TermsFileError when it is missing, unreadable, empty, or
    inside a repository that would commit it."""
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
    problem = repository_problem(path)
    if problem is not None:
        raise problem
    terms = parse_terms(text, path)
    if not terms:
        raise TermsFileError(
            f"el archivo de términos protegidos «{path}» no tiene ningún término (está vacío "
            "o solo tiene comentarios), así que no se buscaría nada y nadie estaría "
            "protegida. Escriba un término por línea (nombres reales, bares, calles, "
            "teléfonos) o quite VOCES_PROTECTED_TERMS / SAFETY['protected_terms_file'].",
            f"the protected-terms file '{path}' has no terms (it is empty or only has "
            "comments), so nothing would be searched and nobody would be protected. Write "
            "one term per line (real names, bars, streets, phone numbers) or unset "
            "VOCES_PROTECTED_TERMS / SAFETY['protected_terms_file'].",
        )
    return terms
