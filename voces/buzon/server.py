"""Starting the mailbox: which addresses, which hosts are ours, and how members reach it.

``--direccion 127.0.0.1`` (the default) is reachable from this laptop only; the office
network needs the laptop's own address (``--direccion 192.168.1.20``) or ``0.0.0.0``
(every interface). A public address (not private, not loopback) is refused unless the
editor says it twice (``--confirmar-publica`` with the same address): the mailbox is for
the office network, not for the internet.
"""

from __future__ import annotations

import fcntl
import ipaddress
import json
import socket
import struct
import sys

SIOCGIFADDR = 0x8915


def interface_addresses() -> list[str]:
    """IPv4 addresses of this machine's interfaces (no traffic sent)."""
    found = []
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        for _index, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(
                    sock.fileno(), SIOCGIFADDR, struct.pack("256s", name[:15].encode())
                )
            except OSError:
                continue
            found.append(socket.inet_ntoa(packed[20:24]))
    finally:
        sock.close()
    return sorted(set(found), key=lambda a: (not a.startswith("127."), a))


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (ip.is_private or ip.is_loopback or ip.is_link_local)


def listening_addresses(bind: str) -> list[str]:
    if bind in ("0.0.0.0", ""):
        return interface_addresses() or ["127.0.0.1"]
    return [bind]


def allowed_hosts(bind: str, port: int) -> list[str]:
    hosts = []
    for address in listening_addresses(bind):
        hosts.append(f"{address}:{port}")
        if ipaddress.ip_address(address).is_loopback:
            hosts.append(f"localhost:{port}")
    return hosts


def check_bind(bind: str, confirm: str | None) -> str | None:
    """A bilingual refusal, or None when the address may be used."""
    try:
        ipaddress.ip_address(bind)
    except ValueError:
        return (
            f"--direccion {bind}: no es una dirección IP (como 192.168.1.20). / not an IP "
            "address (like 192.168.1.20)."
        )
    public = [a for a in listening_addresses(bind) if is_public(a)]
    if public and confirm != bind:
        return (
            f"--direccion {bind}: {', '.join(public)} es una dirección pública: cualquiera en "
            "internet podría intentar entrar al buzón. Use la dirección de la red de la "
            "oficina (192.168.x.x o 10.x.x.x). Si de verdad la quiere, dígalo dos veces: "
            f"--direccion {bind} --confirmar-publica {bind}. / {', '.join(public)} is a "
            "public address: anyone on the internet could try the mailbox. Use the office "
            f"network's address. To insist, say it twice: --bind {bind} --confirm-public {bind}."
        )
    return None


def base_urls(bind: str, port: int) -> list[str]:
    addresses = listening_addresses(bind)
    # The office network first: that is the one members' phones use.
    addresses.sort(key=lambda a: ipaddress.ip_address(a).is_loopback)
    return [f"http://{a}:{port}" for a in addresses]


def write_running(quarantine, urls: list[str]) -> None:
    from .store import atomic_write

    atomic_write(quarantine / "servidor.json", json.dumps({"urls": urls}).encode())


def read_running(quarantine) -> list[str]:
    try:
        return json.loads((quarantine / "servidor.json").read_text())["urls"]
    except (FileNotFoundError, ValueError, KeyError):
        return []


_BIG = {
    "0": ["███", "█ █", "█ █", "█ █", "███"],
    "1": [" █ ", "██ ", " █ ", " █ ", "███"],
    "2": ["███", "  █", "███", "█  ", "███"],
    "3": ["███", "  █", "███", "  █", "███"],
    "4": ["█ █", "█ █", "███", "  █", "  █"],
    "5": ["███", "█  ", "███", "  █", "███"],
    "6": ["███", "█  ", "███", "█ █", "███"],
    "7": ["███", "  █", "  █", "  █", "  █"],
    "8": ["███", "█ █", "███", "█ █", "███"],
    "9": ["███", "█ █", "███", "  █", "███"],
    ".": ["   ", "   ", "   ", "   ", " █ "],
    ":": ["   ", " █ ", "   ", " █ ", "   "],
}


def big(text: str) -> str:
    """``text`` (digits, dots, colon) in letters five lines high, for the terminal."""
    rows = ["", "", "", "", ""]
    for char in text:
        glyph = _BIG.get(char, ["   "] * 5)
        for i in range(5):
            rows[i] += glyph[i] + " "
    return "\n".join(rows)


def terminal_qr(text: str, out=None) -> None:
    import segno

    segno.make(text, error="m").terminal(out=out or sys.stdout, compact=True, border=2)


def _printable(dest, template: str, qr_text: str, scale: int, **values) -> None:
    """Write ``template`` (voces/buzon/templates/) with the QR code of ``qr_text`` to
    ``dest``, owner-only and never half-written (store.atomic_write)."""
    from pathlib import Path

    import segno
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from .store import atomic_write

    here = Path(__file__).parent / "templates"
    env = Environment(loader=FileSystemLoader(str(here)), autoescape=select_autoescape())
    svg = segno.make(qr_text, error="m").svg_inline(scale=scale, border=2)
    html = env.get_template(template).render(qr=svg, **values)
    atomic_write(dest, html.encode("utf-8"))


def printable_invitation(dest, link: str, hours: float) -> None:
    """An HTML page to print: a large QR code, the link, and what to do, in Spanish."""
    _printable(dest, "invitacion_impresa.html", link, 12, link=link, hours=hours)


def printable_poster(dest, url: str) -> None:
    """An HTML page to print (A4 or Letter): the mailbox's address in large type and its QR."""
    # Scale 14: the code is about 12 cm wide in print.
    _printable(dest, "cartel_impreso.html", url, 14, url=url, address=url.removeprefix("http://"))
