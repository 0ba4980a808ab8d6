"""The ``SAFETY`` setting as this plugin reads it: defaults, validation, one merge.

``SAFETY`` is shared with ``publication_rules`` and ``protected_terms``; this plugin
reads only its own keys and reports keys that no safety plugin knows.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from ..core.settings import SAFETY_KEYS
from ..core.settings import merge as merge_setting
from .allowlist import ALLOWED_TAGS, NEVER_ALLOWED_TAGS

logger = logging.getLogger(__name__)

# Defaults of the keys this plugin reads.
DEFAULT_QUICK_EXIT_URL = "https://www.accuweather.com/es/mx/tapachula/"
DEFAULTS = {
    # Tags members may use in raw HTML (a subset of allowlist.ALLOWED_TAGS).
    "allowed_tags": ALLOWED_TAGS,
    # Where "Salir rápido / Quick exit" goes; default: the QUICK_EXIT_URL setting.
    "quick_exit_url": None,
}


class ConfigError(ValueError):
    """A SAFETY value that cannot be used; the message is bilingual."""


def merge(settings) -> dict:
    """Return this plugin's configuration: defaults updated with ``SAFETY``.

    Raises ConfigError with a Spanish / English message on a value that cannot work.
    """
    config, _problems = merge_setting(settings, "SAFETY", DEFAULTS, shared=SAFETY_KEYS)
    config["allowed_tags"] = _tags(config["allowed_tags"])
    config["quick_exit_url"] = _exit_url(
        config["quick_exit_url"] or settings.get("QUICK_EXIT_URL") or DEFAULT_QUICK_EXIT_URL
    )
    return config


def problems(settings) -> list:
    """SAFETY not a dict, or keys no safety plugin reads (core.settings.merge's errors).

    publication_rules reports the same ones when it runs; the build guard lists an
    identical error once.
    """
    return merge_setting(settings, "SAFETY", DEFAULTS, shared=SAFETY_KEYS)[1]


def _tags(value) -> frozenset:
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    tags = frozenset(str(tag).strip().lower() for tag in value)
    forbidden = sorted(tags & NEVER_ALLOWED_TAGS)
    if forbidden:
        names = ", ".join(f"<{tag}>" for tag in forbidden)
        raise ConfigError(
            f"pelicanconf.py: SAFETY['allowed_tags'] incluye {names}, que nunca se permite "
            "(podría ejecutar código o cargar cosas de otros sitios). Quítelo de la lista. / "
            f"SAFETY['allowed_tags'] includes {names}, which is never allowed (it could run "
            "code or load things from other sites). Remove it from the list."
        )
    unknown = sorted(tags - ALLOWED_TAGS)
    if unknown:
        names = ", ".join(f"<{tag}>" for tag in unknown)
        raise ConfigError(
            f"pelicanconf.py: SAFETY['allowed_tags'] incluye {names}, que el sanitizador no "
            "sabe revisar. Use solo etiquetas de la lista de plugins/sanitize/allowlist.py. / "
            f"SAFETY['allowed_tags'] includes {names}, which the sanitiser cannot check. Use "
            "only tags listed in plugins/sanitize/allowlist.py."
        )
    return tags


def _exit_url(url) -> str:
    url = str(url).strip()
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise ConfigError(
            f"pelicanconf.py: la dirección de «Salir rápido» {url!r} no es una dirección "
            "https:// completa. Escriba una como «https://www.accuweather.com/es/mx/"
            "tapachula/» en SAFETY['quick_exit_url'] o QUICK_EXIT_URL. / the quick exit "
            f"address {url!r} is not a full https:// address. Write one such as "
            "'https://www.accuweather.com/es/mx/tapachula/' in SAFETY['quick_exit_url'] or "
            "QUICK_EXIT_URL."
        )
    return url
