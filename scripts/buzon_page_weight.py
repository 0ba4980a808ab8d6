"""Page weight of each step of the mailbox, as a phone downloads it (no cache).

    .venv/bin/python scripts/buzon_page_weight.py [--limite-kb 30]

Runs the application in this process with a throw-away quarantine, walks a member's
path (invitation, the four steps, the receipt) and adds up, for each page, the HTML and
every file the page loads (style sheet, script, icons), uncompressed. The recorded
prompts are counted apart: they load only when she presses ▶ (``preload="none"``).
Exit status 1 when a step weighs more than the limit.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import tempfile
import threading
from pathlib import Path

ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def measure() -> list[tuple[str, int, int]]:
    """[(step, bytes without prompts, prompt bytes)] for every page of the path."""
    # In a thread of its own: the caller may already run an event loop (pytest with
    # Playwright's sync API does).
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("r", asyncio.run(_measure())))
    thread.start()
    thread.join()
    return result["r"]


async def _measure() -> list[tuple[str, int, int]]:
    import httpx

    from voces.buzon import config
    from voces.buzon.app import create_app
    from voces.buzon.invitations import Invitations

    with tempfile.TemporaryDirectory(prefix="peso-buzon-") as tmp:
        saved = {k: os.environ.get(k) for k in ("VOCES_BUZON_DIR", "VOCES_BUZON_KEY")}
        os.environ["VOCES_BUZON_DIR"] = str(Path(tmp) / "q")
        os.environ["VOCES_BUZON_KEY"] = str(Path(tmp) / "k" / "buzon.key")
        try:
            settings = config.load(Path(__file__).resolve().parents[1])
            app = create_app(settings, allowed_hosts=["testserver"])
            client = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://testserver",
                headers={"Origin": "http://testserver"},
            )
            invitations = Invitations(
                app.state.quarantine.vault, app.state.quarantine.folder / "usadas.json"
            )
            link = f"/i/{invitations.make(1)}"
            hidden = re.compile(r'name="(\w+)" value="([^"]*)"')
            results = []

            async def weigh(name, html):
                assets = sorted(set(ASSET.findall(html)))
                size = len(html.encode())
                prompts = 0
                for url in assets:
                    body = (await client.get(url)).content
                    if url.startswith("/static/prompts/"):
                        prompts += len(body)
                    else:
                        size += len(body)
                results.append((name, size, prompts))

            page = (await client.get(link)).text
            await weigh("bienvenida", page)
            await client.post(link, data=dict(hidden.findall(page)))
            for step in ("historia", "dibujos", "nombre", "permiso"):
                await weigh(step, (await client.get(f"/{step}")).text)
            page = (await client.get("/historia")).text
            await client.post("/historia", data=dict(hidden.findall(page)) | {"texto": "Hola."})
            page = (await client.get("/nombre")).text
            await client.post("/nombre", data=dict(hidden.findall(page)) | {"seudonimo": "Luz"})
            page = (await client.get("/permiso")).text
            form = dict(hidden.findall(page)) | {"alcance": "ambos", "acepto": "si"}
            done = await client.post("/permiso", data=form, follow_redirects=True)
            await weigh("listo", done.text)
            await client.aclose()
            return results
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limite-kb", type=float, default=30.0)
    args = parser.parse_args(argv)
    worst = 0
    for step, size, prompts in measure():
        worst = max(worst, size)
        print(
            f"{step:11} {size / 1024:5.1f} KB  (+ voz grabada {prompts / 1024:4.1f} KB al tocar ▶)"
        )
    ok = worst <= args.limite_kb * 1024
    print(
        f"máximo {worst / 1024:.1f} KB; límite {args.limite_kb:g} KB: {'bien' if ok else 'EXCEDE'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
