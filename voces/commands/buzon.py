"""``voces buzon`` (``mailbox``): members send stories from their phones; editors review.

    voces buzon [--direccion IP] [--puerto N]      start the mailbox (web application)
    voces buzon invitar [--horas 2]                 a one-time invitation: link + QR
    voces buzon lista                               submissions waiting in the quarantine
    voces buzon ver ID                              one submission (text, files, consent)
    voces buzon aceptar ID --seccion S              make it a draft article in content/S/
    voces buzon borrar ID                           erase it for good
    voces buzon clave                               set the editors' passphrase (/redaccion)

The web application is ``voces/buzon/``; the quarantine is ``buzon/`` at the project
root (git-ignored, never read by a build), encrypted with a key kept outside the
repository (``~/.config/voces/buzon.key`` or ``VOCES_BUZON_KEY``).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from .common import add_actions, say

NAMES = ("buzon", "buzón", "mailbox")
HELP = (
    "El buzón: las compañeras mandan historias desde su teléfono; la redacción las "
    "revisa. / The mailbox: members send stories from their phones; editors review them."
)


def configure(parser) -> None:
    parser.add_argument(
        "-p",
        "--puerto",
        "--port",
        dest="port",
        type=int,
        default=None,
        metavar="PUERTO",
        help="puerto (por defecto: 8765) / port",
    )
    parser.add_argument(
        "--direccion",
        "--bind",
        dest="bind",
        default="127.0.0.1",
        metavar="IP",
        help="dirección: la de la red de la oficina (192.168.x.x) o 0.0.0.0 para todas "
        "(por defecto: 127.0.0.1, solo esta computadora) / address to listen on",
    )
    parser.add_argument(
        "--confirmar-publica",
        "--confirm-public",
        dest="confirm_public",
        default=None,
        metavar="IP",
        help="repetir una dirección pública para aceptarla (no recomendado) / repeat a "
        "public address to accept it",
    )
    parser.add_argument(
        "--max-archivos",
        "--max-files",
        dest="max_files",
        type=int,
        default=None,
        metavar="N",
        help="archivos por historia (por defecto: 10, o BUZON en pelicanconf.py)",
    )
    parser.add_argument(
        "--max-mb",
        dest="max_mb",
        type=int,
        default=None,
        metavar="MB",
        help="megabytes por historia (por defecto: 25, o BUZON en pelicanconf.py)",
    )
    parser.add_argument(
        "--cartel",
        "--poster",
        dest="poster",
        default=None,
        metavar="ARCHIVO.html",
        help="escribir una página para imprimir (A4 o carta) con la dirección en letra grande "
        "y su código QR / write a printable page with the address in large type and its QR",
    )
    parser.add_argument(
        "--mostrar-qr",
        "--show-qr",
        dest="show_qr",
        action="store_true",
        help="dibujar la dirección grande y el QR aunque la salida no sea una terminal / draw "
        "the large address and the QR even when the output is not a terminal",
    )
    sub = add_actions(parser, "buzon_accion")
    invite = sub.add_parser(
        "invitar", aliases=["invite"], help="una invitación de un solo uso / one-time invitation"
    )
    invite.add_argument(
        "--horas",
        "--hours",
        dest="hours",
        type=float,
        default=None,
        metavar="H",
        help="horas que vale la invitación (por defecto: 2) / hours it stays valid",
    )
    invite.add_argument(
        "--url",
        dest="url",
        default=None,
        metavar="http://IP:PUERTO",
        help="dirección del buzón (por defecto: la del buzón que está corriendo)",
    )
    invite.add_argument(
        "--imprimir",
        "--print",
        dest="printable",
        default=None,
        metavar="ARCHIVO.html",
        help="además, una página para imprimir con el código QR y el enlace / also a "
        "printable page with the QR code and the link",
    )
    sub.add_parser("lista", aliases=["list"], help="los envíos en espera / waiting submissions")
    show = sub.add_parser("ver", aliases=["show"], help="ver un envío / show a submission")
    show.add_argument("id", metavar="ID")
    ok = sub.add_parser(
        "aceptar", aliases=["accept"], help="hacerlo borrador / make it a draft article"
    )
    ok.add_argument("id", metavar="ID")
    ok.add_argument("--seccion", "--sección", "--section", dest="section", required=True)
    gone = sub.add_parser("borrar", aliases=["delete"], help="borrarlo para siempre / erase it")
    gone.add_argument("id", metavar="ID")
    sub.add_parser(
        "clave", aliases=["passphrase"], help="poner la frase de la redacción / set passphrase"
    )


def _open(args):
    from voces.buzon import config
    from voces.buzon.store import Quarantine, Vault, load_key

    max_mb = getattr(args, "max_mb", None)
    settings = config.load(
        getattr(args, "root", None),
        port=getattr(args, "port", None),
        max_files=getattr(args, "max_files", None),
        max_bytes=max_mb * 1024 * 1024 if max_mb else None,
    )
    return settings, Quarantine(settings.quarantine, Vault(load_key(settings.key_path)))


def _receipt(text):
    from voces.buzon.store import StoreError, normalise_receipt

    receipt = normalise_receipt(text)
    if receipt is None:
        raise StoreError(
            f"{text!r}: no es un número de recibo (como K7QM-2XPD). / not a receipt number."
        )
    return receipt


def run(args) -> int:
    from voces.buzon.config import ConfigError
    from voces.buzon.media import MediaRefused
    from voces.buzon.store import StoreError

    action = {
        None: serve,
        "invitar": invite,
        "invite": invite,
        "lista": show_list,
        "list": show_list,
        "ver": show_one,
        "show": show_one,
        "aceptar": accept,
        "accept": accept,
        "borrar": delete,
        "delete": delete,
        "clave": set_passphrase,
        "passphrase": set_passphrase,
    }[getattr(args, "buzon_accion", None)]
    try:
        return action(args)
    except (ConfigError, StoreError, MediaRefused) as exc:
        print(str(exc), file=sys.stderr)
        return 2


def invite(args) -> int:
    from voces.buzon.invitations import Invitations
    from voces.buzon.server import read_running, terminal_qr

    settings, quarantine = _open(args)
    quarantine.ensure()
    hours = args.hours if args.hours is not None else settings.invitation_hours
    if hours <= 0 or hours > 24 * 7:
        say("--horas debe estar entre 0 y 168.", "--hours must be between 0 and 168 (a week).")
        return 2
    urls = [args.url.rstrip("/")] if args.url else read_running(quarantine.folder)
    if not urls:
        urls = [f"http://127.0.0.1:{settings.port}"]
        say(
            "El buzón no está corriendo: el enlace usa 127.0.0.1, que solo sirve en esta "
            "computadora. Inicie «voces buzon --direccion IP» o use --url.",
            "The mailbox is not running: the link uses 127.0.0.1. Start it or use --url.",
        )
    token = Invitations(quarantine.vault, quarantine.folder / "usadas.json").make(hours)
    link = f"{urls[0]}/i/{token}"
    say(
        f"Invitación de un solo uso, vale {hours:g} h. Muestre el código a la compañera:",
        f"One-time invitation, valid {hours:g} h. Show the code to the member:",
    )
    print(link, flush=True)
    if sys.stdout.isatty():
        terminal_qr(link)
    if args.printable:
        from pathlib import Path

        from voces.buzon.server import printable_invitation

        dest = Path(args.printable)
        printable_invitation(dest, link, hours)
        say(
            f"Página para imprimir: {dest} (bórrela después de imprimirla: el enlace sirve "
            "una vez).",
            f"Printable page: {dest} (delete it after printing: the link works once).",
        )
    return 0


def show_list(args) -> int:
    _settings, quarantine = _open(args)
    items = quarantine.list()
    if not items:
        say("El buzón está vacío.", "The mailbox is empty.")
        return 0
    from voces.buzon.security import plain_text

    for item in items:
        files = item.get("archivos", [])
        audios = sum(1 for f in files if f["kind"] == "audio")
        photos = len(files) - audios
        name = plain_text(item.get("seudonimo") or "").replace("\n", " ") or "(sin nombre)"
        print(
            f"{item['id']}  {item.get('recibido', '')}  {name}"
            f"  {audios} grabación(es), {photos} foto(s), texto: "
            f"{'sí' if item.get('texto') else 'no'}  dónde: {item.get('alcance')}"
        )
    return 0


def show_one(args) -> int:
    from voces.buzon.security import plain_text

    _settings, quarantine = _open(args)
    item = quarantine.get(_receipt(args.id))
    print(f"Envío / submission {item['id']}")
    for key in ("recibido", "origen", "seudonimo", "alcance", "consentimiento_fecha"):
        print(f"  {key}: {plain_text(item.get(key)).replace(chr(10), ' ')}")
    print(f"  consentimiento: {'sí' if item.get('consentimiento') else 'no'}")
    for entry in item.get("archivos", []):
        print(f"  archivo: {entry['name']} ({entry['kind']}, {entry['size']} bytes al llegar)")
    print()
    print(plain_text(item.get("texto") or "") or "(sin texto / no text)")
    return 0


def accept(args) -> int:
    from voces.buzon.accept import accept as do_accept

    settings, quarantine = _open(args)
    article = do_accept(settings, quarantine, _receipt(args.id), args.section)
    say(
        f"Aceptado como borrador: {article.relative_to(settings.root)} (estado: borrador). "
        "Revíselo con «voces ver» y cambie el título, el texto alternativo y el estado.",
        f"Accepted as a draft: {article.relative_to(settings.root)}. Review it with "
        "'voces serve'; fix the title, alt text and status.",
    )
    return 0


def delete(args) -> int:
    _settings, quarantine = _open(args)
    receipt = _receipt(args.id)
    quarantine.delete(receipt)
    say(f"Borrado para siempre: {receipt}", f"Erased for good: {receipt}")
    return 0


def set_passphrase(args) -> int:
    from voces.buzon import passphrase

    settings, _quarantine = _open(args)
    if sys.stdin.isatty():
        first = getpass.getpass("Frase nueva de la redacción / new editors' passphrase: ")
        second = getpass.getpass("Otra vez / again: ")
    else:
        lines = sys.stdin.read().splitlines() + ["", ""]
        first, second = lines[0], lines[1] or lines[0]
    if first != second:
        say("Las dos frases no son iguales; nada cambió.", "The two differ; nothing changed.")
        return 2
    try:
        passphrase.set_passphrase(settings.passphrase_path, first)
    except passphrase.PassphraseError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    say(
        f"Frase guardada (solo su huella argon2) en {settings.passphrase_path}.",
        f"Passphrase saved (argon2 hash only) in {settings.passphrase_path}.",
    )
    return 0


def serve(args) -> int:
    import uvicorn

    from voces.buzon import server
    from voces.buzon.app import create_app

    settings, quarantine = _open(args)
    refusal = server.check_bind(args.bind, args.confirm_public)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    port = settings.port
    hosts = server.allowed_hosts(args.bind, port)
    app = create_app(settings, allowed_hosts=hosts, quarantine=quarantine)
    urls = server.base_urls(args.bind, port)
    config = uvicorn.Config(
        app,
        host=args.bind,
        port=port,
        access_log=False,  # request lines carry invitation tokens: never logged
        log_level="warning",
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=30,
    )
    uv = uvicorn.Server(config)
    if args.poster:
        from pathlib import Path

        try:
            server.printable_poster(Path(args.poster), urls[0])
        except OSError as exc:
            say(
                f"--cartel {args.poster}: no se pudo escribir ({exc.strerror}). Indique un "
                "archivo en una carpeta que exista.",
                f"--poster {args.poster}: could not write it ({exc.strerror}). Give a file "
                "in an existing folder.",
            )
            return 2
        say(
            f"Cartel para imprimir: {args.poster} (la dirección {urls[0]} y su código QR).",
            f"Printable poster: {args.poster} (the address {urls[0]} and its QR code).",
        )
        if urls[0].startswith("http://127."):
            say(
                "Ojo: 127.0.0.1 solo sirve en esta computadora; para los teléfonos, inicie "
                "el buzón con --direccion y la IP de la red de la oficina.",
                "Note: 127.0.0.1 works on this laptop only; for phones, start with --bind "
                "and the office network's address.",
            )
    server.write_running(quarantine.folder, urls)
    say("El buzón escucha en:", "The mailbox listens on:")
    for url in urls:
        print(url, flush=True)
    if sys.stdout.isatty() or args.show_qr:
        address = urls[0].removeprefix("http://")
        print(server.big(address))
        server.terminal_qr(urls[0])
        sys.stdout.flush()
    say(
        "Para cada compañera: «voces buzon invitar» en otra terminal. La redacción: "
        f"{urls[-1]}/redaccion  (Ctrl+C para cerrar)",
        "For each member: 'voces buzon invitar' in another terminal. Editors: /redaccion.",
    )
    try:
        uv.run()
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        say(
            f"No se pudo abrir el puerto {port} ({exc.strerror}). Use --puerto con otro número.",
            f"Could not open port {port}. Use --port.",
        )
        return 1
    finally:
        (quarantine.folder / "servidor.json").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    parser = argparse.ArgumentParser()
    configure(parser)
    sys.exit(run(parser.parse_args()))
