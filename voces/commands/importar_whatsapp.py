"""``voces importar-whatsapp CHAT.zip`` (``import-whatsapp``): a chat into the mailbox.

A chat exported from WhatsApp with its media ("Exportar chat → Incluir archivos")
becomes submissions in the mailbox's queue (``voces buzon lista``): each person's text
messages, voice notes and photos, cleaned of metadata, with no dates, names or phone
numbers written anywhere. A zip with a dangerous entry (zip-slip, a link, a bomb) is
refused whole. See ``voces/buzon/whatsapp.py``.
"""

from __future__ import annotations

import argparse
import sys

from .common import say

NAMES = ("importar-whatsapp", "import-whatsapp")
HELP = (
    "Importa al buzón un chat exportado de WhatsApp con sus archivos, sin fechas, nombres "
    "ni teléfonos. / Imports an exported WhatsApp chat into the mailbox."
)


def configure(parser) -> None:
    parser.add_argument("zip", metavar="CHAT.zip", help="el chat exportado / the exported chat")


def run(args) -> int:
    from voces.buzon import config
    from voces.buzon.store import Quarantine, StoreError, Vault, load_key
    from voces.buzon.whatsapp import ImportRefused, import_chat

    try:
        settings = config.load(getattr(args, "root", None))
        quarantine = Quarantine(settings.quarantine, Vault(load_key(settings.key_path)))
        receipts = import_chat(
            args.zip, settings, quarantine, warn=lambda m: print(m, file=sys.stderr)
        )
    except (config.ConfigError, StoreError, ImportRefused) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if not receipts:
        say(
            f"{args.zip}: el chat no tenía mensajes ni archivos que importar.",
            f"{args.zip}: the chat had no messages or files to import.",
        )
        return 1
    say(
        f"{len(receipts)} envío(s) nuevos en el buzón (vea «voces buzon lista»):",
        f"{len(receipts)} new submission(s) in the mailbox (see 'voces buzon list'):",
    )
    for receipt in receipts:
        print(receipt)
    return 0


if __name__ == "__main__":  # pragma: no cover
    parser = argparse.ArgumentParser()
    configure(parser)
    sys.exit(run(parser.parse_args()))
