"""Load test of the mailbox, on this machine only (127.0.0.1): N members send at once.

    .venv/bin/python scripts/bench_buzon.py [--envios 200] [--clientes 50] [--foto-px 1600]

Starts ``voces buzon`` on 127.0.0.1 and a free port with a throw-away quarantine and
key, makes one invitation per submission, and runs the member's whole path (invitation,
story text, one photo, pseudonym, consent) for every submission with ``--clientes``
concurrent clients. Then it checks that every submission arrived whole (decrypts each
one: its text and a decodable photo) and prints the response times. Bounded: a fixed
number of requests and a time limit (``--limite`` seconds); it never contacts any other
address. Exit status 1 if a submission is missing or incomplete.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # never anything else
HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')


def photo_bytes(width: int, seed: int) -> bytes:
    """A phone-like photo of a drawing: paper, strokes and sensor noise, with EXIF GPS."""
    rng = random.Random(seed)
    height = width * 3 // 4
    im = Image.effect_noise((width, height), 24).convert("RGB")
    paper = Image.new("RGB", (width, height), (222, 218, 205))
    im = Image.blend(paper, im, 0.25)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        for i in range(rng.randrange(50, 400)):
            xx, yy = min(width - 1, x + i), min(height - 1, y + (i * rng.choice((-1, 1))) // 3)
            im.putpixel((xx, yy), (30, 30, 40))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (14.0, 54.0, 0.0), 3: "W", 4: (92.0, 16.0, 0.0)}
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Timings:
    def __init__(self):
        self.by_kind: dict[str, list[float]] = {}

    def add(self, kind: str, seconds: float):
        self.by_kind.setdefault(kind, []).append(seconds)

    def all(self) -> list[float]:
        return [t for values in self.by_kind.values() for t in values]


async def member(base, link, photo, text, timings: Timings, limit: asyncio.Semaphore):
    async with (
        limit,
        httpx.AsyncClient(base_url=base, headers={"Origin": base}, timeout=120) as client,
    ):

        async def call(kind, method, url, **kw):
            started = time.perf_counter()
            response = await client.request(method, url, **kw)
            timings.add(kind, time.perf_counter() - started)
            return response

        async def fields(path):
            page = await call("GET", "GET", path)
            return dict(HIDDEN.findall(page.text))

        page = await call("GET", "GET", link)
        await call("POST", "POST", link, data=dict(HIDDEN.findall(page.text)))
        await call("POST", "POST", "/historia", data=(await fields("/historia")) | {"texto": text})
        form = await fields("/dibujos")
        await call(
            "POST foto", "POST", "/dibujos", data=form,
            files=[("fotos", ("IMG_0001.jpg", photo, "image/jpeg"))],
        )  # fmt: skip
        await call("POST", "POST", "/nombre", data=(await fields("/nombre")) | {"seudonimo": "Luz"})
        form = (await fields("/permiso")) | {"alcance": "ambos", "acepto": "si"}
        await call("POST", "POST", "/permiso", data=form)
        done = await call("GET", "GET", "/listo")
        match = re.search(r'class="recibo">([^<]+)<', done.text)
        return match.group(1) if match else None


def summary(values: list[float]) -> str:
    values = sorted(values)
    if not values:
        return "-"

    def pct(p):
        return values[min(len(values) - 1, int(p * len(values)))]

    return (
        f"n={len(values)} mediana={statistics.median(values):.3f}s p90={pct(0.9):.3f}s "
        f"p99={pct(0.99):.3f}s máx={values[-1]:.3f}s"
    )


async def run_load(base, links, photos, texts, clients, timings):
    limit = asyncio.Semaphore(clients)
    tasks = [
        member(base, link, photos[i % len(photos)], texts[i], timings, limit)
        for i, link in enumerate(links)
    ]
    return await asyncio.gather(*tasks, return_exceptions=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--envios", type=int, default=200)
    parser.add_argument("--clientes", type=int, default=50)
    parser.add_argument("--foto-px", type=int, default=1600)
    parser.add_argument("--limite", type=int, default=900, help="seconds, then stop")
    args = parser.parse_args(argv)
    if not (0 < args.envios <= 1000 and 0 < args.clientes <= 100):
        print("--envios ≤ 1000, --clientes ≤ 100", file=sys.stderr)
        return 2

    from voces.buzon.invitations import Invitations
    from voces.buzon.store import Vault, load_key

    with tempfile.TemporaryDirectory(prefix="bench-buzon-") as tmp:
        tmp = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("VOCES_")}
        env.update(
            VOCES_BUZON_DIR=str(tmp / "cuarentena"),
            VOCES_BUZON_KEY=str(tmp / "llave" / "buzon.key"),
            VOCES_CONFIG_DIR=str(tmp / "config"),
        )
        key = load_key(Path(env["VOCES_BUZON_KEY"]))
        vault = Vault(key)
        port = free_port()
        base = f"http://{HOST}:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "voces.commands.buzon", "--direccion", HOST,
             "--puerto", str(port)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            for _ in range(300):
                try:
                    httpx.get(base + "/", timeout=2)
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            invitations = Invitations(vault, Path(env["VOCES_BUZON_DIR"]) / "usadas.json")
            links = [f"{base}/i/{invitations.make(2)}" for _ in range(args.envios)]
            photos = [photo_bytes(args.foto_px, seed) for seed in range(5)]
            texts = [f"Historia de prueba número {i} / marca-{i:04d}" for i in range(args.envios)]
            timings = Timings()
            started = time.perf_counter()
            results = asyncio.run(
                asyncio.wait_for(
                    run_load(base, links, photos, texts, args.clientes, timings), args.limite
                )
            )
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        errors = [r for r in results if isinstance(r, BaseException) or r is None]

        # Did every submission arrive whole?
        whole = 0
        envios = Path(env["VOCES_BUZON_DIR"]) / "envios"
        seen_texts = set()
        for folder in envios.iterdir() if envios.exists() else []:
            if folder.name.startswith("."):
                continue
            data = json.loads(vault.read(folder / "datos.json"))
            photos_ok = True
            for entry in data["archivos"]:
                blob = vault.read(folder / entry["name"])
                try:
                    Image.open(io.BytesIO(blob)).load()
                except Exception:
                    photos_ok = False
            if photos_ok and len(data["archivos"]) == 1 and data["texto"] in texts:
                whole += 1
                seen_texts.add(data["texto"])
        partial = [p for p in envios.rglob(".tmp-*")] if envios.exists() else []

    client_cpu = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)  # server and its workers
    photo_kb = sum(len(p) for p in photos) / len(photos) / 1024
    print(f"Máquina: {os.cpu_count()} núcleos; servidor: un proceso uvicorn en {HOST}")
    print(
        f"Envíos: {args.envios}, clientes a la vez: {args.clientes}, foto: {args.foto_px} px, "
        f"{photo_kb:.0f} KB (JPEG con GPS)"
    )
    print(
        f"Llegaron enteros: {whole}/{args.envios} (textos distintos: {len(seen_texts)}); "
        f"errores: {len(errors)}; restos a medias: {len(partial)}"
    )
    print(f"Tiempo total: {wall:.1f} s; {args.envios / wall:.1f} envíos/s")
    print(
        f"CPU usada: servidor y sus procesos {server_cpu.ru_utime + server_cpu.ru_stime:.1f} s, "
        f"este cliente {client_cpu.ru_utime + client_cpu.ru_stime:.1f} s; "
        f"carga de la máquina al terminar: {os.getloadavg()[0]:.1f}"
    )
    print(f"Todas las respuestas: {summary(timings.all())}")
    for kind in sorted(timings.by_kind):
        print(f"  {kind}: {summary(timings.by_kind[kind])}")
    for error in errors[:5]:
        print(f"  error: {error!r}")
    ok = whole == args.envios and not errors and not partial
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
