"""Helpers for the mailbox tests: a real server, invitations, a member's path, media."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>\w+)" value="(?P<value>[^"]*)">')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mailbox_env(base: Path) -> dict:
    """Environment pointing the mailbox at folders of this test (quarantine, key, config)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOCES_")}
    env.update(
        VOCES_BUZON_DIR=str(base / "cuarentena"),
        VOCES_BUZON_KEY=str(base / "llaves" / "buzon.key"),
        VOCES_CONFIG_DIR=str(base / "config"),
        TZ="America/Mexico_City",
    )
    return env


def voces_buzon(
    env, *args, stdin=None, check=True, process=False, cwd=ROOT
) -> subprocess.CompletedProcess:
    """``python -m voces.commands.buzon ARGS`` in ``cwd`` (the project root) with exactly
    the environment ``env`` and ``stdin``: its exit status, stdout and stderr.

    It runs in this process (no Python start, no imports again), as that command's
    ``__main__`` runs it, with the environment, working directory, time zone and
    ``sys.stdin`` put back afterwards; ``process=True`` starts the real process (for a
    test about the process: what reaches its stdout when that is not a terminal)."""
    if process:
        proc = subprocess.run(
            [sys.executable, "-m", "voces.commands.buzon", *args],
            cwd=cwd,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
        )
    else:
        proc = command_here("buzon", env, [str(arg) for arg in args], stdin, cwd)
    if check and proc.returncode != 0:
        raise AssertionError(f"voces buzon {args} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def command_here(name, env, args, stdin=None, cwd=ROOT) -> subprocess.CompletedProcess:
    """``python -m voces.commands.NAME ARGS`` run in this process, as that module's
    ``__main__`` runs it (``configure``, then ``run``), with exactly the environment
    ``env``, in ``cwd`` and with ``stdin``; all three are put back afterwards."""
    import argparse
    import contextlib
    import importlib

    from voces.build import _set_environ

    command = importlib.import_module(f"voces.commands.{name}")
    args = [str(arg) for arg in args]
    saved_env, saved_cwd, saved_stdin = dict(os.environ), os.getcwd(), sys.stdin
    out, err = io.StringIO(), io.StringIO()
    try:
        _set_environ(env)  # the whole environment, as subprocess.run(env=env) gives it
        os.chdir(cwd)
        sys.stdin = io.StringIO(stdin or "")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            parser = argparse.ArgumentParser()
            command.configure(parser)
            try:
                code = command.run(parser.parse_args(args))
            except SystemExit as stop:  # argparse refusing the arguments
                code = stop.code if stop.code is None or isinstance(stop.code, int) else 1
                if code == 1 and not isinstance(stop.code, int):
                    print(stop.code, file=sys.stderr)  # as Python prints it on its way out
    finally:
        sys.stdin = saved_stdin
        _set_environ(saved_env)
        os.chdir(saved_cwd)
    return subprocess.CompletedProcess(
        ["voces", name.replace("_", "-"), *args], code or 0, out.getvalue(), err.getvalue()
    )


class Server:
    """``voces buzon`` as a subprocess on 127.0.0.1 and a free port."""

    def __init__(self, env, *extra, cwd=ROOT, port=None):
        self.env = env
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "voces.commands.buzon", "--puerto", str(self.port), *extra],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # The first line on stdout is the address it listens on (said before serving).
        self.first_line = self.proc.stdout.readline().strip()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server died: {self.proc.stderr.read()}")
            try:
                httpx.get(self.base + "/", timeout=2)
                return
            except httpx.TransportError:
                time.sleep(0.05)
        raise AssertionError("server did not start")

    def invite(self, *args) -> str:
        out = voces_buzon(self.env, "invitar", *args).stdout
        links = [line for line in out.splitlines() if line.startswith("http://")]
        assert len(links) == 1, out
        return links[0]

    def kill(self):
        """SIGKILL: the server gets no chance to tidy up."""
        self.proc.kill()
        self.proc.wait()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        try:
            out, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:  # a cleaning worker still holds the pipes
            out, err = "", ""
        return out, err


def hidden(html: str) -> dict:
    return {m["name"]: m["value"] for m in HIDDEN.finditer(html)}


class Member:
    """A phone: a cookie jar and forms posted from the mailbox's own pages."""

    def __init__(self, base: str):
        self.base = base
        self.client = httpx.Client(base_url=base, headers={"Origin": base}, timeout=60)

    def start(self, link: str) -> httpx.Response:
        page = self.client.get(link)
        assert page.status_code == 200, page.text
        return self.client.post(link, data=hidden(page.text), follow_redirects=True)

    def post(self, step: str, data=None, files=None, same_token_as=None):
        page = self.client.get(f"/{step}")
        fields = hidden(page.text)
        if same_token_as:
            fields["envio"] = same_token_as
        fields.update(data or {})
        response = self.client.post(f"/{step}", data=fields, files=files, follow_redirects=True)
        return response, fields

    def send_story(self, *, text="", audio=None, photos=(), name="Estrella", scope="ambos"):
        files = [("grabacion", ("nota.m4a", audio, "audio/mp4"))] if audio else None
        r, _ = self.post("historia", {"texto": text}, files=files)
        assert r.status_code == 200, r.text
        if photos:
            files = [("fotos", (f"IMG_{i}.jpg", p, "image/jpeg")) for i, p in enumerate(photos)]
            r, _ = self.post("dibujos", files=files)
            assert r.status_code == 200, r.text
        r, _ = self.post("nombre", {"seudonimo": name})
        assert r.status_code == 200, r.text
        r, _ = self.post("permiso", {"alcance": scope, "acepto": "si"})
        assert r.status_code == 200, r.text
        match = re.search(r'<p class="recibo">([0-9A-Z]{4}-[0-9A-Z]{4})</p>', r.text)
        assert match, r.text
        return match.group(1)


# -- media made by the tests ---------------------------------------------------------


def jpeg_with_gps(marker: str, size=(800, 600)) -> bytes:
    """A drawing-like JPEG carrying GPS, camera make and a comment with ``marker``."""
    im = Image.new("RGB", size, (235, 232, 225))
    for x in range(50, size[0] - 50, 7):
        im.putpixel((x, size[1] // 2), (20, 20, 20))
    exif = Image.Exif()
    exif[0x010F] = f"Camara-{marker}"  # Make
    exif[0x0131] = f"Software-{marker}"
    gps = {1: "N", 2: (14.0, 54.0, 0.0), 3: "W", 4: (92.0, 16.0, 0.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    im.save(out, "JPEG", exif=exif.tobytes(), comment=f"comentario-{marker}".encode())
    return out.getvalue()


def m4a_with_tags(marker: str, seconds: float = 2.0, work: Path | None = None) -> bytes:
    """A real M4A (AAC) recording with title, artist, GPS location and a comment tag."""
    import tempfile

    with tempfile.TemporaryDirectory(dir=work) as tmp:
        dest = Path(tmp) / "nota.m4a"
        subprocess.run(
            [
                "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                f"sine=frequency=220:duration={seconds}", "-c:a", "aac", "-b:a", "48k",
                "-metadata", f"title=Titulo-{marker}", "-metadata", f"artist=Artista-{marker}",
                "-metadata", f"comment=Comentario-{marker}",
                "-metadata", "location=+14.9000-092.2600/", str(dest),
            ],
            check=True,
        )  # fmt: skip
        return dest.read_bytes()


def ffprobe_tags(path: Path) -> str:
    proc = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-show_chapters", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def decrypt_all(env) -> dict[str, bytes]:
    """Every file of the quarantine's submissions, decrypted with the test's key."""
    from voces.buzon.store import Vault, load_key

    vault = Vault(load_key(Path(env["VOCES_BUZON_KEY"]), create=False))
    found = {}
    base = Path(env["VOCES_BUZON_DIR"]) / "envios"
    for path in sorted(base.rglob("*")) if base.exists() else []:
        if path.is_file():
            found[str(path.relative_to(base))] = vault.read(path)
    return found
