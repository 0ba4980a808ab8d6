"""``voces importar-whatsapp``: a chat exported with media becomes submissions, and a
dangerous zip is refused whole. The zips are made here."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from mailbox_helpers import ROOT, command_here, decrypt_all, jpeg_with_gps, mailbox_env

MARKER = "GARZA5120"
CHAT = """\u200e30/11/26, 14:02 - Los mensajes y las llamadas están cifrados de extremo a extremo.
30/11/26, 14:03 - María Guadalupe Pérez: Hola compañeras, les cuento lo que me pasó {m}-uno
30/11/26, 14:04 - María Guadalupe Pérez: Mi vida cambió cuando llegué. Llámenme al 962 123 4567
o escríbanle a Rosa, @5219621112233 lo sabe
30/11/26, 14:05 - María Guadalupe Pérez: PTT-20261130-WA0003.opus (archivo adjunto)
30/11/26, 14:06 - +52 962 765 4321: IMG-20261130-WA0001.jpg (archivo adjunto)
30/11/26, 14:07 - +52 962 765 4321: Este es mi dibujo del 12/10/2026 {m}-dos
30/11/26, 14:08 - +52 962 765 4321: <Multimedia omitido>
30/11/26, 14:09 - María Guadalupe Pérez: Se eliminó este mensaje.
"""


def voice_note(tmp_path) -> bytes:
    dest = tmp_path / "nota.opus"
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
            "sine=frequency=300:duration=1.5", "-c:a", "libopus", "-b:a", "24k",
            "-metadata", f"title=Nota-{MARKER}", "-metadata", "artist=María Guadalupe Pérez",
            str(dest),
        ],
        check=True,
    )  # fmt: skip
    return dest.read_bytes()


def make_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def importar(env, zip_path):
    """``python -m voces.commands.importar_whatsapp ZIP``, run in this process (what the
    command does is tested, not its process)."""
    return command_here("importar_whatsapp", env, [zip_path])


@pytest.fixture
def env(tmp_path):
    return mailbox_env(tmp_path)


@pytest.fixture
def good_zip(tmp_path):
    return make_zip(
        tmp_path / "Chat de WhatsApp con Colectiva.zip",
        {
            "Chat de WhatsApp con Colectiva.txt": CHAT.format(m=MARKER).encode(),
            "PTT-20261130-WA0003.opus": voice_note(tmp_path),
            "IMG-20261130-WA0001.jpg": jpeg_with_gps(MARKER),
        },
    )


def test_a_chat_becomes_one_submission_per_person_without_names_phones_or_dates(env, good_zip):
    proc = importar(env, good_zip)
    assert proc.returncode == 0, proc.stderr
    receipts = [line for line in proc.stdout.splitlines() if re.fullmatch(r"\w{4}-\w{4}", line)]
    assert len(receipts) == 2
    files = decrypt_all(env)
    datas = [json.loads(v) for k, v in files.items() if k.endswith("datos.json")]
    texts = "\n".join(d["texto"] for d in datas)
    assert f"{MARKER}-uno" in texts and f"{MARKER}-dos" in texts
    kinds = sorted(f["kind"] for d in datas for f in d["archivos"])
    assert kinds == ["audio", "foto"]
    everything = b"\n".join(files.values())
    for secret in (
        "María",
        "Guadalupe",
        "Pérez",
        "962 123 4567",
        "962 765 4321",
        "5219621112233",
        "30/11/26",
        "14:03",
        "12/10/2026",
        "WA0003",
        "WA0001",
        "IMG-2026",
        "Nota-",
        "cifrados",
        "Multimedia omitido",
        "Se eliminó",
    ):
        assert secret.encode() not in everything, secret
    assert "[teléfono]" in texts and "[fecha]" in texts
    assert all(d["origen"] == "whatsapp" and d["consentimiento"] is False for d in datas)
    assert all(d["alcance"] == "todavia_no" for d in datas)
    # Nothing of the chat on disk in clear.
    for path in Path(env["VOCES_BUZON_DIR"]).rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes()


@pytest.mark.parametrize(
    "bad_name",
    ["../../content/testimonios/robado.md", "/etc/cron.d/x", "C:/Windows/x.txt", "a\\..\\b.jpg"],
)
def test_a_zip_slip_entry_refuses_the_whole_import(env, tmp_path, bad_name):
    bad = make_zip(
        tmp_path / "malo.zip",
        {"_chat.txt": CHAT.format(m=MARKER).encode(), bad_name: b"pwned"},
    )
    proc = importar(env, bad)
    assert proc.returncode == 2
    assert "no se importó nada" in proc.stderr
    assert decrypt_all(env) == {}
    assert not (ROOT / "content" / "testimonios" / "robado.md").exists()


def test_a_symbolic_link_entry_is_refused(env, tmp_path):
    path = tmp_path / "enlace.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("_chat.txt", CHAT.format(m=MARKER))
        link = zipfile.ZipInfo("IMG-20261130-WA0001.jpg")
        link.external_attr = (0o120777 << 16) | 0
        zf.writestr(link, "/etc/passwd")
    proc = importar(env, path)
    assert proc.returncode == 2 and "enlace simbólico" in proc.stderr
    assert decrypt_all(env) == {}


def test_a_zip_bomb_is_refused_before_it_is_unpacked(env, tmp_path):
    bomb = tmp_path / "bomba.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("_chat.txt", CHAT.format(m=MARKER))
        with zf.open("IMG-20261130-WA0001.jpg", "w", force_zip64=True) as fh:
            zeros = b"\0" * (1 << 20)
            for _ in range(200):  # 200 MB of zeros, about 200 KB compressed
                fh.write(zeros)
    assert bomb.stat().st_size < 1024 * 1024
    proc = importar(env, bomb)
    assert proc.returncode == 2 and "bomba zip" in proc.stderr
    assert decrypt_all(env) == {}


def test_an_entry_that_lies_about_its_size_is_cut(env, tmp_path):
    from voces.buzon.whatsapp import ImportRefused, read_entry

    path = make_zip(tmp_path / "m.zip", {"a.jpg": b"x" * 5000})
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("a.jpg")
        info.file_size = 100  # a forged header
        with pytest.raises(ImportRefused, match="bomba zip"):
            read_entry(zf, info, 10_000)


def test_not_a_zip_is_a_clear_message(env, tmp_path):
    path = tmp_path / "chat.zip"
    path.write_bytes(io.BytesIO(b"no soy un zip").getvalue())
    proc = importar(env, path)
    assert proc.returncode == 2 and "no es un zip" in proc.stderr
