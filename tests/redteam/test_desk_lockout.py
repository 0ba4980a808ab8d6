"""Red team: anyone on the office network could lock the editors out of their desk.

The lockout after five wrong passphrases was one for the whole server: a phone that
sent five wrong guesses every five minutes (no invitation needed, the login form is
open) kept the editors out for as long as it liked, at the laptop itself too. Real
server on 127.0.0.1; the guessing phone is 127.0.0.2 (the client binds to another
loopback address), the editor at the laptop 127.0.0.1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mailbox"))

from mailbox_helpers import Server, hidden, mailbox_env, voces_buzon

PASSPHRASE = "cuatro palabras de la redaccion"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = mailbox_env(tmp_path_factory.mktemp("mesa"))
    voces_buzon(env, "clave", stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    srv = Server(env)
    yield srv
    srv.stop()


def _client(server, local: str) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=local)
    return httpx.Client(
        base_url=server.base, headers={"Origin": server.base}, transport=transport, timeout=60
    )


def _login(client: httpx.Client, phrase: str) -> httpx.Response:
    fields = hidden(client.get("/redaccion").text)
    fields["frase"] = phrase
    return client.post("/redaccion/entrar", data=fields)


def test_a_guessing_phone_is_locked_out_but_not_the_editors(server):
    with _client(server, "127.0.0.2") as phone, _client(server, "127.0.0.1") as laptop:
        codes = [_login(phone, f"adivino {n}").status_code for n in range(6)]
        assert codes == [403] * 5 + [429], codes
        # The right passphrase from the guessing address waits too (no oracle).
        assert _login(phone, PASSPHRASE).status_code == 429
        # The editor at the laptop still gets in, and sees the desk.
        response = _login(laptop, PASSPHRASE)
        assert response.status_code == 303, response.text
        assert "redaccion" in laptop.cookies
        assert laptop.get("/redaccion").status_code == 200
