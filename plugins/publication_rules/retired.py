"""Addresses withdrawn for good (``content/retiradas.toml``) are never used again.

``voces retirar SLUG --borrar`` deletes a story and records its slug. A later story,
page or translation that would be written at that address stops the build: readers
who saw the old story there must not find a new one in its place.
"""

from __future__ import annotations

import logging
import os

from ..core.errors import VocesError, report
from ..core.retired import RETIRED_FILE, read_retired

logger = logging.getLogger(__name__)


def retired_slugs(content_path) -> set[str]:
    try:
        return set(read_retired(content_path))
    except (OSError, ValueError) as error:  # TOMLDecodeError is a ValueError
        report(
            VocesError(
                os.path.join(content_path, RETIRED_FILE),
                None,
                f'no se puede leer ({error}); debe decir slugs = ["..."].',
                f'cannot be read ({error}); it must say slugs = ["..."].',
            ),
            logger,
        )
        return set()


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
