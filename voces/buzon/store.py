"""The quarantine: encrypted, atomic, and erased with care.

Layout of the quarantine folder (``buzon/`` at the project root by default)::

    envios/<ID>/            one finished submission: datos.json + files, all encrypted
    sesiones/<hash>/        a member's submission while she is still sending it
    usadas.json             fingerprints of invitations already used (not secret)

Every file is AES-256-GCM encrypted with the key kept outside the repository and
written through a temporary file, fsync and rename, then chmod 0600 (only the owner
reads it). A finished submission appears by renaming a complete folder: it is there
whole or not at all. Erasing overwrites each file before removing it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import secrets
import shutil
import sys
import threading
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"VZB1"
AAD = b"voces-buzon-v1"
# Receipt numbers: Crockford's base 32 (no I, L, O, U): easy to read aloud and to copy.
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
SESSION_DIR_RE = re.compile(r"^[0-9a-f]{64}$")


class StoreError(Exception):
    """A bilingual problem with the quarantine or its key."""


def new_receipt() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_receipt(text: str) -> str | None:
    """What a person types ('k7qm 2xpd', 'K7QM2XPD') as 'K7QM-2XPD', or None."""
    cleaned = re.sub(r"[\s\-_.]", "", text or "").upper()
    cleaned = cleaned.translate(str.maketrans("ILOU", "110V"))
    if len(cleaned) != 8:
        return None
    candidate = f"{cleaned[:4]}-{cleaned[4:]}"
    return candidate if RECEIPT_RE.match(candidate) else None


# -- key ------------------------------------------------------------------------------


def _owner_only(path: Path) -> None:
    """A key copied or restored from a backup comes back readable by every account of
    the laptop (0644): the quarantine's encryption is then worth nothing. Closed to the
    owner again, and said, since someone may already have read it."""
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        return
    if mode & 0o077:
        os.chmod(path, 0o600)
        print(
            f"Aviso: la llave del buzón {path} se podía leer desde otras cuentas de esta "
            f"computadora (permisos {mode:o}); ahora solo la lee su dueña (600). Si alguien "
            "más usa esta computadora, haga una llave nueva cuando el buzón esté vacío. / "
            f"Notice: the mailbox key {path} was readable by other accounts (mode {mode:o}); "
            "it is now owner-only (600). If others use this computer, make a new key once "
            "the mailbox is empty.",
            file=sys.stderr,
        )


def load_key(path: Path, *, create: bool = True) -> bytes:
    """The 32-byte key from ``path`` (base64); created 0600 in a 0700 folder if missing."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise StoreError(
                f"{path}: no existe la llave del buzón; inicie «voces buzon» una vez para "
                "crearla, o indique VOCES_BUZON_KEY. / the mailbox key does not exist; start "
                "'voces buzon' once to create it, or set VOCES_BUZON_KEY."
            )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = AESGCM.generate_key(bit_length=256)
        atomic_write(path, base64.urlsafe_b64encode(key) + b"\n")
        return key
    _owner_only(path)
    try:
        key = base64.urlsafe_b64decode(path.read_bytes().strip())
    except (ValueError, OSError) as exc:
        raise StoreError(f"{path}: llave ilegible ({exc}). / unreadable key.") from None
    if len(key) != 32:
        raise StoreError(
            f"{path}: la llave no tiene 32 bytes; no la edite a mano. Si se perdió, lo que "
            "está en el buzón ya no se puede leer. / the key is not 32 bytes; do not edit it "
            "by hand. If it was lost, the mailbox's contents cannot be read."
        )
    return key


# -- files ----------------------------------------------------------------------------


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``: temporary file, fsync, chmod 0600, rename, fsync dir."""
    path = Path(path)
    tmp = path.with_name(f".tmp-{secrets.token_hex(8)}-{path.name}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def shred_file(path: Path) -> None:
    """Overwrite a file with random bytes, fsync, then remove it.

    On journalling or flash storage an overwrite is not a guarantee; the encryption is
    the real protection (without the key the bytes are noise), this is the second one.
    """
    try:
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            remaining = size
            while remaining > 0:
                chunk = min(remaining, 1 << 20)
                fh.write(secrets.token_bytes(chunk))
                remaining -= chunk
            fh.flush()
            os.fsync(fh.fileno())
    except FileNotFoundError:
        return
    os.unlink(path)


def shred_tree(folder: Path) -> None:
    if not folder.exists():
        return
    for dirpath, _dirs, files in os.walk(folder, topdown=False):
        for name in files:
            shred_file(Path(dirpath) / name)
        with contextlib.suppress(OSError):
            os.rmdir(dirpath)
    if folder.exists():
        shutil.rmtree(folder, ignore_errors=True)
    _fsync_dir(folder.parent)


class Vault:
    """Encrypts and decrypts the quarantine's files with one key."""

    def __init__(self, key: bytes):
        self._key = key
        self._aead = AESGCM(key)

    def seal(self, data: bytes) -> bytes:
        nonce = secrets.token_bytes(12)
        return MAGIC + nonce + self._aead.encrypt(nonce, data, AAD)

    def open(self, blob: bytes) -> bytes:
        if not blob.startswith(MAGIC):
            raise StoreError("archivo del buzón dañado / damaged mailbox file")
        nonce, body = blob[4:16], blob[16:]
        return self._aead.decrypt(nonce, body, AAD)

    def write(self, path: Path, data: bytes) -> None:
        atomic_write(path, self.seal(data))

    def read(self, path: Path) -> bytes:
        return self.open(Path(path).read_bytes())

    def write_json(self, path: Path, value) -> None:
        self.write(path, json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def read_json(self, path: Path):
        return json.loads(self.read(path).decode("utf-8"))

    def derive(self, purpose: bytes) -> bytes:
        """A secret for another use (signing invitations), derived from the key."""
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(self._key)


# -- submissions ------------------------------------------------------------------------


class Quarantine:
    """Finished submissions and in-progress sessions, encrypted on disk."""

    def __init__(self, folder: Path, vault: Vault):
        self.folder = Path(folder)
        self.vault = vault
        self.lock = threading.Lock()

    def ensure(self) -> None:
        for sub in ("", "envios", "sesiones"):
            path = self.folder / sub
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(path, 0o700)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            atomic_write(ignore, b"# La cuarentena del buzon nunca va al repositorio.\n*\n")

    # finished submissions
    @property
    def submissions(self) -> Path:
        return self.folder / "envios"

    def submission_dir(self, receipt: str) -> Path:
        if not RECEIPT_RE.match(receipt or ""):
            raise StoreError(
                f"{receipt!r}: no es un número de recibo (como K7QM-2XPD). / not a receipt "
                "number (like K7QM-2XPD)."
            )
        return self.submissions / receipt

    def list(self) -> list[dict]:
        found = []
        if not self.submissions.exists():
            return found
        for entry in sorted(self.submissions.iterdir()):
            if not RECEIPT_RE.match(entry.name) or not (entry / "datos.json").exists():
                continue
            data = self.vault.read_json(entry / "datos.json")
            data["id"] = entry.name
            found.append(data)
        found.sort(key=lambda d: d.get("recibido", ""))
        return found

    def get(self, receipt: str) -> dict:
        folder = self.submission_dir(receipt)
        if not (folder / "datos.json").exists():
            raise StoreError(
                f"{receipt}: no hay ningún envío con ese número en el buzón (use «voces buzon "
                "lista»). / no submission with that number (see 'voces buzon lista')."
            )
        data = self.vault.read_json(folder / "datos.json")
        data["id"] = receipt
        return data

    def read_file(self, receipt: str, name: str) -> bytes:
        data = self.get(receipt)
        names = {f["name"] for f in data.get("archivos", [])}
        if name not in names:
            raise StoreError(f"{receipt}: no tiene el archivo {name}. / has no file {name}.")
        return self.vault.read(self.submission_dir(receipt) / name)

    def commit(self, data: dict, files: dict[str, bytes | Path]) -> str:
        """Store one complete submission; returns its receipt number.

        ``files`` maps our names to plaintext bytes, or to already-encrypted files (a
        session's) that are moved. Everything is written into a hidden folder first, then
        the folder is renamed: a crash leaves either nothing or the whole submission.
        """
        self.ensure()
        while True:
            receipt = new_receipt()
            final = self.submissions / receipt
            if not final.exists():
                break
        tmp = self.submissions / f".tmp-{secrets.token_hex(8)}"
        tmp.mkdir(mode=0o700)
        try:
            for name, value in files.items():
                if isinstance(value, Path):
                    os.replace(value, tmp / name)
                else:
                    self.vault.write(tmp / name, value)
            self.vault.write_json(tmp / "datos.json", data)
            _fsync_dir(tmp)
            os.rename(tmp, final)
            _fsync_dir(self.submissions)
        except BaseException:
            shred_tree(tmp)
            raise
        return receipt

    def delete(self, receipt: str) -> None:
        folder = self.submission_dir(receipt)
        if not folder.exists():
            raise StoreError(
                f"{receipt}: no hay ningún envío con ese número. / no submission with that number."
            )
        shred_tree(folder)

    def sweep(self) -> None:
        """Remove half-written leftovers of a crash (hidden temporary folders and files)."""
        for base in (self.submissions, self.folder / "sesiones"):
            if not base.exists():
                continue
            for entry in base.iterdir():
                if entry.name.startswith(".tmp-"):
                    shred_tree(entry) if entry.is_dir() else shred_file(entry)
