"""Jinja globals and filters that make one set of templates speak two languages."""

from __future__ import annotations

from babel.dates import format_date
from jinja2 import pass_context

from .language import alternates, page_lang

_BY_VALUE = (str, int, float, bool, type(None))


def install(env, settings, catalogs):
    """Add gettext and the helpers to a generator's Jinja environment."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")

    @pass_context
    def gettext(context, message):
        catalog = catalogs.get(page_lang(context)) or catalogs[settings["DEFAULT_LANG"]]
        return catalog.gettext(message)

    @pass_context
    def ngettext(context, singular, plural, n):
        catalog = catalogs.get(page_lang(context)) or catalogs[settings["DEFAULT_LANG"]]
        return catalog.ngettext(singular, plural, n)

    env.install_gettext_callables(gettext, ngettext, newstyle=True)

    @pass_context
    def current_lang(context):
        return page_lang(context)

    @pass_context
    def lang_switch(context):
        return alternates(context)

    # Asked tens of thousands of times per build with a few distinct answers: each
    # section and each date is described once per language.
    sections, dates = {}, {}

    @pass_context
    def section_info(context, category):
        lang = page_lang(context)
        key = (getattr(category, "slug", None), str(getattr(category, "name", category)), lang)
        if key not in sections:
            sections[key] = describe_section(settings, category, lang)
        return dict(sections[key])

    @pass_context
    def localdate(context, value, fmt="long"):
        if value is None:
            return ""
        key = (value, fmt, page_lang(context))
        if key not in dates:
            dates[key] = format_date(value, format=fmt, locale=key[2])
        return dates[key]

    # A piece of page that many pages share (the section bar, the footer), made once
    # per build and language. ``parts`` are everything it depends on: text, numbers
    # and None by value, anything else (the list of sections) by identity. Each entry
    # holds its parts, so no other object can take one's id while the entry lives.
    # One environment, one build.
    fragments = {}

    def fragment(name, *parts, caller):
        key = (name, *(p if isinstance(p, _BY_VALUE) else id(p) for p in parts))
        if key not in fragments:
            fragments[key] = (parts, caller())
        return fragments[key][1]

    def url_for(path=""):
        site = settings.get("SITEURL", "")
        path = str(path or "")
        return f"{site}/{path.lstrip('/')}"

    env.globals.update(
        current_lang=current_lang,
        lang_switch=lang_switch,
        section_info=section_info,
        url_for=url_for,
        fragment=fragment,
    )
    env.filters.update(localdate=localdate)


def section_slug(settings, category) -> str | None:
    """The section key (Spanish slug) of a Category object, a name or a slug."""
    sections = settings.get("SECTIONS", {})
    name = getattr(category, "name", category)
    slug = getattr(category, "slug", None)
    for key, info in sections.items():
        if slug in (key, info["en"]["slug"]) or name in (
            key,
            info["es"]["name"],
            info["en"]["name"],
        ):
            return key
    return None


def describe_section(settings, category, lang) -> dict:
    key = section_slug(settings, category)
    if key is None:
        name = getattr(category, "name", str(category))
        return {
            "name": name,
            "slug": getattr(category, "slug", name),
            "description": "",
            "url": getattr(category, "url", ""),
            "feed_url": "",
            "icon": "",
            "key": None,
        }
    info = settings["SECTIONS"][key]
    if lang == settings["DEFAULT_LANG"]:
        slug = key
        url = settings["CATEGORY_URL"].format(slug=key)
        feed = (settings.get("CATEGORY_FEED_ATOM") or "").format(slug=key)
    else:
        slug = info[lang]["slug"]
        url = f"{lang}/sections/{slug}/"
        feed = f"feeds/{lang}/sections/{slug}.atom.xml"
    return {
        "name": info[lang]["name"],
        "slug": slug,
        "description": info[lang]["description"],
        "url": url,
        "feed_url": feed,
        "icon": info.get("icon", ""),
        "key": key,
    }
