"""Interface strings: gettext catalogs (.po) compiled in memory with Babel.

Spanish is the source language (the msgids); ``theme/translations/<lang>/LC_MESSAGES/
messages.po`` holds the other languages. No compiled .mo file is kept in git.
"""

from __future__ import annotations

import gettext
import io
import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

logger = logging.getLogger(__name__)


def load_catalogs(theme_path, languages, default_lang) -> dict[str, gettext.NullTranslations]:
    catalogs: dict[str, gettext.NullTranslations] = {default_lang: gettext.NullTranslations()}
    base = Path(theme_path) / "translations"
    for lang in languages:
        if lang == default_lang:
            continue
        po_path = base / lang / "LC_MESSAGES" / "messages.po"
        if not po_path.exists():
            logger.error(
                "%s: falta el catálogo de traducciones de la interfaz para «%s». Créelo con "
                "pybabel init (ver README). / the interface translation catalog for '%s' is "
                "missing. Create it with pybabel init (see README).",
                po_path,
                lang,
                lang,
            )
            catalogs[lang] = gettext.NullTranslations()
            continue
        with open(po_path, "rb") as handle:
            catalog = read_po(handle, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        catalogs[lang] = gettext.GNUTranslations(buffer)
    return catalogs
