from .check import check_tree  # noqa: F401
from .printing import print_image, print_images  # noqa: F401


def __getattr__(name):
    # Pelican's entry point, imported when a build asks for it: the pre-commit hook and
    # the mailbox use check.py and clean.py without importing Pelican.
    if name == "register":
        from .images import register

        return register
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
