"""Where the mailbox keeps things and how much it accepts.

Defaults are module constants; ``pelicanconf.py`` may set ``BUZON = {...}`` with any of
the keys of ``DEFAULTS`` (unknown keys are refused with a message). Paths outside the
project come from the environment, so nothing secret ever sits in the repository:

- ``VOCES_BUZON_DIR``: the quarantine folder (default ``<project>/buzon``, git-ignored,
  outside ``content/`` so no build ever reads it);
- ``VOCES_BUZON_KEY``: the encryption key file (default ``~/.config/voces/buzon.key``);
- ``VOCES_CONFIG_DIR``: where the editors' passphrase hash lives (default
  ``~/.config/voces``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MAX_FILES = 10
MAX_BYTES = 25 * 1024 * 1024
INVITATION_HOURS = 2.0
# A session lasts this long after the invitation was opened.
SESSION_HOURS = 6.0
# Photos are kept at most this wide/high after cleaning: 2000 px is a drawing across a
# whole printed column at 300 dpi, and a 12 MP phone photo (4000 px) then decodes at half
# scale, four times faster, so 50 members sending at once are served on 2 cores.
PHOTO_MAX_SIDE = 2000
PORT = 8765

DEFAULTS = {
    "max_files": MAX_FILES,
    "max_bytes": MAX_BYTES,
    "invitation_hours": INVITATION_HOURS,
    "session_hours": SESSION_HOURS,
    "photo_max_side": PHOTO_MAX_SIDE,
    "port": PORT,
}


class ConfigError(Exception):
    """A setting or a path that the mailbox refuses; ``str()`` is bilingual."""


def find_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pelicanconf.py").exists():
            return folder
    raise ConfigError(
        "No se encontró pelicanconf.py: ejecute voces dentro de la carpeta del proyecto. / "
        "pelicanconf.py not found: run voces inside the project folder."
    )


def _config_dir() -> Path:
    env = os.environ.get("VOCES_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    return Path(os.environ.get("XDG_CONFIG_HOME", "~/.config")).expanduser() / "voces"


@dataclass
class Settings:
    root: Path
    quarantine: Path
    key_path: Path
    passphrase_path: Path
    sections: tuple[str, ...]
    max_files: int = MAX_FILES
    max_bytes: int = MAX_BYTES
    invitation_hours: float = INVITATION_HOURS
    session_hours: float = SESSION_HOURS
    photo_max_side: int = PHOTO_MAX_SIDE
    port: int = PORT
    content_dir: Path | None = None

    @property
    def content(self) -> Path:
        return self.content_dir or self.root / "content"


def _read_pelicanconf(root: Path) -> dict:
    """``BUZON`` and ``SECTIONS`` from pelicanconf.py, read as Python like Pelican does."""
    namespace: dict = {}
    path = root / "pelicanconf.py"
    code = compile(path.read_text(encoding="utf-8"), str(path), "exec")
    cwd = os.getcwd()
    try:
        os.chdir(root)
        exec(code, namespace)
    finally:
        os.chdir(cwd)
    return namespace


def load(root: Path | None = None, **overrides) -> Settings:
    root = Path(root).resolve() if root else find_root()
    conf = _read_pelicanconf(root)
    user = dict(conf.get("BUZON") or {})
    user.update({k: v for k, v in overrides.items() if v is not None})
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        raise ConfigError(
            f"pelicanconf.py [BUZON]: claves desconocidas {', '.join(unknown)}; las válidas "
            f"son {', '.join(sorted(DEFAULTS))}. / unknown keys {', '.join(unknown)}; valid "
            f"keys are {', '.join(sorted(DEFAULTS))}."
        )
    values = {**DEFAULTS, **user}
    quarantine = Path(os.environ.get("VOCES_BUZON_DIR") or root / "buzon").expanduser().resolve()
    content = (root / "content").resolve()
    if quarantine == content or content in quarantine.parents:
        raise ConfigError(
            f"VOCES_BUZON_DIR={quarantine}: la cuarentena no puede estar dentro de content/, "
            "porque la construcción la leería. Elija otra carpeta. / the quarantine cannot be "
            "inside content/, the build would read it. Choose another folder."
        )
    key_path = Path(os.environ.get("VOCES_BUZON_KEY") or _config_dir() / "buzon.key")
    key_path = key_path.expanduser().resolve()
    if root == key_path.parent or root in key_path.parents:
        raise ConfigError(
            f"VOCES_BUZON_KEY={key_path}: la llave está dentro del repositorio; guárdela fuera "
            "(por ejemplo en ~/.config/voces/buzon.key). / the key is inside the repository; "
            "keep it outside (e.g. ~/.config/voces/buzon.key)."
        )
    sections = tuple(conf.get("SECTIONS") or ())
    return Settings(
        root=root,
        quarantine=quarantine,
        key_path=key_path,
        passphrase_path=_config_dir().resolve() / "redaccion.argon2",
        sections=sections,
        max_files=int(values["max_files"]),
        max_bytes=int(values["max_bytes"]),
        invitation_hours=float(values["invitation_hours"]),
        session_hours=float(values["session_hours"]),
        photo_max_side=int(values["photo_max_side"]),
        port=int(values["port"]),
    )
