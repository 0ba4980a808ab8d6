"""Voces' own settings, for newsrooms made with ``voces nueva-redaccion``.

A new newsroom's ``pelicanconf.py`` starts with ``from voces.defaults import *``: it
gets this installation's sections, URLs, feeds, plugins and image, edition and safety
settings, with ``THEME`` pointing to this installation's theme, and then sets its own
name. Updating Voces updates every newsroom made from it.
"""

from __future__ import annotations

import runpy
from pathlib import Path

#: The Voces installation: its pelicanconf.py, theme/ and plugins/.
PROJECT = Path(__file__).resolve().parents[1]

_settings = runpy.run_path(str(PROJECT / "pelicanconf.py"))
globals().update({name: value for name, value in _settings.items() if name.isupper()})
THEME = str(PROJECT / "theme")

__all__ = sorted(name for name in globals() if name.isupper())
