"""``voces ver`` (``serve``): a preview that rebuilds itself while members write.

Builds the preview (drafts and stories in review shown, marked) into ``.preview/`` in
this process, serves it on 127.0.0.1 and rebuilds when a file of the project changes.
It never writes ``output/`` (unless ``--produccion`` asks to serve the production
build). When the code of the plugins changes, the command starts itself again: code
already imported is not reloaded in place.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path

from .common import build, say

NAMES = ("ver", "serve")
HELP = (
    "Vista previa en http://127.0.0.1:8000 con recarga automática; muestra borradores "
    "marcados y nunca escribe en output/. / Preview with auto-reload."
)
PREVIEW_DIR = ".preview"
WATCHED = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py")
CODE = ("plugins",)


def configure(parser) -> None:
    parser.add_argument(
        "-p",
        "--puerto",
        "--port",
        dest="port",
        type=int,
        default=8000,
        metavar="PUERTO",
        help="puerto (por defecto: 8000) / port",
    )
    parser.add_argument(
        "--direccion",
        "--bind",
        dest="bind",
        default="127.0.0.1",
        metavar="IP",
        help="dirección (por defecto: 127.0.0.1) / address",
    )
    parser.add_argument(
        "--toda-la-red",
        "--whole-network",
        dest="whole_network",
        action="store_true",
        help="permitir una --direccion que no sea 127.0.0.1: los borradores quedan a la vista "
        "de toda la red / allow a non-loopback --bind: drafts visible to the whole network",
    )
    parser.add_argument(
        "--produccion",
        "--production",
        dest="production",
        action="store_true",
        help="servir la construcción de producción (output/) en vez de la vista previa",
    )
    parser.add_argument(
        "--una-vez",
        "--once",
        dest="once",
        action="store_true",
        help="construir una vez y servir, sin vigilar cambios / build once, do not watch",
    )


def fingerprint(root: Path, names=WATCHED) -> tuple:
    items = []
    for name in names:
        path = root / name
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.exists() else []
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                stat = file.stat()
                items.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(items)


def run(args) -> int:
    # The server's modules (http.server pulls in email, ssl, socket: ~45 ms) only when
    # serving, not on every start of ``voces`` (``voces --ayuda`` imports each command).
    import socketserver
    import threading

    from ..preview_server import PreviewHandler, bind_problem, network_warning

    root = args.root
    problem = bind_problem(args.bind, getattr(args, "whole_network", False))
    if problem:
        say(*problem)
        return 2
    settings = "publishconf.py" if args.production else "pelicanconf.py"
    output = root / ("output" if args.production else PREVIEW_DIR)
    preview = not args.production
    rebuild = functools.partial(
        build, root, settings, output, preview=preview, quiet=args.quiet, verbose=args.verbose
    )
    code = rebuild()
    if code and not output.exists():
        return code
    # Only requests that name this server (no DNS rebinding): see voces/preview_server.py.
    handler = functools.partial(PreviewHandler, directory=str(output))
    socketserver.TCPServer.allow_reuse_address = True
    try:
        server = socketserver.ThreadingTCPServer((args.bind, args.port), handler)
    except OSError as exc:
        say(
            f"No se pudo abrir el puerto {args.port} ({exc.strerror}). Use --puerto con otro "
            "número.",
            f"Could not open port {args.port} ({exc.strerror}). Use --port.",
        )
        return 1
    server.daemon_threads = True
    # The output checks of later rebuilds then run in this process: no fork while a
    # server thread may hold a lock.
    from voces_plugins.core.parallel import stay_in_process

    stay_in_process()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    kind = "producción" if args.production else "vista previa"
    say(
        f"Sirviendo la {kind} en http://{args.bind}:{args.port}/ (Ctrl+C para salir)",
        f"Serving on http://{args.bind}:{args.port}/ (Ctrl+C to stop)",
    )
    warning = network_warning(args.bind, args.port)
    if warning:
        say(*warning)
    try:
        last, code_last = fingerprint(root), fingerprint(root, CODE)
        while True:
            time.sleep(1)
            if args.once:
                continue
            now = fingerprint(root)
            if now == last:
                continue
            last = now
            if fingerprint(root, CODE) != code_last:
                say(
                    "Cambió el código de los plugins: reiniciando voces ver...",
                    "The plugins' code changed: restarting voces serve...",
                )
                server.shutdown()
                server.server_close()
                os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
            say("Cambios detectados: reconstruyendo...", "Changes found: rebuilding...")
            rebuild()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
