"""``voces``: la orden de las editoras / the editors' command.

Cada subcomando tiene nombre en español y en inglés / every subcommand has a Spanish
and an English name:

    voces construir   (build)     sitio de producción en output/
    voces ver         (serve)     vista previa con recarga automática
    voces publicar    (publish)   construir y subir a la rama gh-pages
    voces edicion N   (edition)   los PDF de una edición
    voces revisar     (check)     revisar el contenido sin construir
    voces verificar-imagenes (check-images)  buscar metadatos en imágenes y PDF
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

PREVIEW_DIR = ".preview"


class SpanishHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


def say(es: str, en: str) -> None:
    print(f"{es}\n  / {en}", file=sys.stderr)


def find_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pelicanconf.py").exists():
            return folder
    raise SystemExit(
        "No se encontró pelicanconf.py: ejecute voces dentro de la carpeta del proyecto.\n"
        "  / pelicanconf.py not found: run voces inside the project folder."
    )


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voces",
        formatter_class=SpanishHelpFormatter,
        add_help=False,
        description="Voces: construir, revisar y publicar el periódico.\n"
        "(Voces: build, check and publish the newspaper.)",
    )
    parser._optionals.title = "opciones"
    parser._positionals.title = "órdenes"
    _help(parser)
    sub = parser.add_subparsers(dest="command", metavar="ORDEN", title="órdenes")

    def command(names, help_text):
        p = sub.add_parser(
            names[0],
            aliases=names[1:],
            help=help_text,
            add_help=False,
            formatter_class=SpanishHelpFormatter,
            description=help_text,
        )
        p._optionals.title = "opciones"
        p._positionals.title = "argumentos"
        _help(p)
        return p

    build = command(
        ["construir", "build"],
        "Construye el sitio de producción en output/ (con los PDF). "
        "/ Production build into output/.",
    )
    build.add_argument(
        "-o",
        "--salida",
        "--output",
        dest="output",
        default="output",
        metavar="CARPETA",
        help="carpeta de salida (por defecto: output)",
    )
    build.add_argument(
        "-q",
        "--silencio",
        "--quiet",
        dest="quiet",
        action="store_true",
        help="mostrar solo los errores",
    )
    build.set_defaults(func=cmd_build)

    serve = command(
        ["ver", "serve"],
        "Vista previa en http://127.0.0.1:8000 con recarga automática; muestra "
        "borradores marcados y nunca escribe en output/. / Preview with auto-reload.",
    )
    serve.add_argument(
        "-p",
        "--puerto",
        "--port",
        dest="port",
        type=int,
        default=8000,
        metavar="PUERTO",
        help="puerto (por defecto: 8000)",
    )
    serve.add_argument(
        "--direccion",
        "--bind",
        dest="bind",
        default="127.0.0.1",
        metavar="IP",
        help="dirección (por defecto: 127.0.0.1)",
    )
    serve.add_argument(
        "--produccion",
        "--production",
        dest="production",
        action="store_true",
        help="servir la construcción de producción (output/) en vez de la vista previa",
    )
    serve.add_argument(
        "--una-vez",
        "--once",
        dest="once",
        action="store_true",
        help="construir una vez y servir, sin vigilar cambios",
    )
    serve.set_defaults(func=cmd_serve)

    publish = command(
        ["publicar", "publish"],
        "Construcción de producción y subida a la rama gh-pages con ghp-import. "
        "/ Production build, then ghp-import to gh-pages.",
    )
    publish.add_argument(
        "--sin-subir",
        "--no-push",
        dest="push",
        action="store_false",
        help="actualizar la rama gh-pages sin subirla (git push)",
    )
    publish.add_argument(
        "-m",
        "--mensaje",
        "--message",
        dest="message",
        metavar="TEXTO",
        default="Publicar el sitio / Publish the site",
        help="mensaje del commit",
    )
    publish.set_defaults(func=cmd_publish)

    edition = command(
        ["edicion", "edición", "edition"],
        "Construye los PDF de una edición y dice dónde están. / Builds one edition's PDFs.",
    )
    edition.add_argument("numero", metavar="N", help="número de la edición")
    edition.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    edition.set_defaults(func=cmd_edition)

    check = command(
        ["revisar", "check"],
        "Revisa el contenido (estado, consentimiento, términos protegidos...) "
        "sin construir. / Checks content without building.",
    )
    check.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    check.set_defaults(func=cmd_check)

    images = command(
        ["verificar-imagenes", "check-images"],
        "Busca metadatos (GPS, cámara...) en las imágenes y PDF de una carpeta "
        "construida. / Looks for metadata left in a built folder.",
    )
    images.add_argument(
        "carpeta", nargs="?", default="output", help="carpeta a revisar (por defecto: output)"
    )
    images.set_defaults(func=cmd_check_images)
    return parser


def _help(parser):
    parser.add_argument("-h", "--ayuda", "--help", action="help", help="mostrar esta ayuda y salir")


# -- building ------------------------------------------------------------------------


def pelican_command(root: Path, settings: str, output: str, *, preview=False, quiet=False):
    cmd = [
        sys.executable,
        "-m",
        "pelican",
        str(root / "content"),
        "-s",
        str(root / settings),
        "-o",
        str(output),
    ]
    if preview:
        cmd += ["-e", "VOCES_PREVIEW=true"]
    if quiet:
        cmd.append("-q")
    return cmd


def run_pelican(root: Path, settings: str, output: str, *, preview=False, quiet=False) -> int:
    started = time.monotonic()
    try:
        proc = subprocess.run(
            pelican_command(root, settings, output, preview=preview, quiet=quiet), cwd=root
        )
    except KeyboardInterrupt:
        say(
            f"Construcción interrumpida; lo que ya estaba en {output} no cambió.",
            f"Build interrupted; what was in {output} is unchanged.",
        )
        return 130
    took = time.monotonic() - started
    if proc.returncode == 0:
        say(f"Listo en {took:.1f} s: {output}", f"Done in {took:.1f} s: {output}")
    else:
        say(
            f"La construcción falló (código {proc.returncode}); lea los mensajes de arriba. "
            f"Lo que ya estaba en {output} no cambió.",
            f"The build failed (code {proc.returncode}); read the messages above. "
            f"What was in {output} is unchanged.",
        )
    return proc.returncode


def cmd_build(args, root: Path) -> int:
    return run_pelican(root, "publishconf.py", args.output, quiet=args.quiet)


def cmd_publish(args, root: Path) -> int:
    if not os.environ.get("VOCES_SITEURL", "").startswith("https://"):
        say(
            "No se publica: falta VOCES_SITEURL, la dirección https:// del sitio. Sin ella "
            "los feeds no funcionan y los códigos QR de los PDF llevarían a una dirección "
            "de ejemplo. Escriba, por ejemplo: "
            "VOCES_SITEURL=https://colectiva.github.io/voces voces publicar",
            "Not published: VOCES_SITEURL, the site's https:// address, is missing. Without "
            "it feeds break and the PDFs' QR codes would point to a sample address.",
        )
        return 2
    code = run_pelican(root, "publishconf.py", "output")
    if code:
        return code
    code = cmd_check_images(argparse.Namespace(carpeta="output"), root)
    if code:
        say(
            "No se publica: hay imágenes con metadatos.",
            "Not published: some images still carry metadata.",
        )
        return code
    # A new commit with no history, so a withdrawn story does not stay readable in older
    # commits of the public branch. ghp-import's -o only drops the local branch when a
    # remote one exists, so drop it here first; -f: the push must replace the branch.
    subprocess.run(
        ["git", "update-ref", "-d", "refs/heads/gh-pages"], cwd=root, capture_output=True
    )
    cmd = ["ghp-import", "-n", "-o", "-m", args.message, "-b", "gh-pages"]
    if args.push:
        cmd += ["-p", "-f"]
    cmd.append("output")
    ghp = Path(sys.executable).with_name("ghp-import")
    if ghp.exists():
        cmd[0] = str(ghp)
    proc = subprocess.run(cmd, cwd=root)
    if proc.returncode == 0:
        say("Publicado en la rama gh-pages.", "Published to the gh-pages branch.")
    return proc.returncode


# -- serving -------------------------------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


WATCHED = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py")


def fingerprint(root: Path) -> tuple:
    items = []
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.exists() else []
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                stat = file.stat()
                items.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(items)


def cmd_serve(args, root: Path) -> int:
    settings = "publishconf.py" if args.production else "pelicanconf.py"
    output = root / ("output" if args.production else PREVIEW_DIR)
    preview = not args.production
    code = run_pelican(root, settings, str(output), preview=preview)
    if code and not output.exists():
        return code
    handler = functools.partial(QuietHandler, directory=str(output))
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
    threading.Thread(target=server.serve_forever, daemon=True).start()
    kind = "producción" if args.production else "vista previa"
    say(
        f"Sirviendo la {kind} en http://{args.bind}:{args.port}/ (Ctrl+C para salir)",
        f"Serving on http://{args.bind}:{args.port}/ (Ctrl+C to stop)",
    )
    try:
        last = fingerprint(root)
        while True:
            time.sleep(1)
            if args.once:
                continue
            now = fingerprint(root)
            if now != last:
                last = now
                say("Cambios detectados: reconstruyendo...", "Changes found: rebuilding...")
                run_pelican(root, settings, str(output), preview=preview)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


# -- commands that live with their plugins ---------------------------------------------


def _plugin_main(root: Path, module: str, argv: list[str]) -> int:
    import importlib

    return int(importlib.import_module(module).main(argv) or 0)


def cmd_edition(args, root: Path) -> int:
    return _plugin_main(root, "voces_plugins.editions.commands", [args.numero, *args.rest])


def cmd_check(args, root: Path) -> int:
    return _plugin_main(root, "voces.review", list(args.rest))


def cmd_check_images(args, root: Path) -> int:
    return _plugin_main(root, "voces_plugins.images.check", [str(args.carpeta)])


def main(argv=None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    root = find_root()
    os.chdir(root)
    return args.func(args, root)


if __name__ == "__main__":
    sys.exit(main())
