"""El buzón: members send their stories from their own phones, safely.

``app.create_app`` is the web application; ``store`` the encrypted quarantine; ``media``
the metadata stripping; ``accept`` turns a submission into a draft article; ``whatsapp``
imports an exported chat; ``server`` chooses addresses. The commands are
``voces/commands/buzon.py`` and ``voces/commands/importar_whatsapp.py``. Nothing is
imported here, so ``voces --ayuda`` stays fast.
"""
