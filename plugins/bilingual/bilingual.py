"""bilingual: one theme, two languages.

- Interface strings through Jinja2's i18n extension and gettext catalogs (Babel).
- ``current_lang()``, ``lang_switch()``, ``section_info()``, ``localdate``, ``url_for``.
- English front page, section pages, tag pages, archive and section feeds.
"""

from __future__ import annotations

from pelican import signals

from .catalogs import load_catalogs
from .english_pages import TranslatedListingsGenerator, localise_articles
from .template_helpers import install


def add_i18n(generator):
    env = getattr(generator, "env", None)
    if env is None:
        return
    settings = generator.settings
    catalogs = load_catalogs(
        generator.theme, settings.get("LANGUAGES", ("es", "en")), settings["DEFAULT_LANG"]
    )
    install(env, settings, catalogs)


def get_generators(pelican):
    return TranslatedListingsGenerator


def register():
    signals.generator_init.connect(add_i18n)
    signals.article_generator_finalized.connect(localise_articles)
    signals.get_generators.connect(get_generators)
