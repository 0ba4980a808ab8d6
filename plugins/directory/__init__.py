from .directory import register  # noqa: F401
from .loader import load_directory  # noqa: F401
