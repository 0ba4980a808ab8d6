from .bilingual import register  # noqa: F401
