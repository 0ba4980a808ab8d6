from .publication_rules import register  # noqa: F401
