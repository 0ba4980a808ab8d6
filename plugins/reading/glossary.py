"""Acronyms explained where they appear: the first COMAR, CAPASITS, PrEP... of a web
page's story becomes ``<abbr title="...">`` from ``siglas.toml`` (the Jinja filter
``siglas``). Text inside links, code and existing ``<abbr>`` is left alone."""

from __future__ import annotations

import html
import re
import tomllib
from functools import lru_cache
from pathlib import Path

GLOSSARY = Path(__file__).with_name("siglas.toml")
_TAG = re.compile(r"(<[^>]*>)")
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
    inside: list[str] = []
    out = []
    for part in _TAG.split(str(content)):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            tag = name.group(1).lower() if name else ""
            if tag in _NO_TOUCH and not part.endswith("/>"):
                if part.startswith("</"):
                    if tag in inside:
                        inside.remove(tag)
                else:
                    inside.append(tag)
            out.append(part)
            continue
        if inside or not pending:
            out.append(part)
            continue

        def mark(match):
            word = match.group(1)
            title = pending.pop(word, None)
            if title is None:
                return word
            return f'<abbr title="{html.escape(title, quote=True)}">{word}</abbr>'

        out.append(pattern.sub(mark, part))
    return "".join(out)
