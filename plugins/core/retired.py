"""The addresses withdrawn for good: ``content/retiradas.toml``, written by
``voces retirar SLUG --borrar``, read by the build (publication_rules stops a new
story there; reading keeps it out of the offline copy) and by ``voces retirar``."""

from __future__ import annotations

import tomllib
from pathlib import Path

RETIRED_FILE = "retiradas.toml"


def read_retired(content_path) -> list[str]:
    """The retired slugs in file order; [] when there is no file. Raises OSError or
    tomllib.TOMLDecodeError when the file cannot be read, ValueError when ``slugs``
    is not a list."""
    path = Path(content_path) / RETIRED_FILE
    if not path.is_file():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    slugs = data.get("slugs", [])
    if not isinstance(slugs, list):
        raise ValueError('"slugs" is not a list')
    return [str(slug) for slug in slugs]
