"""One settings merge for every plugin's dict setting (``IMAGES``, ``EDITIONS``, ``SAFETY``).

:func:`merge` returns a new dict, the plugin's defaults updated with the user's keys,
and the problems found as :class:`~voces_plugins.core.errors.VocesError`: a setting
that is not a dict, and every unknown key. An unknown key is always an ERROR, in the
same words for every setting, so a typo (``consent_section``, ``papel``) can never
silently switch a protection off or fall back to a default. The user's settings are
never changed.

``SAFETY`` is shared by three plugins (publication_rules, protected_terms, sanitize):
each merges its own keys and passes ``SAFETY_KEYS`` as ``shared`` so that the keys of
the others are not reported. The build guard lists an identical error once, so two
plugins reporting the same unknown key show one line.
"""

from __future__ import annotations

import os

from .errors import VocesError

#: Where the build keeps its caches when ``VOCES_CACHE`` is not set (relative to the project).
CACHE_ROOT = ".cache"

#: Every key of ``SAFETY``, whichever plugin reads it.
SAFETY_KEYS = frozenset(
    {
        "consent_sections",  # publication_rules
        "protected_terms_file",  # protected_terms
        "allowed_tags",  # sanitize
        "quick_exit_url",  # sanitize
    }
)

SETTINGS_FILE = "pelicanconf.py"


def not_a_dict(name: str, example: str) -> VocesError:
    return VocesError(
        SETTINGS_FILE,
        name,
        f"{name} debe ser un diccionario, por ejemplo {name} = {example}.",
        f"{name} must be a dict, e.g. {name} = {example}.",
    )


def unknown_key(name: str, key, valid) -> VocesError:
    names = ", ".join(sorted(valid))
    return VocesError(
        SETTINGS_FILE,
        name,
        f"«{key}» no es una clave de {name}; no se usaría y valdría el valor por defecto. "
        f"Corrija cómo se escribe; claves válidas: {names}.",
        f"'{key}' is not a key of {name}; it would be ignored and the default used. Fix its "
        f"spelling; valid keys: {names}.",
    )


def merge(
    settings, name: str, defaults: dict, *, shared=frozenset(), example: str = "{}"
) -> tuple[dict, list[VocesError]]:
    """(defaults updated with ``settings[name]``, problems). Keys in ``shared`` are
    read by another plugin: not reported, not merged."""
    user = settings.get(name) or {}
    problems: list[VocesError] = []
    if not isinstance(user, dict):
        problems.append(not_a_dict(name, example))
        user = {}
    valid = set(defaults) | set(shared)
    problems += [unknown_key(name, key, valid) for key in sorted(set(user) - valid, key=str)]
    merged = dict(defaults)
    merged.update({key: value for key, value in user.items() if key in defaults})
    return merged, problems


def cache_folder(settings, name: str) -> str:
    """The folder of one cache (``images``, ``audio``, ``editions``): inside the setting
    ``VOCES_CACHE`` (pelicanconf.py reads the environment variable of that name; default
    ``.cache`` in the project folder), so two builds that must not share caches (two test
    workers, a second newsroom on the same laptop) are kept apart by one value."""
    return os.path.join(settings.get("VOCES_CACHE") or CACHE_ROOT, name)
