"""Whether a process still runs: a work folder named after a dead process is a leftover
(editions' pending folders, the mailbox's work folders)."""

from __future__ import annotations

import os


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    return True
