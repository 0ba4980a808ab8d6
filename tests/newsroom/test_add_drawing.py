"""``voces agregar-dibujo``: photos from a phone become clean drawings in
``content/dibujos/``, checked with an independent reader (exiftool)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from newsroom_helpers import phone_photo, voces_here
from PIL import Image

from voces.newsroom import create

pytestmark = pytest.mark.skipif(
    not shutil.which("exiftool"), reason="exiftool (libimage-exiftool-perl) no está instalado"
)

PHONE_NAME = "IMG_20261103_211407_Maria_Lopez.jpg"
#: exiftool groups that only describe the file and its pixels.
PLAIN_GROUPS = {"ExifTool", "System", "File", "JFIF", "Composite", "PNG", "RIFF", "QuickTime"}
#: Tags of those groups that would still say something about the phone or a person.
TELLING = ("Comment", "GPS", "Make", "Model", "DateTime", "Author", "Artist", "Orientation")


def exiftool_each(paths) -> list[dict]:
    """What exiftool reads in each file, in order (one exiftool run for them all)."""
    paths = [str(p) for p in paths]
    out = subprocess.run(
        ["exiftool", "-json", "-a", "-G1", "-u", *paths],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = {tags["SourceFile"]: tags for tags in json.loads(out)}
    return [found[p] for p in paths]


def exiftool(path: Path) -> dict:
    return exiftool_each([path])[0]


def telling_tags(tags: dict) -> list[str]:
    """Every tag exiftool found beyond the file's own structure."""
    left = []
    for key in tags:
        if key == "SourceFile":
            continue
        group, _, tag = key.partition(":")
        if group not in PLAIN_GROUPS or any(word in tag for word in TELLING):
            left.append(key)
    return left


def metadata_left(path: Path) -> list[str]:
    return telling_tags(exiftool(path))


@pytest.fixture
def newsroom(tmp_path):
    return create(tmp_path / "redaccion")


def phone_files(folder: Path) -> dict[str, Path]:
    """The same drawing as a phone sends it: JPEG, PNG, WebP and HEIC with metadata."""
    jpeg = phone_photo(folder / PHONE_NAME)
    with Image.open(jpeg) as im:
        exif = im.getexif()
        pixels = im.convert("RGB")
    png = folder / "Screenshot_20261103-211407_WhatsApp.png"
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Maria Lopez")
    info.add_text("Comment", "Tapachula, colonia centro")
    pixels.save(png, "PNG", pnginfo=info, exif=exif)
    webp = folder / "IMG-20261103-WA0007.webp"
    pixels.save(webp, "WEBP", exif=exif, xmp=b"<x:xmpmeta>Maria</x:xmpmeta>")
    files = {"jpeg": jpeg, "png": png, "webp": webp}
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
        heic = folder / "IMG_0042.HEIC"
        pixels.save(heic, "HEIF", exif=exif)
        files["heic"] = heic
    except Exception:  # pragma: no cover - no HEIF encoder in this pillow-heif build
        pass
    return files


def test_phone_photos_come_out_without_any_metadata(newsroom, tmp_path):
    files = phone_files(tmp_path / "telefono")
    assert "heic" in files, "pillow-heif could not write a HEIC test photo"
    for kind, tags in zip(files, exiftool_each(files.values()), strict=True):
        assert telling_tags(tags), f"the {kind} test photo should carry metadata"
    proc = voces_here("agregar-dibujo", *map(str, files.values()), cwd=newsroom)
    assert proc.returncode == 0, proc.stderr
    written = sorted((newsroom / "content" / "dibujos").glob("*.jpg"))
    assert [p.name for p in written] == [f"dibujo-00{n}.jpg" for n in range(1, 5)]
    for path, tags in zip(written, exiftool_each(written), strict=True):
        assert telling_tags(tags) == [], (path.name, tags)
        assert oct(path.stat().st_mode & 0o777) == "0o644"


def test_no_part_of_the_phone_file_name_survives(newsroom, tmp_path):
    photo = phone_photo(tmp_path / PHONE_NAME)
    proc = voces_here("agregar-dibujo", str(photo), cwd=newsroom)
    assert proc.returncode == 0, proc.stderr
    [drawing] = (newsroom / "content" / "dibujos").glob("*.jpg")
    parts = ("img", "20261103", "211407", "maria", "lopez")
    for part in parts:
        assert part not in drawing.name.lower()
        assert part not in proc.stdout.lower()
    # The Markdown line to paste, with a path relative to content/.
    assert f"](dibujos/{drawing.name})" in proc.stdout
    assert "![DESCRIBA AQUÍ EL DIBUJO]" in proc.stdout


def test_the_drawing_is_upright_and_at_full_resolution(newsroom, tmp_path):
    photo = phone_photo(tmp_path / "foto.jpg", size=(1200, 900))  # stored sideways (EXIF 6)
    assert voces_here("add-drawing", str(photo), cwd=newsroom).returncode == 0
    [drawing] = (newsroom / "content" / "dibujos").glob("*.jpg")
    with Image.open(drawing) as im:
        assert im.size == (900, 1200)  # turned upright, not a pixel lost
        assert not im.getexif()


def test_name_option_and_never_overwriting(newsroom, tmp_path):
    drawings = newsroom / "content" / "dibujos"
    photo = phone_photo(tmp_path / "foto.jpg")
    existing = drawings / "manos-juntas.jpg"
    existing.write_bytes(b"un dibujo que ya estaba")
    before = hashlib.sha256(existing.read_bytes()).hexdigest()
    proc = voces_here("agregar-dibujo", str(photo), "--nombre", "Manos juntas", cwd=newsroom)
    assert proc.returncode == 0, proc.stderr
    assert hashlib.sha256(existing.read_bytes()).hexdigest() == before
    assert (drawings / "manos-juntas-2.jpg").is_file()
    assert "](dibujos/manos-juntas-2.jpg)" in proc.stdout
    # Without a name: the next free neutral number, never an existing file.
    (drawings / "dibujo-001.jpg").write_bytes(b"otro")
    assert voces_here("agregar-dibujo", str(photo), cwd=newsroom).returncode == 0
    assert (drawings / "dibujo-001.jpg").read_bytes() == b"otro"
    assert (drawings / "dibujo-002.jpg").is_file()


def test_files_that_are_not_images_are_refused_and_nothing_is_written(newsroom, tmp_path):
    good = phone_photo(tmp_path / "foto.jpg")
    fake = tmp_path / "contrato.jpg"
    fake.write_text("Nombre: Maria Lopez\n", encoding="utf-8")
    proc = voces_here("agregar-dibujo", str(good), str(fake), cwd=newsroom)
    assert proc.returncode == 1
    assert "contrato.jpg" in proc.stderr and "no es una imagen" in proc.stderr
    assert "/ " in proc.stderr  # then in English
    assert list((newsroom / "content" / "dibujos").glob("*.jpg")) == []


def test_in_place_cleans_a_drawing_already_in_content(newsroom):
    photo = phone_photo(newsroom / "content" / "dibujos" / "taller.jpg")
    assert metadata_left(photo)
    proc = voces_here("agregar-dibujo", "--en-su-lugar", "content/dibujos/taller.jpg", cwd=newsroom)
    assert proc.returncode == 0, proc.stderr
    assert metadata_left(photo) == []
    with Image.open(photo) as im:
        assert im.size == (480, 640)
