"""A killed server loses nothing it accepted and leaves nothing half-written."""

from __future__ import annotations

import http.client
import json
import shutil
from pathlib import Path

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


def test_a_killed_server_keeps_what_was_accepted_and_nothing_partial(tmp_path):
    env = mailbox_env(tmp_path)
    server = Server(env)
    member = Member(server.base)
    member.start(server.invite())
    ok, _ = member.post("dibujos", files=[("fotos", ("a.jpg", jpeg_with_gps("K"), "image/jpeg"))])
    assert ok.status_code == 200

    # A second upload is on its way (half the body sent) when the server is killed.
    page = member.client.get("/dibujos")
    conn = http.client.HTTPConnection("127.0.0.1", server.port)
    conn.putrequest("POST", "/dibujos", skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", f"127.0.0.1:{server.port}")
    conn.putheader("Origin", server.base)
    conn.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in member.client.cookies.items()))
    conn.putheader("Content-Type", "multipart/form-data; boundary=b")
    conn.putheader("Content-Length", "400000")
    conn.endheaders()
    body = "".join(
        f'--b\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in hidden(page.text).items()
    )
    conn.send(body.encode() + b'--b\r\nContent-Disposition: form-data; name="fotos"; ')
    conn.send(b'filename="b.jpg"\r\n\r\n' + jpeg_with_gps("MITAD")[:20000])
    server.kill()
    conn.close()

    quarantine = Path(env["VOCES_BUZON_DIR"])
    restarted = Server(env, port=server.port)
    try:
        assert not [p for p in quarantine.rglob("*") if p.name.startswith(".tmp-")]
        # Same cookie, same session: the first photo is still there, the half one is not.
        page = member.client.get("/dibujos").text
        assert "1 foto" in page and "2 fotos" not in page
        member.post("nombre", {"seudonimo": "Roca"})
        done, _ = member.post("permiso", {"alcance": "impreso", "acepto": "si"})
        assert done.status_code == 200 and 'class="recibo"' in done.text
    finally:
        restarted.stop()
    files = decrypt_all(env)
    datas = [json.loads(v) for k, v in files.items() if k.endswith("datos.json")]
    assert len(datas) == 1 and [f["name"] for f in datas[0]["archivos"]] == ["foto-1.jpg"]


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A mailbox with the editors' passphrase, its server running in a project copy (the
    web desk's 'Aceptar' writes there). Both desk tests use it; neither needs it empty."""
    base = tmp_path_factory.mktemp("escritorio")
    project = base / "proyecto"
    project.mkdir()
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "content" / "testimonios", project / "content" / "testimonios")
    env = mailbox_env(base)
    phrase = "una frase larga para la redaccion"
    voces_buzon(env, "clave", stdin=f"{phrase}\n{phrase}\n")
    server = Server(env, cwd=project)
    yield {"env": env, "project": project, "server": server, "phrase": phrase}
    server.stop()


def test_the_desk_accepts_into_a_draft_with_csrf(desk):
    """The web desk's 'Aceptar' writes the same draft as the command (in a project copy)."""
    project, server, phrase = desk["project"], desk["server"], desk["phrase"]
    member = Member(server.base)
    member.start(server.invite())
    receipt = member.send_story(text="Desde el escritorio ESCRITORIO-31", name="Brisa")
    editor = Member(server.base)
    login = editor.client.get("/redaccion")
    editor.client.post("/redaccion/entrar", data=hidden(login.text) | {"frase": phrase})
    page = editor.client.get(f"/redaccion/envio/{receipt}")
    assert "ESCRITORIO-31" in page.text
    form = hidden(page.text) | {"seccion": "testimonios"}
    done = editor.client.post(f"/redaccion/envio/{receipt}/aceptar", data=form)
    assert "Aceptado como borrador" in done.text
    drafts = list((project / "content" / "testimonios").glob("historia-*.md"))
    assert len(drafts) == 1
    text = drafts[0].read_text(encoding="utf-8")
    assert "estado: borrador" in text and "autora: Brisa" in text and "ESCRITORIO-31" in text
    assert not list((ROOT / "content" / "testimonios").glob("historia-*.md"))


def test_the_desk_erases_only_when_told_twice(desk):
    env, server, phrase = desk["env"], desk["server"], desk["phrase"]
    member = Member(server.base)
    member.start(server.invite())
    receipt = member.send_story(text="Para borrar desde el escritorio")
    editor = Member(server.base)
    login = editor.client.get("/redaccion")
    editor.client.post("/redaccion/entrar", data=hidden(login.text) | {"frase": phrase})
    page = editor.client.get(f"/redaccion/envio/{receipt}")
    form = hidden(page.text)
    kept = editor.client.post(f"/redaccion/envio/{receipt}/borrar", data=form)
    assert "No se borró" in kept.text and receipt in voces_buzon(env, "lista").stdout
    gone = editor.client.post(f"/redaccion/envio/{receipt}/borrar", data=form | {"confirmar": "si"})
    assert f"Borrado: {receipt}" in gone.text
    assert receipt not in voces_buzon(env, "lista").stdout
