"""Addresses withdrawn for good (``content/retiradas.toml``) are never used again.

``voces retirar SLUG --borrar`` deletes a story and records its slug. A later story,
page or translation that would be written at that address stops the build: readers
who saw the old story there must not find a new one in its place.
"""

from __future__ import annotations

import logging
import os
import tomllib

from ..core.errors import VocesError, report

logger = logging.getLogger(__name__)

RETIRED_FILE = "retiradas.toml"


def retired_slugs(content_path) -> set[str]:
    path = os.path.join(content_path, RETIRED_FILE)
    if not os.path.isfile(path):
        return set()
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (tomllib.TOMLDecodeError, OSError) as error:
        report(
            VocesError(
                path,
                None,
                f'no se puede leer ({error}); debe decir slugs = ["..."].',
                f'cannot be read ({error}); it must say slugs = ["..."].',
            ),
            logger,
        )
        return set()
    return {str(slug) for slug in data.get("slugs", [])}


def check_retired(items, settings) -> None:
    """Report every item that would be written at a retired address."""
    retired = retired_slugs(settings["PATH"])
    if not retired:
        return
    for item in items:
        slug = getattr(item, "slug", None)
        if slug in retired:
            report(
                VocesError(
                    getattr(item, "source_path", settings["PATH"]),
                    "slug",
                    f"usa la dirección «{slug}», que se retiró para siempre "
                    f"({RETIRED_FILE}): quien vio la historia retirada encontraría otra "
                    "en su lugar. Ponga otro «slug:» (o cambie el título).",
                    f"uses the address '{slug}', withdrawn for good ({RETIRED_FILE}): "
                    "whoever saw the withdrawn story would find another one in its "
                    "place. Set another 'slug:' (or change the title).",
                ),
                logger,
            )
