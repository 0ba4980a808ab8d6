from .topics import register  # noqa: F401
