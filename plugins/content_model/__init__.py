from .content_model import register  # noqa: F401
from .errors import ContentError  # noqa: F401
from .reader import VocesMarkdownReader, normalise_key  # noqa: F401
