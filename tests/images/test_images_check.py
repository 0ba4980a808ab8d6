"""The metadata check editors run before publishing (``voces verificar-imagenes``)."""

import base64
import io
import struct
from pathlib import Path

from image_fixtures import dirty_jpeg, dirty_png, drawing
from PIL import Image

from voces_plugins.images import check_tree
from voces_plugins.images.check import image_bytes_problems, report_folder, scan_tree
from voces_plugins.images.clean import encode


def test_check_finds_every_kind_of_metadata(tmp_path):
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    dirty_jpeg(site / "img" / "foto.jpg", image=drawing(size=(300, 200)))
    dirty_png(site / "img" / "dibujo.png", image=drawing(size=(300, 200)))
    problems = " ".join(check_tree(site))
    for name in ("EXIF", "XMP", "IPTC", "COM", "ICC", "tEXt", "iTXt", "zTXt", "eXIf", "tIME"):
        assert name in problems, name
    assert "site/img/foto.jpg" in problems and "metadatos" in problems and "metadata" in problems


def test_check_follows_html_references_and_data_uris(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    data = dirty_jpeg(tmp_path / "x.jpg", image=drawing(size=(64, 48)))
    payload = base64.b64encode(data).decode()
    (site / "index.html").write_text(
        f'<img src="data:image/jpeg;base64,{payload}" alt="x">'
        '<img src="https://otro.example/foto.jpg" alt="y"><img src="falta.webp" alt="z">',
        encoding="utf-8",
    )
    problems = check_tree(site)
    text = " ".join(problems)
    assert "incrustada" in text and "otro sitio web" in text and "no está en el sitio" in text


def test_check_reads_images_inside_pdfs(tmp_path):
    import weasyprint

    site = tmp_path / "site"
    site.mkdir()
    dirty_jpeg(tmp_path / "foto.jpg", image=drawing(size=(300, 200)))
    html = f'<p>Edición</p><img src="{(tmp_path / "foto.jpg").as_uri()}" style="width:5cm">'
    weasyprint.HTML(string=html).write_pdf(site / "edicion.pdf")
    report = scan_tree(site)
    assert report.pdf_images == 1
    # WeasyPrint 70 keeps at least the JPEG comment of the file it was given.
    assert any("edicion.pdf" in p and "COM" in p for p in report.problems), report.problems


def test_command_exit_status(tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    drawing(size=(120, 90)).save(site / "limpia.webp", quality=70)
    assert report_folder(site) == 0
    assert "Todo limpio" in capsys.readouterr().out
    dirty_jpeg(site / "sucia.jpg", image=drawing(size=(120, 90)))
    assert report_folder(site) == 1
    assert "NO PUBLIQUE" in capsys.readouterr().out
    assert report_folder(tmp_path / "no-hay") == 2


def test_sample_site_is_clean(sample_site, tmp_path):
    report = scan_tree(sample_site)
    assert report.problems == []
    assert report.image_files >= 24 and report.referenced > 0
    # No original drawing reached the output, byte for byte.
    root = Path(__file__).resolve().parents[2]
    originals = [p.read_bytes() for p in (root / "content" / "dibujos").iterdir() if p.is_file()]
    for path in sample_site.rglob("*"):
        if path.is_file() and path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"):
            assert path.read_bytes() not in originals, path
    assert not (sample_site / "dibujos").exists() or not any(
        p.suffix == ".jpg" for p in (sample_site / "dibujos").iterdir()
    )


def _jpeg(image=None, **options):
    out = io.BytesIO()
    (image or drawing(size=(240, 160))).save(out, "JPEG", quality=80, **options)
    return out.getvalue()


def _segment(marker, payload):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


def _site_with(tmp_path, name, data):
    site = tmp_path / "site"
    (site / "imagenes").mkdir(parents=True, exist_ok=True)
    (site / "imagenes" / name).write_bytes(data)
    return site


def test_motion_photo_video_after_the_picture_is_caught(tmp_path, capsys):
    # A "motion photo" carries a short MP4 after the picture (with the place it was
    # taken); a video can itself end in the bytes FF D9, like the end of a JPEG.
    video = (
        struct.pack(">I", 24)
        + b"ftypmp42"
        + b"\x00" * 12
        + b"moov udta \xa9xyz+14.9056-092.2631/ ZZGPSMARK"
        + b"\xff\xd9"
    )
    data = _jpeg() + video
    with Image.open(io.BytesIO(data)) as im:
        im.load()  # browsers and Pillow show it as an ordinary photo
    site = _site_with(tmp_path, "foto.jpg", data)
    assert report_folder(site) == 1
    out = capsys.readouterr().out
    assert "imagenes/foto.jpg" in out and "data after end of image" in out, out
    assert "NO PUBLIQUE" in out


def test_metadata_between_the_scans_of_a_progressive_jpeg_is_caught(tmp_path):
    data = _jpeg(progressive=True)
    first = data.index(b"\xff\xda")
    second = data.index(b"\xff\xda", first + 2)  # the second scan of the picture
    hidden = _segment(0xFE, b"ZZCOMMENTMARK Lucero, calle 5") + _segment(
        0xE1, b"Exif\x00\x00ZZGPSMARK"
    )
    dirty = data[:second] + hidden + data[second:]
    with Image.open(io.BytesIO(dirty)) as im:
        im.load()  # still a perfectly viewable photo
    problems = " ".join(check_tree(_site_with(tmp_path, "dibujo.jpg", dirty)))
    assert "imagenes/dibujo.jpg" in problems
    assert "COM" in problems and "EXIF" in problems, problems


def test_jfif_thumbnail_and_unknown_segments_are_caught(tmp_path):
    data = _jpeg()
    # A JFIF header that carries a 2x1 RGB thumbnail, and an extension segment (JPG3).
    jfif_thumb = _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x02\x01" + b"\x80" * 6)
    sof = data.index(b"\xff\xc0")
    dirty = data[:sof] + jfif_thumb + _segment(0xF3, b"ZZSERIALMARK") + data[sof:]
    found = image_bytes_problems(dirty)
    assert "APP0" in " ".join(found) and "FFF3" in " ".join(found), found
    # A photo cut short has no end: it cannot be vouched for either.
    assert "no end of image" in image_bytes_problems(data[: len(data) // 2])


def test_clean_jpegs_of_every_kind_pass(tmp_path, capsys):
    picture = drawing(size=(240, 160))
    clean = {
        "baseline.jpg": _jpeg(picture),
        "progresiva.jpg": _jpeg(picture, progressive=True, optimize=True),
        "gris.jpg": _jpeg(picture.convert("L"), progressive=True),
        "reinicios.jpg": _jpeg(picture, restart_marker_blocks=4),
        "reinicios-prog.jpg": _jpeg(picture, progressive=True, restart_marker_rows=1),
        "cmyk.jpg": _jpeg(picture.convert("CMYK")),  # Adobe APP14 only
        "relleno.jpg": _jpeg(picture) + b"\x00" * 16 + b"\r\n",  # zero padding
        "voces-web.jpg": encode(picture, "JPEG", 78),
        "voces-print.jpg": encode(picture.convert("L"), "JPEG", 85, progressive=False),
    }
    for name, data in clean.items():
        assert image_bytes_problems(data) == [], name
        site = _site_with(tmp_path, name, data)
    assert report_folder(site) == 0
    assert "Todo limpio" in capsys.readouterr().out
