"""Errors of the content model: the core's one error type (kept here for old imports)."""

from ..core.errors import ContentError, VocesError, display_path

__all__ = ["ContentError", "VocesError", "display_path"]
