"""Red team: a protected name in a transcript saved as UTF-16 passed the pre-commit hook.

Windows Notepad's "Unicode" is UTF-16: the hook read every text file as UTF-8 and
found nothing in ``R\\0o\\0s\\0a``, so the real name went into the sources' history
for good. The build's own search (``protected_terms.extract.views_of``) reads such
bytes; the hook now asks it too. Real ``git commit`` in a new newsroom.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "newsroom"))

from newsroom_helpers import git, make_newsroom

TERMS = "Rosa Martínez Gómez\n"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    base = tmp_path_factory.mktemp("terminos")
    terms = base / "privado" / "terminos-protegidos.txt"
    terms.parent.mkdir()
    terms.write_text(TERMS, encoding="utf-8")
    root = make_newsroom(base / "redaccion")
    (root / "voces.local.toml").write_text(f'VOCES_PROTECTED_TERMS = "{terms}"\n', encoding="utf-8")
    return root


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_transcript_with_a_protected_name_is_not_committed(newsroom, encoding):
    transcript = newsroom / "content" / "audio" / "nota.ogg.txt"
    transcript.parent.mkdir(exist_ok=True)
    transcript.write_bytes("Me ayudó Rosa Martínez Gómez en el albergue.\n".encode(encoding))
    before = git("rev-parse", "HEAD", cwd=newsroom).stdout
    git("add", str(transcript), cwd=newsroom)
    proc = git("commit", "-q", "-m", "transcripción", cwd=newsroom, check=False)
    try:
        assert proc.returncode != 0, "the commit went through"
        assert git("rev-parse", "HEAD", cwd=newsroom).stdout == before
        assert "content/audio/nota.ogg.txt" in proc.stderr
        assert "Rosa Martínez Gómez" in proc.stderr and "dentro del archivo" in proc.stderr
    finally:
        git("reset", "-q", "HEAD", "--", str(transcript), cwd=newsroom, check=False)
        transcript.unlink()


def test_the_same_transcript_in_utf8_names_its_line(newsroom):
    transcript = newsroom / "content" / "audio" / "nota.ogg.txt"
    transcript.parent.mkdir(exist_ok=True)
    transcript.write_text("Primera línea.\nMe ayudó Rosa Martínez Gómez.\n", encoding="utf-8")
    git("add", str(transcript), cwd=newsroom)
    proc = git("commit", "-q", "-m", "transcripción", cwd=newsroom, check=False)
    try:
        assert proc.returncode != 0
        assert "(línea 2)" in proc.stderr
    finally:
        git("reset", "-q", "HEAD", "--", str(transcript), cwd=newsroom, check=False)
        transcript.unlink()
