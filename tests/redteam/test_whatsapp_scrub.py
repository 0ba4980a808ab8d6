"""Red team: a WhatsApp chat whose texts name the members in the ways people really
write, run through ``voces importar-whatsapp`` for real; nothing of it may be written.

What broke: a name written without its accents ("Perez" for the sender "Pérez"), the
name of a member who was added to the group but never wrote (only in WhatsApp's own
lines), a phone number written with slashes, and a maps link with her location.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mailbox"))

from mailbox_helpers import ROOT, decrypt_all, mailbox_env

MARKER = "TUCAN7731"


def importar(env, zip_path):
    return subprocess.run(
        [sys.executable, "-m", "voces.commands.importar_whatsapp", str(zip_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


CHAT = """\u200e30/11/26, 14:00 - María Guadalupe Pérez creó el grupo «Colectiva»
30/11/26, 14:01 - María Guadalupe Pérez añadió a Lupita Sánchez
30/11/26, 14:02 - +52 962 765 4321 se unió usando el enlace de invitación.
30/11/26, 14:02 - Tu código de seguridad con María Guadalupe Pérez cambió. Toca para más información.
30/11/26, 14:02 - María Guadalupe Pérez: Vine con mis compañeras, el código era secreto
30/11/26, 14:03 - María Guadalupe Pérez: {m} Soy maria guadalupe perez, MARIA para las amigas
30/11/26, 14:04 - María Guadalupe Pérez: Lupita sanchez me ayudó; Lupita sabe todo
30/11/26, 14:05 - María Guadalupe Pérez: mi número es 962/765/1234
30/11/26, 14:05 - +52 962 765 4321: llámenme al 962 765 8899 {m}
30/11/26, 14:06 - María Guadalupe Pérez: ubicación: https://maps.google.com/?q=14.9,-92.26
30/11/26, 14:07 - María Guadalupe Pérez: aquí vivo https://maps.app.goo.gl/AbCdEf123 ya saben
"""


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """One real import of the chat; every test reads what it wrote (nothing changes it)."""
    base = tmp_path_factory.mktemp("whatsapp")
    env = mailbox_env(base)
    path = base / "chat.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("_chat.txt", CHAT.format(m=MARKER).encode())
    proc = importar(env, path)
    assert proc.returncode == 0, proc.stderr
    files = decrypt_all(env)
    texts = "\n".join(json.loads(v)["texto"] for k, v in files.items() if k.endswith("datos.json"))
    return texts, b"\n".join(files.values()).decode("utf-8", "replace")


def test_the_story_is_kept(imported):
    texts, _everything = imported
    assert MARKER in texts
    assert "me ayudó" in texts and "ya saben" in texts
    # WhatsApp's own sentences are not names: the story's words stay.
    assert "Vine con mis compañeras, el código era secreto" in texts


@pytest.mark.parametrize(
    "secret",
    [
        "maria",
        "guadalupe",
        "perez",
        "Lupita",
        "sanchez",
        "765/1234",
        "8899",
        "14.9",
        "92.26",
        "AbCdEf123",
        "maps.google",
    ],
)
def test_names_phones_and_places_are_never_written(imported, secret):
    texts, everything = imported
    assert secret.lower() not in texts.lower(), texts
    assert secret.lower() not in everything.lower()
