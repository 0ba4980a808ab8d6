"""The editors' passphrase, kept only as an argon2 hash outside the repository."""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .store import atomic_write

MIN_LENGTH = 12
_hasher = PasswordHasher()


class PassphraseError(Exception):
    pass


def set_passphrase(path: Path, passphrase: str) -> None:
    if len(passphrase) < MIN_LENGTH:
        raise PassphraseError(
            f"La frase debe tener al menos {MIN_LENGTH} letras; use varias palabras. / The "
            f"passphrase needs at least {MIN_LENGTH} characters; use several words."
        )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write(path, _hasher.hash(passphrase).encode() + b"\n")


def is_set(path: Path) -> bool:
    return Path(path).exists()


def verify(path: Path, passphrase: str) -> bool:
    try:
        stored = Path(path).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return False
    try:
        return _hasher.verify(stored, passphrase)
    except (VerificationError, InvalidHashError):
        return False
