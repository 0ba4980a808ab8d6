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
        catalogs[lang] = _compiled(po_path, lang)
    return catalogs


#: (path, language, size, mtime) -> catalog. Every generator of every build asks for
#: the same catalogs (ten times a build; 6.5 ms each to parse and compile): a catalog
#: is compiled again only when its .po file changed. Never changed after it is made.
_COMPILED: dict[tuple, gettext.GNUTranslations] = {}


def _compiled(po_path: Path, lang: str) -> gettext.GNUTranslations:
    stat = po_path.stat()
    key = (str(po_path.resolve()), lang, stat.st_size, stat.st_mtime_ns)
    if key not in _COMPILED:
        with open(po_path, "rb") as handle:
            catalog = read_po(handle, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        for old in [k for k in _COMPILED if k[:2] == key[:2]]:
            del _COMPILED[old]  # an edited .po: its older version is never asked for again
        _COMPILED[key] = gettext.GNUTranslations(buffer)
    return _COMPILED[key]
