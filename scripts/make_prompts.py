"""Record the mailbox's spoken prompts: espeak-ng speaks each sentence, ffmpeg makes Opus.

    .venv/bin/python scripts/make_prompts.py

The sentences are ``voces/buzon/prompts.py``'s, so the page and the voice say the same.
The files go to ``voces/buzon/static/prompts/<step>.opus`` (mono speech Opus, about
10 KB each, no tags). The association can replace any of them with a promoter's voice
saying the same sentence (any recording; run it through ffmpeg the same way).
Needs the Debian packages espeak-ng and ffmpeg (run.sh installs them).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "voces" / "buzon" / "static" / "prompts"
VOICE = "es-419"  # Latin American Spanish


def main(argv=None) -> int:
    import argparse

    from voces.buzon.prompts import PROMPTS

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--salida", "--output", dest="out", default=str(OUT))
    out = Path(parser.parse_args(argv).out)

    for tool in ("espeak-ng", "ffmpeg"):
        if not shutil.which(tool):
            print(f"Falta {tool}: apt-get install {tool} / {tool} is missing", file=sys.stderr)
            return 1
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        for step, sentence in PROMPTS.items():
            wav = Path(work) / f"{step}.wav"
            subprocess.run(
                ["espeak-ng", "-v", VOICE, "-s", "140", "-w", str(wav), sentence], check=True
            )
            dest = out / f"{step}.opus"
            subprocess.run(
                [
                    "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(wav),
                    "-map_metadata", "-1", "-map_chapters", "-1", "-ac", "1",
                    "-c:a", "libopus", "-b:a", "16k", "-application", "voip",
                    "-fflags", "+bitexact", "-flags:a", "+bitexact", str(dest),
                ],
                check=True,
            )  # fmt: skip
            print(f"{dest}: {dest.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
