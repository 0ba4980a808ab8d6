"""Each refusal of the mailbox, one at a time, against a real server on 127.0.0.1."""

from __future__ import annotations

import base64
import http.client
import os
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from mailbox_helpers import (
    ROOT,
    Member,
    Server,
    decrypt_all,
    hidden,
    jpeg_with_gps,
    mailbox_env,
    voces_buzon,
)

PASSPHRASE = "tres palabras largas de la redaccion"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    env = mailbox_env(tmp_path_factory.mktemp("buzon"))
    voces_buzon(env, "clave", stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    return env


@pytest.fixture(scope="module")
def server(env):
    # Small limits so that the limit tests send little: 3 files, 1 MB per submission.
    srv = Server(env, "--max-archivos", "3", "--max-mb", "1")
    yield srv
    srv.stop()


def session_files(env) -> list[Path]:
    base = Path(env["VOCES_BUZON_DIR"]) / "sesiones"
    return sorted(p for p in base.rglob("*") if p.is_file() and p.name != "estado.json")


def started(server) -> Member:
    member = Member(server.base)
    member.start(server.invite())
    return member


# -- Host, Origin, methods, CORS ------------------------------------------------------


def test_a_foreign_host_header_is_refused_dns_rebinding(server):
    response = httpx.get(server.base + "/", headers={"Host": "evil.example:80"})
    assert response.status_code == 421
    assert "no es la del buzón" in response.text


def test_a_post_from_another_origin_is_refused(server, env):
    member = started(server)
    before = session_files(env)
    page = member.client.get("/historia")
    response = member.client.post(
        "/historia",
        data=hidden(page.text) | {"texto": "desde otro sitio"},
        headers={"Origin": "http://evil.example"},
    )
    assert response.status_code == 403
    assert "no viene de las páginas del buzón" in response.text
    assert session_files(env) == before


def test_a_post_without_origin_or_referer_is_refused(server):
    member = started(server)
    page = member.client.get("/historia")
    bare = httpx.Client(base_url=server.base, cookies=member.client.cookies)
    response = bare.post("/historia", data=hidden(page.text) | {"texto": "x"})
    assert response.status_code == 403


def test_a_cross_site_fetch_is_refused(server):
    member = started(server)
    page = member.client.get("/historia")
    response = member.client.post(
        "/historia",
        data=hidden(page.text) | {"texto": "x"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403


def test_no_cors_options_refused_and_no_access_control_headers(server):
    preflight = httpx.request(
        "OPTIONS",
        server.base + "/historia",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 405
    page = httpx.get(server.base + "/", headers={"Origin": "http://evil.example"})
    for response in (preflight, page):
        assert not [h for h in response.headers if h.lower().startswith("access-control-")]


def test_every_page_has_a_strict_csp_and_security_headers(server):
    member = started(server)
    responses = [
        member.client.get("/historia"),
        member.client.get("/dibujos"),
        member.client.get("/nombre"),
        member.client.get("/permiso"),
        httpx.get(server.base + "/"),
        httpx.get(server.base + "/no-existe"),
        httpx.get(server.base + "/redaccion"),
        httpx.get(server.base + "/static/buzon.css"),
        httpx.get(server.base + "/i/falsa"),
        httpx.get(server.base + "/", headers={"Host": "evil.example"}),
    ]
    for response in responses:
        csp = response.headers.get("content-security-policy", "")
        assert "default-src 'none'" in csp and "script-src 'self'" in csp, response.url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


# -- invitations and sessions -------------------------------------------------------------


def test_an_invitation_works_once(server):
    link = server.invite()
    Member(server.base).start(link)
    second = Member(server.base).client.get(link)
    assert second.status_code == 403 and "ya se usó" in second.text


def test_a_tampered_invitation_is_refused(server):
    link = server.invite()
    token = link.rsplit("/", 1)[1]
    forged = link[: -len(token)] + token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    response = httpx.get(forged)
    assert response.status_code == 403 and "no es válida" in response.text


def test_an_expired_invitation_is_refused(server, env, monkeypatch):
    import itsdangerous.timed

    from voces.buzon.invitations import Invitations
    from voces.buzon.store import Vault, load_key

    vault = Vault(load_key(Path(env["VOCES_BUZON_KEY"]), create=False))
    invitations = Invitations(vault, Path(env["VOCES_BUZON_DIR"]) / "usadas.json")
    three_hours_ago = time.time() - 3 * 3600
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: three_hours_ago)
    token = invitations.make(2)
    monkeypatch.undo()
    response = httpx.get(f"{server.base}/i/{token}")
    assert response.status_code == 403 and "ya venció" in response.text


def test_the_session_cookie_is_opaque_httponly_and_samesite_strict(server):
    link = server.invite()
    client = httpx.Client(base_url=server.base, headers={"Origin": server.base})
    page = client.get(link)
    response = client.post(link, data=hidden(page.text))
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    value = cookie.split(";", 1)[0].split("=", 1)[1]
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    assert len(raw) == 32  # 32 random bytes, no data, no signature, no JSON
    assert "." not in value and "{" not in value


def test_steps_without_a_session_are_refused(server):
    client = httpx.Client(base_url=server.base, headers={"Origin": server.base})
    assert client.get("/historia").status_code == 403
    response = client.post("/historia", data={"texto": "x", "csrf": "x", "envio": "x" * 20})
    assert response.status_code == 403 and "pide una invitación" in response.text


def test_a_wrong_csrf_token_is_refused_and_nothing_kept(server, env):
    member = started(server)
    before = session_files(env)
    page = member.client.get("/dibujos")
    fields = hidden(page.text) | {"csrf": "otro"}
    response = member.client.post(
        "/dibujos", data=fields, files=[("fotos", ("a.jpg", jpeg_with_gps("C"), "image/jpeg"))]
    )
    assert response.status_code == 403 and "La página era vieja" in response.text
    assert session_files(env) == before


# -- limits -----------------------------------------------------------------------------


def test_a_declared_body_over_the_limit_is_refused_before_reading(server, env):
    member = started(server)
    before = session_files(env)
    page = member.client.get("/dibujos")
    big = os.urandom(2 * 1024 * 1024)
    response = member.client.post(
        "/dibujos", data=hidden(page.text), files=[("fotos", ("a.jpg", big, "image/jpeg"))]
    )
    assert response.status_code == 413
    assert "No se guardó nada" in response.text and "máximo 3 archivos y 1 MB" in response.text
    assert session_files(env) == before


def test_a_chunked_body_without_length_is_cut_at_the_limit(server):
    member = started(server)
    page = member.client.get("/historia")
    fields = hidden(page.text)
    boundary = "limite"
    head = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="grabacion"; filename="a.ogg"'
        "\r\nContent-Type: audio/ogg\r\n\r\n"
    )
    conn = http.client.HTTPConnection("127.0.0.1", int(server.base.rsplit(":", 1)[1]))
    conn.putrequest("POST", "/historia", skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", server.base.removeprefix("http://"))
    conn.putheader("Origin", server.base)
    conn.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in member.client.cookies.items()))
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()

    def chunk(data: bytes):
        conn.send(f"{len(data):x}\r\n".encode() + data + b"\r\n")

    chunk(head.encode())
    try:
        for _ in range(40):  # 2.5 MB in 64 KB chunks, past the 1 MB limit
            chunk(b"OggS" + b"\0" * (64 * 1024 - 4))
        conn.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server may close as soon as it has answered
    response = conn.getresponse()
    body = response.read().decode()
    assert response.status == 413, body
    assert "No se guardó nada" in body


def test_too_many_files_in_one_request_is_refused_and_nothing_kept(server, env):
    member = started(server)
    before = session_files(env)
    photo = jpeg_with_gps("N", size=(40, 30))
    files = [("fotos", (f"{i}.jpg", photo, "image/jpeg")) for i in range(4)]
    response, _ = member.post("dibujos", files=files)
    assert response.status_code == 413 and "No se guardó nada" in response.text
    assert session_files(env) == before


def test_too_many_files_over_several_steps_is_refused(server):
    member = started(server)
    photo = jpeg_with_gps("M", size=(40, 30))
    for _ in range(3):
        ok, _ = member.post("dibujos", files=[("fotos", ("a.jpg", photo, "image/jpeg"))])
        assert ok.status_code == 200
    refused, _ = member.post("dibujos", files=[("fotos", ("a.jpg", photo, "image/jpeg"))])
    assert refused.status_code == 413
    page = member.client.get("/dibujos").text
    assert "3 fotos" in page


def test_types_are_judged_by_bytes_not_names(server, env):
    member = started(server)
    before = session_files(env)
    fake = b"<?php system($_GET['c']); ?>"
    response, _ = member.post("dibujos", files=[("fotos", ("dibujo.jpg", fake, "image/jpeg"))])
    assert response.status_code == 422 and "Solo se aceptan fotos y grabaciones" in response.text
    photo_as_audio, _ = member.post(
        "historia", files=[("grabacion", ("voz.ogg", jpeg_with_gps("T"), "audio/ogg"))]
    )
    assert photo_as_audio.status_code == 422 and "grabación de voz" in photo_as_audio.text
    assert session_files(env) == before


def test_phone_file_names_are_never_used_as_paths(server, env):
    member = started(server)
    photo = jpeg_with_gps("RUTA", size=(40, 30))
    names = ["../../content/testimonios/x.md", "/etc/passwd", "..\\..\\evil.jpg"]
    files = [("fotos", (name, photo, "image/jpeg")) for name in names]
    response, _ = member.post("dibujos", files=files)
    assert response.status_code == 200
    stored = [p.name for p in session_files(env)]
    assert {"foto-1.jpg", "foto-2.jpg", "foto-3.jpg"} <= set(stored)
    assert not any("passwd" in s or "evil" in s or s.endswith(".md") for s in stored)
    assert not (ROOT / "content" / "testimonios" / "x.md").exists()


# -- editors ------------------------------------------------------------------------------


def editor_login(server, phrase):
    client = httpx.Client(base_url=server.base, headers={"Origin": server.base})
    page = client.get("/redaccion")
    response = client.post("/redaccion/entrar", data=hidden(page.text) | {"frase": phrase})
    return client, response


def test_the_passphrase_is_stored_only_as_an_argon2_hash(env):
    stored = (Path(env["VOCES_CONFIG_DIR"]) / "redaccion.argon2").read_text()
    assert stored.startswith("$argon2id$") and PASSPHRASE not in stored
    assert not str(Path(env["VOCES_CONFIG_DIR"])).startswith(str(ROOT))


def test_a_wrong_passphrase_is_refused(server):
    _client, response = editor_login(server, "no es la frase correcta")
    assert response.status_code == 403 and "Esa no es la frase" in response.text


def test_the_desk_lists_and_shows_files_only_after_login(server):
    member = started(server)
    receipt = member.send_story(text="Texto para la redacción.", photos=[jpeg_with_gps("D")])
    anonymous = httpx.get(f"{server.base}/redaccion/envio/{receipt}/archivo/foto-1.jpg")
    assert anonymous.status_code == 403 and not anonymous.content.startswith(b"\xff\xd8")
    client, response = editor_login(server, PASSPHRASE)
    listing = client.get("/redaccion")
    assert receipt in listing.text
    photo = client.get(f"/redaccion/envio/{receipt}/archivo/foto-1.jpg")
    assert photo.status_code == 200 and photo.content.startswith(b"\xff\xd8")
    # The desk's forms carry the editor session's CSRF token; without it nothing happens.
    refused = client.post(f"/redaccion/envio/{receipt}/borrar", data={"csrf": "x"})
    assert refused.status_code == 403
    assert receipt in client.get("/redaccion").text


# -- storage ------------------------------------------------------------------------------


def test_deleting_overwrites_then_removes(env, monkeypatch, tmp_path):
    from voces.buzon import store

    vault = store.Vault(store.load_key(Path(env["VOCES_BUZON_KEY"]), create=False))
    q = store.Quarantine(tmp_path / "q", vault)
    receipt = q.commit({"texto": "BORRAME-7"}, {"foto-1.jpg": b"\xff\xd8\xff" + b"A" * 5000})
    seen = {}
    real_unlink = os.unlink

    def spy(path, *args, **kwargs):
        seen[str(path)] = Path(path).read_bytes()
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(store.os, "unlink", spy)
    q.delete(receipt)
    assert not (tmp_path / "q" / "envios" / receipt).exists()
    assert len(seen) == 2
    for data in seen.values():
        assert not data.startswith(b"VZB1")  # overwritten with random bytes first


def test_a_failed_commit_leaves_nothing_and_leftovers_are_swept(env, tmp_path):
    from voces.buzon import store

    vault = store.Vault(store.load_key(Path(env["VOCES_BUZON_KEY"]), create=False))
    q = store.Quarantine(tmp_path / "q", vault)

    class Boom(dict):
        def items(self):
            yield "foto-1.jpg", b"ok"
            raise OSError("disco lleno")

    with pytest.raises(OSError):
        q.commit({"texto": "x"}, Boom())
    assert list((tmp_path / "q" / "envios").iterdir()) == []
    # A crash between tmp file and rename leaves a hidden .tmp-*: swept at start.
    leftover = tmp_path / "q" / "envios" / ".tmp-abandonado"
    leftover.mkdir()
    (leftover / "foto-1.jpg").write_bytes(b"x")
    q.sweep()
    assert list((tmp_path / "q" / "envios").iterdir()) == []
    assert q.list() == []


def test_quarantine_and_key_stay_out_of_content_and_the_repository(tmp_path, monkeypatch):
    from voces.buzon import config

    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "buzon/envios/X/datos.json"], cwd=ROOT
    ).returncode
    assert ignored == 0
    monkeypatch.setenv("VOCES_BUZON_DIR", str(ROOT / "content" / "buzon"))
    with pytest.raises(config.ConfigError, match="dentro de content"):
        config.load(ROOT)
    monkeypatch.setenv("VOCES_BUZON_DIR", str(tmp_path / "q"))
    monkeypatch.setenv("VOCES_BUZON_KEY", str(ROOT / "buzon.key"))
    with pytest.raises(config.ConfigError, match="dentro del repositorio"):
        config.load(ROOT)


def test_a_public_address_needs_telling_twice(env):
    from voces.buzon.server import check_bind

    assert check_bind("127.0.0.1", None) is None
    assert check_bind("192.168.1.20", None) is None
    refusal = check_bind("8.8.8.8", None)
    assert refusal and "pública" in refusal and "--confirmar-publica 8.8.8.8" in refusal
    assert check_bind("8.8.8.8", "8.8.8.8") is None
    proc = voces_buzon(env, "--direccion", "8.8.8.8", check=False)
    assert proc.returncode == 2 and "dirección pública" in proc.stderr


def test_the_server_says_where_it_listens(server):
    assert server.first_line == server.base  # a full http:// address on a line of its own


def test_nothing_from_the_quarantine_is_readable_without_the_key(env, server):
    member = started(server)
    member.send_story(text="CLAVE-SECRETA-99")
    files = decrypt_all(env)
    assert any(b"CLAVE-SECRETA-99" in v for v in files.values())
    from voces.buzon.store import Vault

    with pytest.raises(Exception):  # noqa: B017 - any decryption failure will do
        other = Vault(os.urandom(32))
        for path in (Path(env["VOCES_BUZON_DIR"]) / "envios").rglob("datos.json"):
            other.read(path)
