"""The metadata check editors run before publishing (``voces verificar-imagenes``)."""

import base64
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from image_fixtures import dirty_jpeg, dirty_png, drawing  # noqa: E402

from images import check_tree  # noqa: E402
from images.check import main, scan_tree  # noqa: E402


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
        encoding="utf-8")
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
    assert main([str(site)]) == 0
    assert "Todo limpio" in capsys.readouterr().out
    dirty_jpeg(site / "sucia.jpg", image=drawing(size=(120, 90)))
    assert main([str(site)]) == 1
    assert "NO PUBLIQUE" in capsys.readouterr().out
    assert main([str(tmp_path / "no-hay")]) == 2


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
        p.suffix == ".jpg" for p in (sample_site / "dibujos").iterdir())
