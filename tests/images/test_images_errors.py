"""Bad input stops the build, names the article and the image, and writes nothing."""

import pytest
from image_fixtures import bomb_png, drawing, solid_jpeg
from images_site import article, build


def _truncated(path):
    data = solid_jpeg(path, (10, 20, 30), size=(800, 600))
    path.write_bytes(data[: len(data) // 2])


def _corrupt(path):
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40)


def _empty(path):
    path.write_bytes(b"")


def _gif(path):
    drawing(size=(300, 200)).convert("P").save(path, "GIF")


def _text(path):
    path.write_text("esto no es una foto", encoding="utf-8")


CASES = {
    # name: (file name, maker, words the message must hold)
    "truncated": ("cortada.jpg", _truncated, ["incompleta o dañada", "truncated or damaged"]),
    "corrupt": (
        "rota.jpg",
        _corrupt,
        [("dañada", "no es una imagen"), ("damaged", "not a readable image")],
    ),
    "empty": ("vacia.jpg", _empty, ["está vacío", "is empty"]),
    "unsupported": ("animada.gif", _gif, ["formato", "GIF", "JPEG, PNG, HEIC o WebP"]),
    "not_image": ("nota.jpg", _text, ["no es una imagen", "not a readable image"]),
    "bomb": ("enorme.png", bomb_png, ["demasiado grande", "too large"]),
    "missing": ("no-existe.jpg", None, ["no existe", "does not exist"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_image_stops_the_build_with_a_clear_message(tmp_path, case):
    name, make, words = CASES[case]
    content = tmp_path / "content"
    (content / "dibujos").mkdir(parents=True)
    if make:
        make(content / "dibujos" / name)
    article(content, "historia", f"Texto.\n\n![Un dibujo](dibujos/{name})\n")
    out = tmp_path / "output"
    proc = build(content, out, tmp_path / "cache", check=False)
    log = proc.stdout + proc.stderr
    flat = " ".join(log.split())
    assert proc.returncode != 0, log
    assert "historia.md" in flat and f"dibujos/{name}" in flat, log
    for word in words:
        choices = word if isinstance(word, tuple) else (word,)
        assert any(choice in flat for choice in choices), (word, log)
    assert "Traceback" not in log
    # Nothing was published, not even part of an image.
    assert not out.exists() or not any(out.rglob("*.webp")), list(out.rglob("*"))
    cache = tmp_path / "cache"
    if cache.exists():
        assert not [p for p in cache.rglob("*") if p.name.startswith(".tmp-")]


def test_missing_alt_stops_production_build_and_warns_in_preview(tmp_path):
    content = tmp_path / "content"
    (content / "dibujos").mkdir(parents=True)
    solid_jpeg(content / "dibujos" / "casa.jpg", (200, 180, 160))
    article(content, "sin-alt", "Texto.\n\n![](dibujos/casa.jpg)\n")
    proc = build(content, tmp_path / "prod", tmp_path / "cache", check=False)
    flat = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0
    assert "sin-alt.md" in flat and "dibujos/casa.jpg" in flat
    assert "no tiene texto alternativo" in flat and "has no alt text" in flat
    assert not (tmp_path / "prod").exists() or not any((tmp_path / "prod").rglob("*.html"))

    proc = build(content, tmp_path / "preview", tmp_path / "cache", check=False, preview=True)
    flat = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode == 0, flat
    assert "no tiene texto alternativo" in flat
    assert any((tmp_path / "preview" / "imagenes").glob("*.webp"))


def test_cover_without_alt_names_the_field_to_add(tmp_path):
    content = tmp_path / "content"
    (content / "dibujos").mkdir(parents=True)
    solid_jpeg(content / "dibujos" / "casa.jpg", (200, 180, 160))
    article(content, "portada", "Texto.", image="dibujos/casa.jpg")
    proc = build(content, tmp_path / "out", tmp_path / "cache", check=False)
    flat = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0
    assert "portada.md" in flat and "imagen_alt" in flat
