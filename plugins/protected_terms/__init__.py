from .protected_terms import register  # noqa: F401
