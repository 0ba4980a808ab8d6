"""What the commands share: bilingual messages and building through voces.build."""

from __future__ import annotations

import sys
from pathlib import Path


def say(es: str, en: str) -> None:
    """A message for the editor on stderr: Spanish, then English on the next line."""
    print(f"{es}\n  / {en}", file=sys.stderr, flush=True)


def build(
    root: Path,
    settings: str,
    output,
    *,
    preview: bool = False,
    quiet: bool = False,
    verbose: bool = False,
    env=None,
) -> int:
    """A build in this process (voces.build.run_build), then one line saying how it went."""
    from voces.build import run_build

    result = run_build(
        root / "content",
        output,
        settings=settings,
        preview=preview,
        quiet=quiet,
        verbose=verbose,
        env=env,
        root=root,
    )
    if result.returncode == 0:
        say(f"Listo en {result.took:.1f} s: {output}", f"Done in {result.took:.1f} s: {output}")
    elif result.returncode != 130:  # Ctrl+C: run_build already said so
        say(
            f"La construcción falló (código {result.returncode}); lea los mensajes de arriba. "
            f"Lo que ya estaba en {output} no cambió.",
            f"The build failed (code {result.returncode}); read the messages above. "
            f"What was in {output} is unchanged.",
        )
    return result.returncode
