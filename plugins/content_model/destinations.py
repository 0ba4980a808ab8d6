"""Where each page will be written, checked before anything is written.

Pelican stops with an English traceback when two contents write the same file (two
articles with one slug, a page called «dibujos» over the drawings gallery) and follows
a slug like «../seguridad» out of its folder. Here each such case is an ERROR naming
both files and the fix, before the build writes anything.
"""

from __future__ import annotations

import logging
import os

from pelican.generators import ArticlesGenerator, PagesGenerator

logger = logging.getLogger(__name__)

#: First path segments that belong to the site itself (listings, assets, plugins).
SITE_FOLDERS = {
    "en",
    "feeds",
    "imagenes",
    "dibujos",
    "ediciones",
    "theme",
    "sitemap.xml",
    "404.html",
    "index.html",
    "drafts",
    "escuchar",  # the audio plugin's listening page (its default listen_save_as)
}


def reserved_folders(settings) -> set[str]:
    folders = set(SITE_FOLDERS)
    for key in ("ARTICLE_URL", "CATEGORY_URL", "TAG_URL", "ARCHIVES_URL"):
        first = str(settings.get(key) or "").split("/")[0]
        if first and "{" not in first:
            folders.add(first)
    folders.add(str(settings.get("THEME_STATIC_DIR", "theme")))
    # Every address a plugin writes to (AUDIO["listen_save_as"] = "escuchar/index.html",
    # ...): a page there would overwrite it (Pelican then stops with a traceback).
    for key, value in settings.items():
        values = value.items() if isinstance(value, dict) else [(key, value)]
        for name, item in values:
            name = str(name).lower()
            if isinstance(item, str) and name.endswith(("_url", "_save_as", "save_as")):
                first = item.split("/")[0]
                if first and "{" not in first and not first.startswith(("http:", "https:")):
                    folders.add(first)
    return folders


def _contents(generators):
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            names = ("articles", "translations", "drafts", "drafts_translations")
        elif isinstance(generator, PagesGenerator):
            names = ("pages", "translations", "draft_pages", "draft_translations")
        else:
            continue
        for name in names:
            yield from getattr(generator, name, []) or []


def check_destinations(generators):
    if not generators:
        return
    settings = generators[0].settings
    reserved = reserved_folders(settings)
    written = {}
    for content in _contents(generators):
        source = os.path.relpath(content.source_path)
        slug = str(getattr(content, "slug", ""))
        if "/" in slug or "\\" in slug or ".." in slug or slug.startswith("."):
            logger.error(
                "%s [slug]: «%s» no puede llevar «/», «\\» ni «..». Use solo letras, números y "
                "guiones. / '%s' cannot contain '/', '\\' or '..'. Use only letters, digits "
                "and hyphens.",
                source,
                slug,
                slug,
            )
            continue
        save_as = os.path.normpath(str(getattr(content, "save_as", "") or ""))
        if not save_as or save_as == ".":
            continue
        if content.__class__.__name__ == "Page" and slug in reserved:
            logger.error(
                "%s [slug]: la dirección «%s» es de una parte del sitio. Elija otro slug. / "
                "the address '%s' belongs to a part of the site. Choose another slug.",
                source,
                slug,
                slug,
            )
            continue
        if save_as in written:
            logger.error(
                "%s [slug]: se escribiría en %s, igual que %s. Cambie el «slug:» de uno de los "
                "dos. / would be written to %s, like %s. Change the 'slug:' of one of them.",
                source,
                save_as,
                written[save_as],
                save_as,
                written[save_as],
            )
            continue
        written[save_as] = source
