"""Members' sessions: an opaque id in the cookie, everything else on the server.

The cookie holds 32 random bytes and nothing else. The server keeps the session's state
(its CSRF token, the idempotency tokens it has already honoured, what was received so
far) encrypted in ``sesiones/<sha256 of the id>/`` in the quarantine, so a restarted
server still knows a member half-way through, and the folder name does not reveal the
cookie. A finished session's files move into the submission; an abandoned one is erased
when it expires.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import time
from pathlib import Path

from .store import SESSION_DIR_RE, Quarantine, shred_tree

COOKIE = "buzon"
EDITOR_COOKIE = "redaccion"


def new_id() -> str:
    return secrets.token_urlsafe(32)


def folder_name(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


class MemberSessions:
    def __init__(self, quarantine: Quarantine, hours: float):
        self.q = quarantine
        self.seconds = hours * 3600
        self._locks: dict[str, asyncio.Lock] = {}

    def lock(self, session_id: str) -> asyncio.Lock:
        key = folder_name(session_id)
        if key not in self._locks:
            self._locks[key] = asyncio.Lock()
        return self._locks[key]

    def folder(self, session_id: str) -> Path:
        return self.q.folder / "sesiones" / folder_name(session_id)

    def create(self) -> tuple[str, dict]:
        self.q.ensure()
        session_id = new_id()
        now = time.time()
        state = {
            "creada": now,
            "vence": now + self.seconds,
            "csrf": secrets.token_urlsafe(32),
            "hechos": [],  # idempotency tokens already honoured
            "archivos": [],  # {"name", "kind", "size"}
            "texto": "",
            "seudonimo": "",
        }
        folder = self.folder(session_id)
        folder.mkdir(mode=0o700)
        self.save(session_id, state)
        return session_id, state

    def load(self, session_id: str | None) -> dict | None:
        if not session_id or len(session_id) > 100:
            return None
        path = self.folder(session_id) / "estado.json"
        if not path.exists():
            return None
        try:
            state = self.q.vault.read_json(path)
        except Exception:
            return None
        if state.get("vence", 0) < time.time():
            self.discard(session_id)
            return None
        return state

    def save(self, session_id: str, state: dict) -> None:
        self.q.vault.write_json(self.folder(session_id) / "estado.json", state)

    def discard(self, session_id: str) -> None:
        shred_tree(self.folder(session_id))
        self._locks.pop(folder_name(session_id), None)

    def sweep_expired(self) -> int:
        """Erase sessions past their time (never finished); returns how many."""
        base = self.q.folder / "sesiones"
        count = 0
        if not base.exists():
            return 0
        now = time.time()
        for entry in base.iterdir():
            if not SESSION_DIR_RE.match(entry.name):
                continue
            try:
                state = self.q.vault.read_json(entry / "estado.json")
                expired = state.get("vence", 0) < now
            except Exception:
                expired = entry.stat().st_mtime + self.seconds < now
            if expired:
                shred_tree(entry)
                count += 1
        return count


class EditorSessions:
    """Editors' sessions: in memory only (a restart asks for the passphrase again)."""

    def __init__(self, hours: float = 8.0):
        self.seconds = hours * 3600
        self._sessions: dict[str, dict] = {}

    def create(self) -> tuple[str, dict]:
        session_id = new_id()
        state = {"csrf": secrets.token_urlsafe(32), "vence": time.time() + self.seconds}
        self._sessions[folder_name(session_id)] = state
        return session_id, state

    def load(self, session_id: str | None) -> dict | None:
        if not session_id:
            return None
        state = self._sessions.get(folder_name(session_id))
        if state and state["vence"] < time.time():
            self._sessions.pop(folder_name(session_id), None)
            return None
        return state

    def end(self, session_id: str | None) -> None:
        if session_id:
            self._sessions.pop(folder_name(session_id), None)
