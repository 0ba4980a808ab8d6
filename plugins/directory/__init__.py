from .directory import register  # noqa: F401
