from .check import check_tree  # noqa: F401
from .images import register  # noqa: F401
from .printing import print_image, print_images  # noqa: F401
