"""Red team: a mailbox key readable by every account of the laptop was used silently.

The key is created 0600, but one copied back from a backup or a USB stick comes back
0644: every other account on the association's laptop could then read the key and
decrypt the quarantine. Real ``voces buzon`` commands.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mailbox"))

from mailbox_helpers import mailbox_env, voces_buzon


def test_a_world_readable_key_is_closed_to_the_owner_and_said(tmp_path):
    env = mailbox_env(tmp_path)
    voces_buzon(env, "invitar")  # creates the key
    key = Path(env["VOCES_BUZON_KEY"])
    assert key.stat().st_mode & 0o777 == 0o600
    os.chmod(key, 0o644)  # as a copy from a backup comes back
    proc = voces_buzon(env, "lista")
    assert key.stat().st_mode & 0o777 == 0o600
    assert "otras cuentas" in proc.stderr and "other accounts" in proc.stderr
    # Said once: the next command finds it closed and says nothing.
    assert "otras cuentas" not in voces_buzon(env, "lista").stderr
