"""One-time invitations: signed, expiring, used once.

An invitation is a random nonce and its lifetime, signed with a secret derived from the
mailbox key (itsdangerous), so ``voces buzon invitar`` in another terminal makes links
the running server accepts. When a member opens one, its fingerprint is written to
``usadas.json`` in the quarantine: the same link never opens a second session, also after
a restart. Nothing about who received it is kept.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from pathlib import Path

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .store import Vault, atomic_write

SALT = "voces-buzon-invitacion"


class InvitationRefused(Exception):
    def __init__(self, es: str, en: str):
        super().__init__(f"{es} / {en}")
        self.es = es
        self.en = en


class Invitations:
    def __init__(self, vault: Vault, used_path: Path):
        self._signer = URLSafeTimedSerializer(vault.derive(b"invitaciones"), salt=SALT)
        self._used_path = Path(used_path)
        self._lock = threading.Lock()

    def make(self, hours: float) -> str:
        return self._signer.dumps({"n": secrets.token_urlsafe(16), "h": float(hours)})

    def _payload(self, token: str) -> dict:
        try:
            payload, signed_at = self._signer.loads(token, return_timestamp=True)
        except SignatureExpired:
            raise self._expired() from None
        except BadSignature:
            raise InvitationRefused(
                "Esta invitación no es válida. Pide una nueva a la colectiva.",
                "This invitation is not valid. Ask the collective for a new one.",
            ) from None
        if not isinstance(payload, dict) or "n" not in payload or "h" not in payload:
            raise InvitationRefused("Invitación dañada.", "Damaged invitation.")
        if time.time() - signed_at.timestamp() > float(payload["h"]) * 3600:
            raise self._expired()
        return payload

    @staticmethod
    def _expired():
        return InvitationRefused(
            "Esta invitación ya venció. Pide una nueva a la colectiva.",
            "This invitation has expired. Ask the collective for a new one.",
        )

    @staticmethod
    def _fingerprint(payload: dict) -> str:
        return hashlib.sha256(payload["n"].encode()).hexdigest()

    def _load_used(self) -> dict:
        try:
            return json.loads(self._used_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def check(self, token: str) -> dict:
        """The payload if the invitation is valid and unused; InvitationRefused if not."""
        payload = self._payload(token)
        if self._fingerprint(payload) in self._load_used():
            raise self._used()
        return payload

    @staticmethod
    def _used():
        return InvitationRefused(
            "Esta invitación ya se usó. Cada invitación sirve una sola vez: pide una nueva.",
            "This invitation was already used. Each one works once: ask for a new one.",
        )

    def use(self, token: str) -> dict:
        """Check and mark used in one step (a second, simultaneous use is refused)."""
        payload = self._payload(token)
        fingerprint = self._fingerprint(payload)
        with self._lock:
            used = self._load_used()
            if fingerprint in used:
                raise self._used()
            now = time.time()
            used = {k: v for k, v in used.items() if v > now}  # forget expired ones
            used[fingerprint] = now + float(payload["h"]) * 3600 + 60
            atomic_write(self._used_path, json.dumps(used, sort_keys=True).encode())
        return payload
