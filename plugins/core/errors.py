"""The one error type: file, field, what is wrong and how to fix it, Spanish then English.

Plugins raise :class:`VocesError` where a file cannot be used, or call :func:`report`
to log it and go on looking for more problems. Every error reaches the log at ERROR
level, where ``build_guard`` collects it (also under ``-q``) and stops the build before
anything is written. Only the guard ends a build, through :class:`BuildFailed`.
"""

from __future__ import annotations

import logging
import os

logger = logging.getLogger(__name__)


class VocesError(ValueError):
    """A problem the build must not skip silently: where, what, and the fix, in both languages."""

    def __init__(self, path, field, es, en):
        self.path = path
        self.field = field
        self.es = es
        self.en = en
        super().__init__(self.message())

    def message(self) -> str:
        where = display_path(self.path) if self.path else "pelicanconf.py"
        if self.field:
            where = f"{where} [{self.field}]"
        return f"{where}: {self.es} / {self.en}"


#: The name the content model has always used for a problem in a member's file.
ContentError = VocesError


def report(error: VocesError, log: logging.Logger | None = None) -> None:
    """Log ``error`` at ERROR: the build guard collects it and stops the build."""
    (log or logger).error("%s", error.message())


class BuildFailed(SystemExit):
    """Ends a build with status 1 and a message, without a traceback.

    A SystemExit passes through Pelican's ``except Exception`` in ``main()``, so the
    editor sees the list of problems rather than a stack trace. Raised by the build
    guard only; plugins raise or report :class:`VocesError`.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class CheckComplete(Exception):
    """A check-only build (``voces revisar``) read everything and found no problem.

    Raised by the build guard right after ``content_ready`` when ``VOCES_CHECK_ONLY``
    is set, so nothing is written; the runner (``voces.build``) turns it into exit 0.
    """


def display_path(path) -> str:
    """A path relative to the working directory when possible (what editors see)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel
