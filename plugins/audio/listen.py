"""The listening page: every recorded testimony and narrated story, newest first.

Spanish at ``escuchar/``, English at ``en/listen/``. On the English page a story
links to its English translation when one is published with sound, otherwise to the
Spanish story (marked with its language). Only what the final lists publish appears.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def _entry(story, default_lang):
    info = story.audio_info
    category = getattr(story, "category", None)
    return {
        "title": story.title,
        "url": story.url,
        "lang": getattr(story, "lang", None) or default_lang,
        "date": getattr(story, "date", None),
        "category": category,
        "recording": info.get("recording"),
        "narration": info.get("narration"),
        "voice": info.get("voice"),
    }


def entries(stories, final_ids, default_lang):
    """(Spanish entries, English entries) for the stories that carry sound."""
    with_sound = [s for s in stories if getattr(s, "audio_info", None)]
    with_sound.sort(key=lambda s: str(getattr(s, "date", "")), reverse=True)
    spanish, english, seen = [], [], set()
    for story in with_sound:
        lang = getattr(story, "lang", None) or default_lang
        if id(story) in seen:
            continue
        if lang == default_lang:
            spanish.append(_entry(story, default_lang))
            translation = next(
                (
                    t
                    for t in getattr(story, "translations", ())
                    if getattr(t, "lang", None) == "en"
                    and id(t) in final_ids
                    and getattr(t, "audio_info", None)
                ),
                None,
            )
            if translation is not None:
                seen.add(id(translation))
            english.append(_entry(translation or story, default_lang))
        else:
            english.append(_entry(story, default_lang))
    return spanish, english


def write(gen, writer, final):
    config = gen.config
    env = gen.env
    if "_" not in env.globals:  # the bilingual plugin is not loaded: Spanish msgids
        env.add_extension("jinja2.ext.i18n")
        env.install_null_translations(newstyle=True)
    from pelican.contents import Article

    articles = [c for c in final if isinstance(c, Article)]
    final_ids = {id(c) for c in final}
    default_lang = gen.settings.get("DEFAULT_LANG", "es")
    spanish, english = entries(articles, final_ids, default_lang)
    template = gen.get_template(config["listen_template"])
    pages = (
        (
            config["listen_save_as"],
            config["listen_url"],
            spanish,
            {},
            ("en", config["listen_en_url"]),
        ),
        (
            config["listen_en_save_as"],
            config["listen_en_url"],
            english,
            {"lang_override": "en"},
            ("es", config["listen_url"]),
        ),
    )
    for save_as, url, items, extra, (other_lang, other_url) in pages:
        if not save_as:
            continue
        other = {"lang": other_lang, "url": other_url}
        writer.write_file(
            save_as,
            template,
            gen.context,
            relative_urls=gen.settings.get("RELATIVE_URLS", False),
            url=url,
            page_name=url.rstrip("/") or "index",
            recordings=items,
            alternates=[other] if other_url else [],
            **extra,
        )
    logger.info(
        "Escuchar: %d historias con sonido. / Listen: %d stories with sound.",
        len(spanish),
        len(spanish),
    )
