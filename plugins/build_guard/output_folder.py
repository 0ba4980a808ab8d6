"""Which folder a build may replace, and one build at a time in it.

The build replaces its output folder whole. A mistyped ``-o content`` or ``-o .`` must
therefore never be taken for an output folder: it would replace the members' stories
(and ``.git``) with the built site. And two builds replacing the same folder at once
would publish a fragment of each.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

#: Written into every output folder Voces builds; a non-empty folder without it (or
#: an index.html from an earlier Pelican build) is not replaced.
MARKER = ".voces-output"
MARKER_TEXT = (
    "Carpeta construida por Voces: se reemplaza entera en cada construcción.\n"
    "Folder built by Voces: it is replaced whole on every build.\n"
)


class UnsafeOutput(Exception):
    """The output folder cannot be used; the message says why and what to do."""


def _inside(path: Path, other: Path) -> bool:
    return path == other or other in path.parents


def protected_folders(settings) -> dict[Path, str]:
    """Folders an output may never be, contain or (for most) sit inside."""
    folders = {Path(settings["PATH"]).resolve(): "content"}
    if settings.get("THEME"):
        folders[Path(settings["THEME"]).resolve()] = "theme"
    for plugin_path in settings.get("PLUGIN_PATHS", []):
        folders[Path(plugin_path).resolve()] = "plugins"
    if settings.get("CACHE_PATH"):
        folders[Path(settings["CACHE_PATH"]).resolve()] = "cache"
    return folders


def check_output_folder(final: Path, settings) -> None:
    """Raise UnsafeOutput when ``final`` must not be replaced by a build."""
    fix_es = "Use una carpeta propia para la salida, por ejemplo «-o output»."
    fix_en = "Use a folder of its own for the output, e.g. '-o output'."
    for folder, name in protected_folders(settings).items():
        if _inside(final, folder) or _inside(folder, final):
            raise UnsafeOutput(
                f"{final}: la salida no puede ser, contener ni estar dentro de la carpeta "
                f"«{name}» ({folder}); se borraría. {fix_es} / the output cannot be, contain "
                f"or be inside the '{name}' folder ({folder}); it would be erased. {fix_en}"
            )
    for folder, name in (
        (Path.cwd().resolve(), "del proyecto / project"),
        (Path.home().resolve(), "personal / home"),
    ):
        if _inside(folder, final):
            raise UnsafeOutput(
                f"{final}: la salida no puede ser ni contener la carpeta {name.split(' / ')[0]} "
                f"({folder}); se borraría. {fix_es} / the output cannot be or contain the "
                f"{name.split(' / ')[1]} folder ({folder}); it would be erased. {fix_en}"
            )
    if final.exists() and not final.is_dir():
        raise UnsafeOutput(
            f"{final}: ya existe y no es una carpeta. {fix_es} / it exists and is not a "
            f"folder. {fix_en}"
        )
    if (
        final.is_dir()
        and any(final.iterdir())
        and not ((final / MARKER).exists() or (final / "index.html").exists())
    ):
        raise UnsafeOutput(
            f"{final}: la carpeta tiene archivos y no es una salida de Voces; no se "
            f"reemplaza. {fix_es} / the folder has files and is not a Voces output; it is "
            f"not replaced. {fix_en}"
        )


class OutputLock:
    """An exclusive lock next to the output folder for the whole build."""

    def __init__(self, final: Path):
        self.path = final.parent / f".voces-{final.name}.lock"
        self.handle = None

    def acquire(self):
        self.handle = open(self.path, "w")  # noqa: SIM115 - held open: the lock lives as long as the file
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            self.handle = None
            raise UnsafeOutput(
                f"{self.path.parent}: otra construcción está escribiendo en esta carpeta de "
                "salida. Espere a que termine y vuelva a construir. / another build is "
                "writing to this output folder. Wait for it to finish and build again."
            ) from None

    def release(self):
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def recover_interrupted_swap(final: Path, old_prefix: str) -> None:
    """A build stopped between its two renames: put the previous output back."""
    if final.exists():
        return
    olds = sorted(
        final.parent.glob(f"{old_prefix}{final.name}-*"),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    if olds:
        os.replace(olds[0], final)


def make_readable(folder: Path) -> None:
    """Every file 0644 and every folder 0755: any web server, as any user, can serve it.

    Files written through a temporary file keep mkstemp's 0600 unless chmod'ed.
    """
    os.chmod(folder, 0o755)
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), 0o755)
        for name in filenames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)
