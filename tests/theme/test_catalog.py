"""Every interface string of the theme has an English translation.

A Spanish msgid without English shows Spanish to an English reader mid-page; a
missing catalog entry is invisible until then, so the templates are scanned here.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from voces_testing import ROOT

THEME = ROOT / "theme"
TEMPLATES = THEME / "templates"
PO = THEME / "translations" / "en" / "LC_MESSAGES" / "messages.po"
POT = THEME / "translations" / "messages.pot"


def template_msgids() -> dict[str, str]:
    """msgid -> first template using it, extracted with the project's babel.cfg."""
    with open(THEME / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(TEMPLATES), method_map, options_map
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, filename)
    return found


def load(path: Path):
    with open(path, "rb") as handle:
        return read_po(handle, locale="en" if path == PO else None)


def test_templates_use_translatable_strings():
    msgids = template_msgids()
    assert len(msgids) >= 30, "the extractor found almost no strings: is babel.cfg right?"
    assert "Saltar al contenido" in msgids


def test_every_msgid_has_an_english_translation():
    catalog = load(PO)
    missing = []
    for msgid, template in sorted(template_msgids().items()):
        message = catalog.get(msgid)
        if message is None or not str(message.string).strip():
            missing.append(f"{template}: {msgid!r}")
    assert not missing, (
        "Textos sin traducción al inglés en theme/translations/en/LC_MESSAGES/messages.po "
        "/ strings without English translation:\n  " + "\n  ".join(missing)
    )


def test_no_fuzzy_or_percent_trap_in_catalog():
    # Fuzzy entries are dropped when the plugin compiles the catalog (the reader would
    # see Spanish); a lone % breaks Jinja's newstyle gettext ("%" % {} fails).
    for message in load(PO):
        if not message.id:
            continue
        assert not message.fuzzy, f"fuzzy translation for {message.id!r}"
        for text in (message.id, message.string):
            assert not re.search(r"%(?![%(])", text), f"bare % in {text!r}"


def test_pot_is_current():
    pot_ids = {m.id for m in load(POT) if m.id}
    stale = sorted(set(template_msgids()) - pot_ids)
    assert not stale, (
        "messages.pot is out of date; run: pybabel extract -F theme/babel.cfg "
        f"-o theme/translations/messages.pot theme/templates\nmissing: {stale}"
    )


def test_no_compiled_catalogs_in_the_theme():
    # The bilingual plugin compiles the .po at build time; a stale .mo would win.
    assert not list((THEME / "translations").rglob("*.mo"))


def test_interface_is_translated_in_a_real_english_page(tiny_site):
    # The catalog is loaded by the build, not just present: an English page shows
    # English interface words and no Spanish ones.
    out = tiny_site
    english = (out / "en" / "articles" / "prueba-vih" / "index.html").read_text("utf-8")
    assert "Skip to content" in english and "Saltar al contenido" not in english
    assert "Back to" in english and "Volver a" not in english
    spanish = (out / "articulos" / "prueba-vih" / "index.html").read_text("utf-8")
    assert "Saltar al contenido" in spanish and "Skip to content" not in spanish


def test_an_edited_catalog_is_used_by_the_next_build_in_the_same_process(tmp_path):
    """Catalogs are compiled once per process (every generator of every build asks for
    them); a translator's edit to the .po must still reach the next ``voces ver`` build."""
    import shutil

    from voces_plugins.bilingual.catalogs import load_catalogs

    theme = tmp_path / "theme"
    shutil.copytree(THEME / "translations", theme / "translations")
    first = load_catalogs(theme, ("es", "en"), "es")["en"]
    assert first.gettext("Página no encontrada") == "Page not found"
    assert load_catalogs(theme, ("es", "en"), "es")["en"] is first  # compiled once
    po = theme / "translations" / "en" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('"Page not found"', '"Page not found here"'),
        encoding="utf-8",
    )
    again = load_catalogs(theme, ("es", "en"), "es")["en"]
    assert again.gettext("Página no encontrada") == "Page not found here"
    assert (
        load_catalogs(THEME, ("es", "en"), "es")["en"].gettext("Página no encontrada")
        == "Page not found"
    )  # another theme's catalog is its own
