def __getattr__(name):
    # Pelican's entry point, imported when a build asks for it: ``voces revisar --fuente``
    # (the pre-commit hook) reads terms.py and matching.py without importing Pelican.
    if name == "register":
        from .protected_terms import register

        return register
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
