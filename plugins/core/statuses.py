"""The states of a story or an edition, written the ways members and editors write them.

Keys are folded (no accents, lower case, spaces and dashes as ``_``); values are the
four states every plugin knows: ``draft``, ``review``, ``published``, ``withdrawn``.
"""

STATUS_ALIASES = {
    "borrador": "draft",
    "draft": "draft",
    "revision": "review",
    "en_revision": "review",
    "review": "review",
    "publicado": "published",
    "publicada": "published",
    "published": "published",
    "retirado": "withdrawn",
    "retirada": "withdrawn",
    "withdrawn": "withdrawn",
}
