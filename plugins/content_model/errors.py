"""Errors that name the file, the field, the problem and the fix (Spanish, then English)."""

from __future__ import annotations

import os


class ContentError(ValueError):
    """A problem in a member's file that the build must not skip silently."""

    def __init__(self, path, field, es, en):
        self.path = path
        self.field = field
        self.es = es
        self.en = en
        super().__init__(self.message())

    def message(self) -> str:
        where = display_path(self.path)
        if self.field:
            where = f"{where} [{self.field}]"
        return f"{where}: {self.es} / {self.en}"


def display_path(path) -> str:
    """A path relative to the working directory when possible (what editors see)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel
