"""In print: a story whose recording is on the web carries a second QR code,
"Escucha esta historia", that opens the recording; nothing else does."""

from __future__ import annotations

import shutil

import pytest
from audio_fixtures import build, consented_story, shared_cache, voice_note_ogg
from editions_helpers import page_images, pdftoppm_available
from pypdf import PdfReader

#: A real address: copy-shop PDFs are refused with the sample one.
SITE = "https://voces-prueba.org"

pytestmark = [
    pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg no está instalado"),
    pytest.mark.skipif(
        not pdftoppm_available(), reason="poppler-utils (pdftoppm) no está instalado"
    ),
]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    root = tmp_path_factory.mktemp("audio-print")
    content = root / "content"
    (content / "audio").mkdir(parents=True)
    (content / "ediciones").mkdir()
    (content / "ediciones" / "01.md").write_text(
        "número: 1\ntítulo: Voces que se oyen\nfecha: 2026-11-15\n\nEditorial de prueba.\n",
        encoding="utf-8",
    )
    for name in ("uno", "dos", "tres"):
        voice_note_ogg(content / "audio" / f"{name}.ogg")
        (content / "audio" / f"{name}.ogg.txt").write_text(f"Transcripción {name}.", "utf-8")
    body = "Nos juntamos los jueves para hablar, aprender y cuidarnos."
    consented_story(content, "con-voz", "audio/uno.ogg", edición=1)
    # The member allows her voice on the web but not announced on paper.
    consented_story(
        content, "voz-solo-web", "audio/dos.ogg", audio_alcance="web", edición=1,
        date="2026-11-04",
    )  # fmt: skip
    # Consent for paper only: no sound anywhere, so no QR code can lead to it.
    consented_story(
        content, "papel-con-voz", "audio/tres.ogg", scope="impreso", edición=1,
        date="2026-11-03",
    )  # fmt: skip
    for path in (content / "testimonios").iterdir():
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{body}\n", "utf-8")
    shop = root / "imprenta"
    build(
        content,
        root / "output",
        shared_cache(),  # these tests read the PDFs, not the recordings' cache
        extra={
            "EDITIONS": {
                "copy_shop_dir": str(shop),
                "cache_dir": str(root / "pdf-cache"),
                "print_sample": True,
            }
        },
        env={"VOCES_SITEURL": SITE},
    )
    return {"out": root / "output", "shop": shop, "tmp": root}


def qr_texts(pdf, tmp):
    import zxingcpp
    from PIL import Image

    found = []
    images = page_images(pdf, tmp)
    assert len(images) == len(PdfReader(pdf).pages)
    for image in images:
        found += [r.text for r in zxingcpp.read_barcodes(Image.open(image))]
    return found


def pdf_text(pdf):
    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def test_site_pdf_has_a_listen_qr_only_for_sound_announced_on_paper(printed):
    colour = printed["out"] / "ediciones" / "01" / "voces-01.pdf"
    found = qr_texts(colour, printed["tmp"] / "sitio")
    assert sorted(found) == sorted(
        [
            f"{SITE}/articulos/con-voz/",
            f"{SITE}/articulos/con-voz/#escuchar",
            f"{SITE}/articulos/voz-solo-web/",
        ]
    ), found
    text = pdf_text(colour)
    assert text.count("Escucha esta historia") == 1
    # The QR code opens the page where the player and the transcript are.
    page = (printed["out"] / "articulos" / "con-voz" / "index.html").read_text()
    assert 'id="escuchar"' in page and 'preload="none"' in page


def test_copy_shop_pdf_never_announces_sound_that_is_not_online(printed):
    shop_pdf = printed["shop"] / "01" / "voces-01.pdf"
    text = pdf_text(shop_pdf)
    assert "Papel con voz" in text  # the print-only story is printed ...
    assert text.count("Escucha esta historia") == 1  # ... without a listen QR code
    # Its own folder: both PDFs are voces-01.pdf, and page_images names its folder by that.
    assert not [t for t in qr_texts(shop_pdf, printed["tmp"] / "imprenta") if "papel-con-voz" in t]
    assert not (printed["out"] / "articulos" / "papel-con-voz").exists()
