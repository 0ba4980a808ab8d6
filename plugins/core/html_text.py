"""Rewrite the text of an HTML fragment, never its tags, and never the text inside
elements that must stay as written (links, code, an existing ``<abbr>``...).

Used by the help links (directory), the acronyms (reading) and the printed text
(editions): each passes the elements it leaves alone and what to do with the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

_TAG = re.compile(r"(<[^>]*>)")
_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")


def text_parts(html: str, no_touch: Iterable[str]) -> Iterator[tuple[bool, str, bool]]:
    """(is_text, part, protected) for every non-empty piece of ``html``: a tag or a
    run of text; ``protected`` is true inside any element named in ``no_touch``."""
    no_touch = set(no_touch)
    inside: list[str] = []
    for part in _TAG.split(str(html)):
        if not part:
            continue
        if part.startswith("<"):
            name = _NAME.match(part)
            tag = name.group(1).lower() if name else ""
            if tag in no_touch and not part.endswith("/>"):
                if part.startswith("</"):
                    if tag in inside:
                        inside.remove(tag)
                else:
                    inside.append(tag)
            yield False, part, bool(inside)
        else:
            yield True, part, bool(inside)


def rewrite_text(html: str, no_touch: Iterable[str], change: Callable[[str], str]) -> str:
    """``html`` with ``change(text)`` applied to every run of text outside tags and
    outside the elements named in ``no_touch``, in document order."""
    return "".join(
        change(part) if is_text and not protected else part
        for is_text, part, protected in text_parts(html, no_touch)
    )
