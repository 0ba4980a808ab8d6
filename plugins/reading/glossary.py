"""Acronyms explained where they appear: the first COMAR, CAPASITS, PrEP... of a web
page's story becomes ``<abbr title="...">`` from ``siglas.toml`` (the Jinja filter
``siglas``). Text inside links, code and existing ``<abbr>`` is left alone."""

from __future__ import annotations

import html
import re
import tomllib
from functools import lru_cache
from pathlib import Path

from ..core.html_text import rewrite_text

GLOSSARY = Path(__file__).with_name("siglas.toml")
_NO_TOUCH = {"a", "abbr", "code", "pre", "script", "style", "svg", "h1", "h2", "h3"}


@lru_cache(maxsize=4)
def load(path: str = str(GLOSSARY)) -> dict:
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def explain(content: str, lang: str = "es", glossary: dict | None = None) -> str:
    if not content:
        return content
    glossary = load() if glossary is None else glossary
    pending = {k: v.get(lang) or v.get("es") for k, v in glossary.items()}
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, pending)) + r")(?![\w-])")
    if not pattern.search(content):
        return str(content)  # no acronym anywhere in the HTML, so none in its text

    def mark(match):
        word = match.group(1)
        title = pending.pop(word, None)
        if title is None:
            return word
        return f'<abbr title="{html.escape(title, quote=True)}">{word}</abbr>'

    return rewrite_text(
        content, _NO_TOUCH, lambda part: pattern.sub(mark, part) if pending else part
    )
