"""The "Dibujos" gallery: the members' drawings, each linked to its story.

Spanish page at ``dibujos/``, English page at ``en/drawings/``. On the English
page a drawing links to the story's English translation when one is
published, otherwise to the Spanish story. Only drawings used by published
stories appear (the caller passes the final list).
"""

import logging

logger = logging.getLogger(__name__)


def _lang(content, default):
    return getattr(content, "lang", None) or default


def _entry(gen, usage, story, index):
    siteurl = gen.settings.get("SITEURL", "")
    return {
        "image": gen.picture_for(usage, lazy=index > 0),
        "url": f"{siteurl}/{story.url}",
        "title": story.title,
        "date": getattr(story, "date", None),
        "lang": _lang(story, gen.settings.get("DEFAULT_LANG", "es")),
    }


def entries(gen, usages, final_ids):
    """(Spanish entries, English entries), newest story first."""
    default = gen.settings.get("DEFAULT_LANG", "es")
    by_path = {}
    for usage in usages:
        by_path.setdefault(usage.path, []).append(usage)

    def newest(users):
        return max(str(getattr(u.content, "date", "")) for u in users)

    spanish, english = [], []
    for index, users in enumerate(sorted(by_path.values(), key=newest, reverse=True)):
        es = next((u for u in users if _lang(u.content, default) == default), users[0])
        en = next((u for u in users if _lang(u.content, default) == "en"), None)
        if en is not None:
            en_story, en_usage = en.content, en
        else:
            translation = next(
                (
                    t
                    for t in getattr(es.content, "translations", ())
                    if _lang(t, default) == "en" and id(t) in final_ids
                ),
                None,
            )
            en_story, en_usage = translation or es.content, es
        spanish.append(_entry(gen, es, es.content, index))
        english.append(_entry(gen, en_usage, en_story, index))
    return spanish, english


def write(gen, writer, usages, final_ids):
    config = gen.config
    env = gen.env
    if "_" not in env.globals:  # the bilingual plugin is not loaded: Spanish msgids
        env.add_extension("jinja2.ext.i18n")
        env.install_null_translations(newstyle=True)
    template = gen.get_template(config["gallery_template"])
    spanish, english = entries(gen, usages, final_ids)
    pages = (
        (
            config["gallery_save_as"],
            config["gallery_url"],
            spanish,
            {},
            {"lang": "en", "url": config["gallery_en_url"]},
        ),
        (
            config["gallery_en_save_as"],
            config["gallery_en_url"],
            english,
            {"lang_override": "en"},
            {"lang": "es", "url": config["gallery_url"]},
        ),
    )
    for save_as, url, drawings, extra, other in pages:
        if not save_as:
            continue
        writer.write_file(
            save_as,
            template,
            gen.context,
            relative_urls=gen.settings.get("RELATIVE_URLS", False),
            url=url,
            page_name=url.rstrip("/") or "index",
            drawings=drawings,
            gallery_other=other if other["url"] else None,
            alternates=[other] if other["url"] else [],
            **extra,
        )
    logger.info("Galería: %d dibujos. / Gallery: %d drawings.", len(spanish), len(spanish))
