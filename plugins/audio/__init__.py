from .audio import register  # noqa: F401
from .clean import clean_recording  # noqa: F401
