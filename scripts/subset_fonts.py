"""Make the web fonts: the Latin fonts of theme/static/fonts/ cut down (fontTools) to
the characters Spanish and English text uses, without hinting, with kerning only.

Usage:  .venv/bin/python scripts/subset_fonts.py

Writes theme/static/fonts/*-web.woff2 next to the full files, which stay for print
(WeasyPrint, theme/static/print/). Run again when a font file changes. A character
outside this set (a name with ő, say) is drawn in the fallback font on the web.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "theme" / "static" / "fonts"
UNICODES = (
    "U+0020-007E,U+00A0-00FF,U+0152-0153,U+00B7,U+2013-2014,U+2018-201E,U+2022,U+2026,"
    "U+20AC,U+2190-2193"
)


def main() -> int:
    for source in sorted(FONTS.glob("*-latin-*.woff2")):
        if source.stem.endswith("-web"):
            continue
        target = source.with_name(source.stem + "-web.woff2")
        subset.main(
            [
                str(source),
                f"--unicodes={UNICODES}",
                "--layout-features=kern",
                "--no-hinting",
                "--desubroutinize",
                "--flavor=woff2",
                f"--output-file={target}",
            ]
        )
        print(f"{target.name}: {source.stat().st_size} -> {target.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
