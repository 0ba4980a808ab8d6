"""directory: puts the resource directory into the template context as ``DIRECTORY``,
and the helpers of the help box: ``section_help(slug)``, ``directory_address(lang)``
and the filter ``help_links(lang)`` (links to the directory and ``tel:`` links in a
story's text)."""

from __future__ import annotations

import logging
import os

from jinja2 import pass_context
from pelican import signals

from .help import help_for, link_help
from .loader import DirectoryError, load_directory

logger = logging.getLogger(__name__)

FILENAME = "directorio.toml"
#: The directory page (content/paginas/directorio.md) that stories link to.
PAGE_SLUG = "directorio"


def add_directory(generator):
    context = generator.context
    if "DIRECTORY" in context:
        return
    path = os.path.join(generator.settings["PATH"], FILENAME)
    try:
        context["DIRECTORY"] = load_directory(path)
    except DirectoryError as error:
        logger.error("%s", error)
        context["DIRECTORY"] = {"categories": [], "entries": []}


def directory_url(context, lang: str) -> str:
    """Address of the directory page in ``lang`` (its translation when there is one),
    or "" when no directory page is published."""
    for page in context.get("pages") or []:
        if page.slug != PAGE_SLUG:
            continue
        target = page
        for translation in getattr(page, "translations", []):
            if translation.lang == lang:
                target = translation
        site = context.get("SITEURL", "")
        return f"{site}/{target.url}"
    return ""


def section_key(context, category) -> str:
    """The folder name of a section (the key of ``SECTIONS``), from a category of
    either language: ``salud`` for "Salud" and for the English "health"."""
    slug = str(getattr(category, "slug", category))
    sections = context.get("SECTIONS") or {}
    for key, info in sections.items():
        names = {key}
        for lang in ("es", "en"):
            names.add(str((info.get(lang) or {}).get("slug", "")))
        if slug in names:
            return key
    return slug


def add_helpers(generator):
    env = getattr(generator, "env", None)
    if env is None:
        return

    @pass_context
    def help_links(context, html, lang="es"):
        return link_help(html, context.get("DIRECTORY"), directory_url(context, lang), lang)

    @pass_context
    def section_help(context, category):
        return help_for(context.get("DIRECTORY"), section_key(context, category))

    @pass_context
    def directory_address(context, lang="es"):
        return directory_url(context, lang)

    env.filters["help_links"] = help_links
    env.globals.update(section_help=section_help, directory_address=directory_address)


def register():
    signals.generator_init.connect(add_directory)
    signals.generator_init.connect(add_helpers)
