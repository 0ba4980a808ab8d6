"""Settings of this computer only: ``voces.local.toml``, never committed.

The site's address (``VOCES_SITEURL``) and the site repository (``VOCES_SITE_REMOTE``)
are typed once into ``voces.local.toml`` at the top of the newsroom (git ignores it)
instead of before every command::

    VOCES_SITEURL = "https://colectiva.github.io/voces-sitio"
    VOCES_SITE_REMOTE = "git@github.com:colectiva/voces-sitio.git"

An environment variable of the same name wins over the file. ``publishconf.py`` reads
``VOCES_SITEURL`` through :func:`setting`, so ``pelican`` run by hand agrees with
``voces``.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

FILE_NAME = "voces.local.toml"

#: Keys the file may hold; anything else is reported so a typo is not silently ignored.
KEYS = {
    "VOCES_SITEURL": "la dirección https:// del sitio / the site's https:// address",
    "VOCES_SITE_REMOTE": "el repositorio del sitio / the site repository",
    "VOCES_SITE_BRANCH": "la rama del sitio (gh-pages) / the site branch (gh-pages)",
    "VOCES_SITE_HOST": "gitlab: añade el trabajo de GitLab Pages / adds GitLab's Pages job",
    "VOCES_PROTECTED_TERMS": "la lista de términos protegidos / the protected-terms file",
}


class LocalSettingsError(Exception):
    def __init__(self, es: str, en: str):
        super().__init__(f"{es} / {en}")
        self.es = es
        self.en = en


def settings_file(root: Path | str | None = None) -> Path:
    return Path(root or os.curdir).resolve() / FILE_NAME


def read(root: Path | str | None = None) -> dict[str, str]:
    """The values in ``voces.local.toml`` (empty when there is no file)."""
    path = settings_file(root)
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise LocalSettingsError(
            f"{path}: el archivo no se puede leer ({error}). Cada línea es "
            'NOMBRE = "valor", con comillas.',
            f'{path}: the file cannot be read ({error}). Each line is NAME = "value", with quotes.',
        ) from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        valid = ", ".join(sorted(KEYS))
        raise LocalSettingsError(
            f"{path}: nombre desconocido {', '.join(unknown)}. Nombres válidos: {valid}.",
            f"{path}: unknown name {', '.join(unknown)}. Valid names: {valid}.",
        )
    values = {}
    for key, value in data.items():
        if not isinstance(value, str):
            raise LocalSettingsError(
                f'{path} [{key}]: escriba el valor entre comillas: {key} = "..."',
                f'{path} [{key}]: write the value in quotes: {key} = "..."',
            )
        values[key] = value.strip()
    return values


def setting(name: str, root: Path | str | None = None, default: str = "") -> str:
    """``name`` from the environment, else from ``voces.local.toml``, else ``default``."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    return read(root).get(name, "") or default
