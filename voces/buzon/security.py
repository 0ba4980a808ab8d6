"""The mailbox's guard, one ASGI middleware around everything, each refusal on its own.

- ``Host`` must be one of the addresses the server was started on (DNS rebinding: a
  page on another site that resolves its own name to this laptop is refused).
- Unsafe requests (POST) must come from this application: ``Origin`` (or, without it,
  ``Referer``) is ours, ``Sec-Fetch-Site`` is not cross-site. No CORS: no
  ``Access-Control-*`` header is ever sent and ``OPTIONS`` is refused.
- Only GET, HEAD and POST.
- The whole request body is bounded before anything parses it: a declared
  ``Content-Length`` over the limit is refused at once, and a body without one is counted
  as it arrives and cut at the limit.
- Every response gets a strict CSP and the other security headers, and ``no-store``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "media-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cache-control", b"no-store"),
]
SAFE = {"GET", "HEAD"}
ALLOWED = {"GET", "HEAD", "POST"}


# C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional overrides
# and isolates that reorder what a terminal or a page shows. (Joiners stay: emoji.)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain_text(text: str) -> str:
    """What a member wrote, without characters that only steer a screen.

    An escape sequence in a story clears the editor's terminal, hides or rewrites lines
    ("consentimiento: sí") or sets the clipboard (OSC 52) to a command she may paste.
    Line ends become ``\n``; nothing a person reads is lost.
    """
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


class BodyTooLarge(Exception):
    pass


class Guard:
    def __init__(self, app, *, allowed_hosts, max_body: int, render_refusal):
        self.app = app
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        self.max_body = max_body
        # render_refusal(status, reason) -> (bytes html); reason is a key of REFUSALS
        self.render_refusal = render_refusal

    async def refuse(self, send, status: int, reason: str):
        body = self.render_refusal(status, reason)
        headers = [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
            *HEADERS,
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {}
        for key, value in scope["headers"]:
            headers.setdefault(key.decode("latin-1").lower(), value.decode("latin-1"))
        host = headers.get("host", "").lower()
        if host not in self.allowed_hosts:
            await self.refuse(send, 421, "host")
            return
        method = scope["method"]
        if method not in ALLOWED:
            await self.refuse(send, 405, "method")
            return
        if method not in SAFE:
            ours = f"http://{host}"
            origin = headers.get("origin")
            if origin is not None:
                if origin.lower() != ours:
                    await self.refuse(send, 403, "origin")
                    return
            else:
                referer = headers.get("referer")
                if not referer:
                    await self.refuse(send, 403, "origin")
                    return
                parts = urlsplit(referer)
                if f"{parts.scheme}://{parts.netloc}".lower() != ours:
                    await self.refuse(send, 403, "origin")
                    return
            if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
                await self.refuse(send, 403, "origin")
                return
        length = headers.get("content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await self.refuse(send, 400, "length")
                return
            if declared > self.max_body:
                await self.refuse(send, 413, "size")
                return

        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge
            return message

        async def secured_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                kept = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if not k.lower().startswith(b"access-control-")
                ]
                message = {**message, "headers": [*kept, *HEADERS]}
            await send(message)

        try:
            await self.app(scope, counted_receive, secured_send)
        except BodyTooLarge:
            if not started:
                await self.refuse(send, 413, "size")
