"""A member's path over HTTP against a real server: story, recording, photo, consent.

What arrives is cleaned before it is stored, encrypted at rest, never shown back, and a
retry with the same idempotency token does not make a duplicate.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from mailbox_helpers import (
    Member,
    decrypt_all,
    ffprobe_tags,
    hidden,
    jpeg_with_gps,
    m4a_with_tags,
)

MARKER = "ZORZAL4417"


@pytest.fixture(scope="module")
def sent(server, env, tmp_path_factory):
    """One complete submission: text, an M4A with tags, a JPEG with GPS."""
    member = Member(server.base)
    member.start(server.invite())
    receipt = member.send_story(
        text=f"Mi historia empieza en el río. {MARKER}-texto",
        audio=m4a_with_tags(MARKER),
        photos=[jpeg_with_gps(MARKER)],
        name="Estrella",
        scope="ambos",
    )
    return {"receipt": receipt, "member": member}


def test_the_receipt_is_shown_and_the_submission_is_whole(sent, env):
    receipt = sent["receipt"]
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", receipt)
    files = decrypt_all(env)
    names = sorted(files)
    assert names == sorted(
        [f"{receipt}/datos.json", f"{receipt}/grabacion-1.opus", f"{receipt}/foto-2.jpg"]
    )
    data = json.loads(files[f"{receipt}/datos.json"])
    assert data["seudonimo"] == "Estrella"
    assert data["alcance"] == "ambos" and data["consentimiento"] is True
    assert f"{MARKER}-texto" in data["texto"]


def test_photo_and_recording_lost_their_metadata_before_storage(sent, env, tmp_path):
    files = decrypt_all(env)
    receipt = sent["receipt"]
    photo = tmp_path / "foto.jpg"
    photo.write_bytes(files[f"{receipt}/foto-2.jpg"])
    audio = tmp_path / "grabacion.opus"
    audio.write_bytes(files[f"{receipt}/grabacion-1.opus"])
    for path in (photo, audio):
        assert MARKER.encode() not in path.read_bytes()
    exif = subprocess.run(
        ["exiftool", "-a", "-G1", "-s", str(photo)], capture_output=True, text=True
    ).stdout
    assert "GPS" not in exif and "Make" not in exif and "Comment" not in exif, exif
    tags = ffprobe_tags(audio)
    # Only ffmpeg's own generic "encoder=Lavc libopus" remains: nothing about the phone.
    kept = [line for line in tags.splitlines() if line.startswith("TAG:")]
    assert kept == ["TAG:encoder=Lavc libopus"], tags
    assert MARKER not in tags and "location" not in tags.lower()
    assert "codec_name=opus" in tags


def test_files_at_rest_are_encrypted_and_readable_only_by_the_owner(sent, env):
    base = Path(env["VOCES_BUZON_DIR"])
    stored = [p for p in (base / "envios").rglob("*") if p.is_file()]
    assert stored
    for path in stored:
        raw = path.read_bytes()
        assert raw.startswith(b"VZB1")
        assert MARKER.encode() not in raw and b"Estrella" not in raw
        assert b"\xff\xd8\xff" not in raw[:32] and b"OggS" not in raw[:32]
        assert path.stat().st_mode & 0o077 == 0, path
    key = Path(env["VOCES_BUZON_KEY"])
    assert key.stat().st_mode & 0o077 == 0


def test_nothing_sent_can_be_seen_again_from_a_phone(sent, server):
    member = sent["member"]
    # Her own session only remembers the receipt; every step now leads to it.
    page = member.client.get("/historia", follow_redirects=True)
    assert sent["receipt"] in page.text
    assert MARKER not in page.text and "Estrella" not in page.text
    # No listing, no file address for a phone without the editors' passphrase.
    other = Member(server.base)
    for path in (
        "/redaccion",
        f"/redaccion/envio/{sent['receipt']}",
        f"/redaccion/envio/{sent['receipt']}/archivo/foto-2.jpg",
        f"/envios/{sent['receipt']}",
        "/static/../cuarentena",
    ):
        response = other.client.get(path, follow_redirects=True)
        assert MARKER not in response.text
        assert response.headers.get("content-type", "").startswith("text/html"), path
        assert "Envío" not in response.text or "Frase" in response.text


def test_a_retry_with_the_same_token_is_not_a_duplicate(server, env):
    member = Member(server.base)
    member.start(server.invite())
    photo = jpeg_with_gps("REINTENTO")
    first, fields = member.post("dibujos", files=[("fotos", ("a.jpg", photo, "image/jpeg"))])
    assert first.status_code == 200
    again, _ = member.post(
        "dibujos",
        files=[("fotos", ("a.jpg", photo, "image/jpeg"))],
        same_token_as=fields["envio"],
    )
    assert again.status_code == 200
    page = member.client.get("/dibujos").text
    assert "Ya recibimos:" in page and "1 foto" in page and "2 fotos" not in page


def test_the_last_step_retried_shows_the_same_receipt(server):
    member = Member(server.base)
    member.start(server.invite())
    member.post("historia", {"texto": "Una historia corta."})
    member.post("nombre", {"seudonimo": "Luna"})
    page = member.client.get("/permiso")
    fields = {**hidden(page.text), "alcance": "internet", "acepto": "si"}
    first = member.client.post("/permiso", data=fields, follow_redirects=True)
    second = member.client.post("/permiso", data=fields, follow_redirects=True)
    receipt = re.search(r'class="recibo">([^<]+)<', first.text).group(1)
    assert receipt in second.text


def test_consent_must_be_given_or_not_yet(server):
    member = Member(server.base)
    member.start(server.invite())
    member.post("historia", {"texto": "Otra historia."})
    member.post("nombre", {"seudonimo": "Flor"})
    response, _ = member.post("permiso", {"alcance": "internet"})
    assert response.status_code == 422
    assert "Sí, estoy de acuerdo" in response.text
