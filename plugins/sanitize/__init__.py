from .sanitize import register  # noqa: F401
