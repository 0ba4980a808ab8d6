"""``READING``: what the site does for its readers on their phones.

Defaults live here; ``pelicanconf.py`` may change any key. An unknown key stops the
build (``core.settings.merge``).
"""

from __future__ import annotations

from ..core.settings import merge as merge_setting

NAME = "READING"
DEFAULTS = {
    # Links inside the site replace the current history entry instead of adding one,
    # so after "Salir rápido" the Back button never shows a Voces page.
    "replace_history": True,
    # A small service worker (/sw.js): home, directory, safety page and the pages a
    # reader opened stay readable without internet; editions can be saved.
    "offline": True,
    # Pages kept for offline reading with the home page, in this order and then home:
    # one per page view from the reader's second on (all at her first "Guardar para
    # leer sin internet"), never on a first visit (page slugs; their translations are
    # kept once opened).
    "offline_pages": ("directorio", "seguridad"),
    # The installable app's name and short name: neutral, nothing about the paper.
    "app_name": "Lecturas",
}


def merge(settings) -> tuple[dict, list]:
    return merge_setting(settings, NAME, DEFAULTS, example='{"replace_history": True}')
