"""Red team: a member's file in clear left in /dev/shm by a killed server.

Found by a real run: a member uploads a two-minute WAV, the server is killed with
SIGKILL while the worker cleans it; the worker dies before its ``finally`` and
``/dev/shm/voces-buzon-*/entrada`` (21 MB, her recording in clear) and a half-made
``salida.opus`` stayed there until the laptop restarted. Killing the server at the
right moment is a matter of timing, so this test makes the leftover as the killed
worker left it (its process gone) and starts a real server on 127.0.0.1: the leftover
must be erased, the work folder of a process still running (another mailbox cleaning
now) kept.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mailbox"))

from mailbox_helpers import Server, mailbox_env

from voces.buzon import media

MARKER = b"PUMA8802 su historia en claro"


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_a_killed_workers_files_are_erased_when_the_mailbox_starts(tmp_path):
    shm = media._shm() or tempfile.gettempdir()
    left = Path(tempfile.mkdtemp(prefix=f"{media.WORK_PREFIX}{_dead_pid()}-", dir=shm))
    (left / "entrada").write_bytes(MARKER * 1000)
    (left / "salida.opus").write_bytes(b"OggS" + MARKER)
    accepting = Path(tempfile.mkdtemp(prefix=f"{media.ACCEPT_PREFIX}{_dead_pid()}-", dir=shm))
    (accepting / "0.opus").write_bytes(b"OggS" + MARKER)
    busy = Path(tempfile.mkdtemp(prefix=f"{media.WORK_PREFIX}{os.getpid()}-", dir=shm))
    (busy / "entrada").write_bytes(b"being cleaned right now")
    try:
        server = Server(mailbox_env(tmp_path))
        try:
            assert not left.exists(), "a member's file in clear survived the restart"
            assert not accepting.exists(), "a recording being accepted survived the restart"
            assert busy.exists() and (busy / "entrada").exists()
        finally:
            server.stop()
    finally:
        for folder in (left, accepting, busy):
            for name in ("entrada", "salida.opus", "0.opus"):
                (folder / name).unlink(missing_ok=True)
            if folder.exists():
                folder.rmdir()


def test_work_folders_carry_the_process_id():
    with media._work_dir() as work:
        assert work.name.startswith(f"{media.WORK_PREFIX}{os.getpid()}-")
        assert oct(work.stat().st_mode & 0o777) == "0o700"
