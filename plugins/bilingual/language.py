"""Which language a page is in, and its other-language versions."""

from __future__ import annotations

LANGUAGE_NAMES = {"es": "Español", "en": "English"}


def page_lang(context) -> str:
    """The language of the page being rendered, from the Jinja context."""
    override = context.get("lang_override")
    if override:
        return override
    for name in ("article", "page"):
        obj = context.get(name)
        lang = getattr(obj, "lang", None)
        if isinstance(lang, str) and lang:
            return lang
    return context.get("DEFAULT_LANG", "es")


def _entry(lang, url):
    return {"lang": lang, "url": url, "label": LANGUAGE_NAMES.get(lang, lang)}


def _has_stories_in(context, category, lang) -> bool:
    """Whether a section has a story in ``lang`` (written in it or translated into it):
    the English section page is written only then (english_pages)."""
    for listed, stories in context.get("categories") or ():
        if listed == category:
            return any(
                getattr(story, "lang", None) == lang
                or any(getattr(t, "lang", None) == lang for t in getattr(story, "translations", ()))
                for story in stories
            )
    return False


def alternates(context) -> list[dict]:
    """Other-language versions of this page: [{lang, url, label}] (urls without SITEURL)."""
    given = context.get("alternates")
    if given is not None:
        return [_entry(a["lang"], a["url"]) for a in given]
    for name in ("article", "page"):
        obj = context.get(name)
        if obj is not None and hasattr(obj, "translations"):
            return [_entry(t.lang, t.url) for t in obj.translations]
    current = page_lang(context)
    if current != context.get("DEFAULT_LANG", "es"):
        return []
    category = context.get("category")
    if category is not None:
        info = context.get("SECTIONS", {}).get(category.slug)
        if info and _has_stories_in(context, category, "en"):
            return [_entry("en", f"en/sections/{info['en']['slug']}/")]
        return []
    if context.get("tag") is not None:
        return []
    page_name = context.get("page_name")
    if page_name == "index":
        return [_entry("en", "en/")]
    archives = str(context.get("ARCHIVES_SAVE_AS") or "").rsplit(".", 1)[0]
    if archives and page_name == archives:
        return [_entry("en", "en/archive/")]
    return []
