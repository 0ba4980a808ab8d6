"""The preview server's safety: who may ask, and on which network it answers.

``voces ver`` serves drafts. Two ways they could leak:

- **DNS rebinding**: a web page the editor has open points its own host name at
  127.0.0.1 and then reads ``http://evil.example:8000/`` from her browser. The
  browser sends ``Host: evil.example:8000``; a server that answers any Host hands
  over the drafts. So only a Host that names this server is answered: ``localhost``,
  an IP address (a rebinding attack needs a host name) with the port it listens on.
- **The whole network**: bound to ``0.0.0.0`` (or a network address), anyone on the
  same Wi-Fi reads the drafts. That needs a second, explicit flag and prints a loud
  warning.
"""

from __future__ import annotations

import http.server
import ipaddress

LOCAL_NAMES = {"localhost", "localhost.", "ip6-localhost"}


def is_loopback(address: str) -> bool:
    if address.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def host_allowed(host: str | None, port: int) -> bool:
    """True when the Host header names this server (a name the attacker cannot own)."""
    if not host:
        return False
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8000
        name, _, rest = host[1:].partition("]")
        given_port = rest[1:] if rest.startswith(":") else ""
    elif host.count(":") == 1:
        name, given_port = host.split(":")
    else:
        name, given_port = host, ""
    if given_port and given_port != str(port):
        return False
    if not given_port and port != 80:
        return False
    if name in LOCAL_NAMES:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of the preview; a request with a foreign Host gets 421 and no file."""

    server_port = 8000

    def log_message(self, format, *args):
        pass

    def _refuse(self) -> bool:
        if host_allowed(self.headers.get("Host"), self.server.server_address[1]):
            return False
        body = (
            b"Solicitud rechazada: esta vista previa solo responde a http://127.0.0.1 o "
            b"http://localhost. / Request refused: this preview only answers "
            b"http://127.0.0.1 or http://localhost.\n"
        )
        self.send_response(421, "Misdirected Request")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return True

    def do_GET(self):
        if not self._refuse():
            super().do_GET()

    def do_HEAD(self):
        if not self._refuse():
            super().do_HEAD()


def bind_problem(address: str, network_ok: bool) -> tuple[str, str] | None:
    """(es, en) when ``address`` must not be used as asked; None when it may."""
    if is_loopback(address) or network_ok:
        return None
    return (
        f"«{address}» sirve la vista previa, con los borradores, a toda la red (cualquiera "
        "en el mismo wifi puede leerlos). Si de verdad lo quiere, añada también --toda-la-red.",
        f"'{address}' serves the preview, drafts included, to the whole network (anyone on "
        "the same Wi-Fi can read them). If you really want that, also add --whole-network.",
    )


def network_warning(address: str, port: int) -> tuple[str, str] | None:
    if is_loopback(address):
        return None
    line = "!" * 72
    return (
        f"{line}\n¡ATENCIÓN! La vista previa, con los BORRADORES, está abierta a TODA LA RED "
        f"en el puerto {port}. Cualquiera en este wifi puede leerlos. Ciérrela (Ctrl+C) en "
        f"cuanto termine.\n{line}",
        f"WARNING! The preview, DRAFTS included, is open to THE WHOLE NETWORK on port {port}. "
        "Anyone on this Wi-Fi can read them. Stop it (Ctrl+C) as soon as you are done.",
    )
