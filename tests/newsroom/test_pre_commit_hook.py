"""The pre-commit hook of a new newsroom (``voces revisar --fuente``), with real
``git commit`` in a temporary newsroom: what it refuses, what it lets through, and
that the fix it names works."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from newsroom_helpers import git, git_env, make_newsroom, phone_photo, voces_here

TERMS = "Rosa Martínez Gómez\nBar El Paraíso\n"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    """A newsroom whose first commit went through the hook, with a protected-terms list
    outside it named in voces.local.toml (as the guide says)."""
    base = tmp_path_factory.mktemp("gancho")
    terms = base / "privado" / "terminos-protegidos.txt"
    terms.parent.mkdir()
    terms.write_text(TERMS, encoding="utf-8")
    root = make_newsroom(base / "redaccion")  # its first commit ran the hook
    (root / "voces.local.toml").write_text(f'VOCES_PROTECTED_TERMS = "{terms}"\n', encoding="utf-8")
    return root


def head(root):
    return git("rev-parse", "HEAD", cwd=root).stdout.strip()


def commit(root, *paths, extra=()):
    git("add", *paths, cwd=root)
    return git("commit", "-q", *extra, "-m", "cambio", cwd=root, check=False)


def unstage(root, *paths):
    git("reset", "-q", "HEAD", "--", *paths, cwd=root, check=False)


def test_the_first_commit_of_a_new_newsroom_passes_the_hook(newsroom):
    log = git("log", "--format=%s", cwd=newsroom).stdout.split("\n")
    assert "inicio" in log


def test_a_clean_story_is_committed(newsroom):
    before = head(newsroom)
    story = newsroom / "content" / "salud" / "agua-limpia.md"
    story.write_text(
        "título: Agua limpia\nfecha: 2026-11-05\nautora: Luz\nestado: borrador\n\n"
        "Hervir el agua un minuto.\n",
        encoding="utf-8",
    )
    proc = commit(newsroom, str(story))
    assert proc.returncode == 0, proc.stderr
    assert head(newsroom) != before


def test_a_jpeg_with_gps_is_refused_and_the_named_fix_works(newsroom):
    before = head(newsroom)
    photo = phone_photo(newsroom / "content" / "dibujos" / "foto-del-taller.jpg")
    proc = commit(newsroom, str(photo))
    assert proc.returncode != 0
    assert head(newsroom) == before
    err = proc.stderr
    assert "NO SE GUARDA" in err and "NOT COMMITTED" in err
    assert "content/dibujos/foto-del-taller.jpg" in err
    assert "EXIF" in err and "metadatos" in err and "metadata" in err
    fix = "voces agregar-dibujo --en-su-lugar content/dibujos/foto-del-taller.jpg"
    assert fix in err and "--no-verify" in err
    # The command the message names cleans the file; the commit then goes through.
    fixed = voces_here(*fix.split()[1:], cwd=newsroom)
    assert fixed.returncode == 0, fixed.stderr
    proc = commit(newsroom, str(photo))
    assert proc.returncode == 0, proc.stderr
    assert head(newsroom) != before


def test_a_protected_term_in_a_story_is_refused(newsroom):
    before = head(newsroom)
    story = newsroom / "content" / "testimonios" / "la-noche.md"
    story.write_text(
        "título: La noche\nfecha: 2026-11-05\nautora: Luz\nestado: borrador\n\n"
        "Trabajé en el bar el paraiso dos años.\n",
        encoding="utf-8",
    )
    proc = commit(newsroom, str(story))
    assert proc.returncode != 0 and head(newsroom) == before
    assert "content/testimonios/la-noche.md" in proc.stderr
    assert "Bar El Paraíso" in proc.stderr and "línea 6" in proc.stderr
    assert "seudónimo" in proc.stderr and "git add" in proc.stderr
    unstage(newsroom, str(story))
    story.unlink()


def test_a_protected_term_in_a_file_name_is_refused(newsroom):
    before = head(newsroom)
    story = newsroom / "content" / "comunidad" / "rosa-martinez-gomez.md"
    story.write_text(
        "título: Una compañera\nfecha: 2026-11-05\nautora: Luz\nestado: borrador\n\nHola.\n",
        encoding="utf-8",
    )
    proc = commit(newsroom, str(story))
    assert proc.returncode != 0 and head(newsroom) == before
    assert "Rosa Martínez Gómez" in proc.stderr and "nombre del archivo" in proc.stderr
    unstage(newsroom, str(story))
    story.unlink()


@pytest.mark.parametrize(
    "rel, words",
    [
        ("salud/receta.docx", "git rm --cached"),
        ("salud/HISTORIA.MD", "git mv"),
        ("dibujos/notas.txt", "solo van imágenes"),
        ("comunidad/.DS_Store", "archivo oculto"),
        ("testimonios/voz.ogg", "git mv"),
        ("audio/notas.docx", "solo van grabaciones"),
    ],
)
def test_a_file_the_build_does_not_accept_is_refused(newsroom, rel, words):
    before = head(newsroom)
    path = newsroom / "content" / rel
    path.write_bytes(b"algo\n")
    proc = commit(newsroom, "-f", str(path))
    assert proc.returncode != 0 and head(newsroom) == before
    assert f"content/{rel}" in proc.stderr and words in proc.stderr
    unstage(newsroom, str(path))
    path.unlink()


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg no está instalado")
def test_a_recording_with_metadata_is_refused(newsroom, tmp_path):
    before = head(newsroom)
    audio = newsroom / "content" / "audio" / "voz.ogg"
    audio.parent.mkdir(exist_ok=True)
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
            "-metadata", "title=Rosa habla", "-metadata", "artist=Rosa", "-c:a", "libopus",
            str(audio),
        ],
        check=True,
    )  # fmt: skip
    proc = commit(newsroom, str(audio))
    assert proc.returncode != 0 and head(newsroom) == before
    assert "content/audio/voz.ogg" in proc.stderr and "grabación" in proc.stderr
    assert "-map_metadata -1" in proc.stderr
    unstage(newsroom, str(audio))
    audio.unlink()


def test_a_pdf_with_author_metadata_is_refused(newsroom):
    from pypdf import PdfWriter

    before = head(newsroom)
    pdf = newsroom / "content" / "comunidad" / "volante.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Rosa", "/Creator": "Telefono"})
    with open(pdf, "wb") as out:
        writer.write(out)
    proc = commit(newsroom, str(pdf))
    assert proc.returncode != 0 and head(newsroom) == before
    assert "content/comunidad/volante.pdf" in proc.stderr and "Author" in proc.stderr
    unstage(newsroom, str(pdf))
    pdf.unlink()


def test_only_no_verify_bypasses_the_hook(newsroom):
    before = head(newsroom)
    photo = phone_photo(newsroom / "content" / "dibujos" / "a-proposito.jpg")
    assert commit(newsroom, str(photo)).returncode != 0
    proc = commit(newsroom, str(photo), extra=("--no-verify",))
    assert proc.returncode == 0 and head(newsroom) != before


def test_voces_revisar_lists_files_in_content_that_keep_metadata(newsroom):
    """A photo committed with --no-verify is still listed, with its cleaning command."""
    photo = phone_photo(newsroom / "content" / "dibujos" / "sin-revisar.jpg")
    assert commit(newsroom, str(photo), extra=("--no-verify",)).returncode == 0
    clean = newsroom / "content" / "dibujos" / "limpio.jpg"
    shutil.copyfile(phone_photo(newsroom.parent / "limpio.jpg"), clean)
    assert voces_here("agregar-dibujo", "--en-su-lugar", str(clean), cwd=newsroom).returncode == 0
    proc = voces_here("revisar", cwd=newsroom, env=git_env())
    assert "content/dibujos/sin-revisar.jpg" in proc.stdout
    assert "voces agregar-dibujo --en-su-lugar content/dibujos/sin-revisar.jpg" in proc.stdout
    assert "limpio.jpg" not in proc.stdout


def test_the_hook_checks_photos_and_terms_without_loading_the_site_builder(newsroom):
    """Every commit waits for the hook: it reads the staged photo, story and terms list
    with the images and protected-terms plugins' own modules, never importing Pelican
    (their build entry points did, 0.4 s of each commit)."""
    photo = phone_photo(newsroom / "content" / "dibujos" / "rapida.jpg")
    story = newsroom / "content" / "salud" / "rapida.md"
    story.write_text(
        "título: Rápida\nfecha: 2026-11-05\nautora: Luz\nestado: borrador\n\nBar El Paraíso.\n",
        encoding="utf-8",
    )
    git("add", str(photo), str(story), cwd=newsroom)
    try:
        proc = subprocess.run(
            [sys.executable, "-c", "import sys; from voces.cli import main; code = main("
             "['revisar', '--fuente']); print(sorted(m for m in sys.modules if m == 'pelican'"
             " or m.startswith('pelican.'))); sys.exit(code)"],
            cwd=newsroom, capture_output=True, text=True, env=git_env(), timeout=300,
        )  # fmt: skip
    finally:
        unstage(newsroom, str(photo), str(story))
        photo.unlink()
        story.unlink()
    assert proc.returncode == 1
    assert "content/dibujos/rapida.jpg" in proc.stderr and "metadatos" in proc.stderr
    assert "content/salud/rapida.md" in proc.stderr and "Bar El Paraíso" in proc.stderr
    assert proc.stdout.strip() == "[]"
