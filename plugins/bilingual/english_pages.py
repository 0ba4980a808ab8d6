"""English listing pages and feeds: the same templates, English articles, English URLs.

Pelican lists only the original (Spanish) articles. This generator writes, for every
other language of the site: its front page, one page and one Atom feed per section, a
page per tag and the archive, using the theme's templates with ``lang_override``.
Translated articles get Category and Tag objects whose names and URLs are in their
own language, so templates can print ``article.category.name`` and ``tag.url``.
"""

from __future__ import annotations

import logging
from itertools import chain
from operator import attrgetter

from pelican.generators import Generator
from pelican.urlwrappers import Category, Tag

logger = logging.getLogger(__name__)


def other_languages(settings):
    return [lang for lang in settings.get("LANGUAGES", ()) if lang != settings["DEFAULT_LANG"]]


def url_settings(settings, lang):
    """Settings under which Category/Tag objects get this language's URLs."""
    return {
        **settings,
        "CATEGORY_URL": f"{lang}/sections/{{slug}}/",
        "CATEGORY_SAVE_AS": f"{lang}/sections/{{slug}}/index.html",
        "TAG_URL": f"{lang}/tags/{{slug}}/",
        "TAG_SAVE_AS": f"{lang}/tags/{{slug}}/index.html",
    }


def articles_in(lang, articles):
    """Published articles in ``lang``: originals in it and translations into it."""
    found = {}
    for article in articles:
        for candidate in chain([article], getattr(article, "translations", [])):
            if candidate.lang == lang:
                found[id(candidate)] = candidate
    return sorted(found.values(), key=attrgetter("date"), reverse=True)


def localise_articles(generator):
    """Give translated articles a Category and Tags in their own language."""
    settings = generator.settings
    sections = settings.get("SECTIONS", {})
    for lang in other_languages(settings):
        lang_settings = url_settings(settings, lang)
        categories, tags = {}, {}
        for article in articles_in(lang, chain(generator.articles, generator.translations)):
            key = _section_key(sections, article.category)
            if key is not None:
                name = sections[key][lang]["name"]
                article.category = categories.setdefault(name, Category(name, lang_settings))
            article.tags = [
                tags.setdefault(t.name, Tag(t.name, lang_settings))
                for t in getattr(article, "tags", [])
            ]


def _section_key(sections, category):
    """The section key (Spanish slug) of a Category in any language."""
    for key, info in sections.items():
        langs = [v for v in info.values() if isinstance(v, dict)]
        names = {key} | {v["name"] for v in langs}
        slugs = {key} | {v.get("slug") for v in langs}
        if category.name in names or category.slug in slugs:
            return key
    return None


class TranslatedListingsGenerator(Generator):
    """Writes ``<lang>/``, ``<lang>/sections/``, ``<lang>/tags/``, ``<lang>/archive/``."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        settings = self.settings
        sections = settings.get("SECTIONS", {})
        for lang in other_languages(settings):
            articles = articles_in(lang, self.context.get("articles", []))
            by_section = {key: [] for key in sections}
            tags = {}
            for article in articles:
                key = _section_key(sections, article.category)
                if key is not None:
                    by_section[key].append(article)
                for tag in getattr(article, "tags", []):
                    tags.setdefault(tag, []).append(article)
            categories = [(self._category(lang, key), items) for key, items in by_section.items()]
            common = {
                "lang_override": lang,
                "categories": categories,
                "tags": sorted(tags.items(), key=lambda item: item[0].name),
            }
            write = writer.write_file

            write(
                f"{lang}/index.html",
                self.get_template("index"),
                self.context,
                paginated={"articles": articles, "dates": articles},
                template_name="index",
                page_name=f"{lang}/index",
                url=f"{lang}/",
                articles=articles,
                dates=articles,
                alternates=[{"lang": settings["DEFAULT_LANG"], "url": ""}],
                **common,
            )
            write(
                f"{lang}/archive/index.html",
                self.get_template("archives"),
                self.context,
                template_name="archives",  # paginated like the Spanish archive
                articles=articles,
                dates=articles,
                page_name=f"{lang}/archive/index",
                url=f"{lang}/archive/",
                alternates=[{"lang": settings["DEFAULT_LANG"], "url": settings["ARCHIVES_URL"]}],
                **common,
            )
            spanish_sections = {c.slug for c, _ in self.context.get("categories", [])}
            for category, items in categories:
                if not items:
                    # No story in this language: no page and no feed (the section bar
                    # and the Spanish page's language link leave it out too).
                    continue
                key = _section_key(sections, category) or category.slug
                spanish = (
                    [
                        {
                            "lang": settings["DEFAULT_LANG"],
                            "url": settings["CATEGORY_URL"].format(slug=key),
                        }
                    ]
                    if key in spanish_sections
                    else []
                )
                write(
                    category.save_as,
                    self.get_template("category"),
                    self.context,
                    paginated={"articles": items, "dates": items},
                    template_name="category",
                    category=category,
                    articles=items,
                    dates=items,
                    page_name=category.page_name,
                    url=category.url,
                    alternates=spanish,
                    **common,
                )
                writer.write_feed(
                    items,
                    self.context,
                    f"feeds/{lang}/sections/{category.slug}.atom.xml",
                    feed_title=category.name,
                )
            for tag, items in tags.items():
                write(
                    tag.save_as,
                    self.get_template("tag"),
                    self.context,
                    paginated={"articles": items, "dates": items},
                    template_name="tag",
                    tag=tag,
                    articles=items,
                    dates=items,
                    page_name=tag.page_name,
                    url=tag.url,
                    alternates=[],
                    **common,
                )
            logger.info(
                "%s: %d artículos, %d secciones, %d etiquetas / articles, sections, tags",
                lang,
                len(articles),
                sum(1 for _, items in categories if items),
                len(tags),
            )

    def _category(self, lang, key):
        info = self.settings["SECTIONS"][key][lang]
        return Category(info["name"], url_settings(self.settings, lang))
