"""One header parser for every file members and editors write (articles, editions).

A file starts with ``campo: valor`` lines, then a blank line, then the text. A field
may go on over the next lines: indented by four spaces or more (articles), or, in files
with lists (editions' ``artículos:``), as indented or ``- item`` lines, joined with
", ". A field written twice is refused in every kind of file, naming both lines:
keeping the last one silently would drop what the first said (an article list, a
consent). Keys are compared after ``normalise`` (accents, case, English aliases), so
``título`` and ``title`` are the same field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import VocesError

HEADER_LINE = re.compile(r"^[ ]{0,3}(?P<key>[^\s:][^:]*?)[ \t]*:[ \t]*(?P<value>.*)$")
CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")


@dataclass(frozen=True)
class Field:
    key: str  # normalised
    written: str  # as written in the file
    value: str
    line: int


def lines_of(text: str) -> list[str]:
    # Only real line ends separate fields: str.splitlines() would also split on U+2028,
    # U+0085 or a form feed, and a key after one would silently become body text.
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_header(text: str, path, *, normalise=str.strip, list_items: bool = False):
    """Return (fields, body). Without a header at all: ([], text).

    Raises :class:`VocesError` (naming ``path`` and the line) for a header line that is
    not ``field: value`` and for a field written twice.
    """
    lines = lines_of(text)
    fields: list[Field] = []
    seen: dict[str, Field] = {}
    index = 0
    for index, line in enumerate(lines):
        if not line.strip():
            break
        if fields and _continues(line, list_items):
            last = fields[-1]
            item = line.strip()
            if list_items:
                item = item[1:].strip() if item.startswith("-") else item
                value = f"{last.value}, {item}" if last.value else item
            else:
                value = f"{last.value} {item}"
            fields[-1] = Field(last.key, last.written, value, last.line)
            seen[last.key] = fields[-1]
            continue
        match = HEADER_LINE.match(line)
        if not match or (list_items and line[:1] in " \t-"):
            if not fields:
                return [], text  # no metadata block at all
            raise VocesError(
                path,
                f"línea {index + 1}",
                f"esta línea de la cabecera no tiene la forma «campo: valor»: {line.strip()!r}. "
                "Deje una línea en blanco entre la cabecera y el texto.",
                f"this header line is not 'field: value': {line.strip()!r}. Leave a blank "
                "line between the header and the text.",
            )
        written = match.group("key").strip()
        key = normalise(written)
        if key in seen:
            first = seen[key]
            raise VocesError(
                path,
                written,
                f"el campo aparece dos veces (líneas {first.line} y {index + 1}); solo "
                "valdría uno y el otro se perdería sin aviso. Deje uno.",
                f"the field appears twice (lines {first.line} and {index + 1}); only one "
                "would count and the other would be lost silently. Keep one.",
            )
        field = Field(key, written, match.group("value").strip(), index + 1)
        fields.append(field)
        seen[key] = field
    else:
        index = len(lines)
    return fields, "\n".join(lines[index + 1 :])


def _continues(line: str, list_items: bool) -> bool:
    if list_items:
        return line[:1] in " \t-"
    return bool(CONTINUATION.match(line))
