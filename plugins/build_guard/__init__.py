from .build_guard import register  # noqa: F401
