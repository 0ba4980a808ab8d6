"""The terminal side: ``voces buzon invitar/lista/ver/borrar``, page weight, the load test."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import httpx
import pytest
from mailbox_helpers import ROOT, Member, free_port, mailbox_env, voces_buzon

from voces.buzon.server import big as server_big


def test_the_server_prints_where_it_listens_and_invitar_prints_one_link_line(env, server):
    proc = voces_buzon(env, "invitar", "--horas", "0.5", process=True)
    lines = proc.stdout.splitlines()
    assert len(lines) == 1  # stdout is only the link (the QR is drawn for a terminal only)
    assert re.fullmatch(rf"{re.escape(server.base)}/i/[\w.\-]+", lines[0])
    assert "un solo uso" in proc.stderr and "0.5 h" in proc.stderr
    # The link leads to the running server's welcome page.
    assert Member(server.base).client.get(lines[0]).status_code == 200


def test_lista_ver_borrar(env, server):
    member = Member(server.base)
    member.start(server.invite())
    receipt = member.send_story(text="Historia para borrar BORRAR-5511", name="Nube")
    listing = voces_buzon(env, "lista").stdout
    assert receipt in listing and "Nube" in listing
    shown = voces_buzon(env, "ver", receipt.replace("-", " ").lower()).stdout
    assert "BORRAR-5511" in shown and "consentimiento: sí" in shown
    gone = voces_buzon(env, "borrar", receipt)
    assert "Borrado para siempre" in gone.stderr
    assert receipt not in voces_buzon(env, "lista").stdout
    missing = voces_buzon(env, "ver", receipt, check=False)
    assert missing.returncode == 2 and "no hay ningún envío" in missing.stderr
    bad = voces_buzon(env, "aceptar", "XXXX", "--seccion", "testimonios", check=False)
    assert bad.returncode == 2 and "no es un número de recibo" in bad.stderr


def test_aceptar_refuses_an_unknown_section(env, server):
    member = Member(server.base)
    member.start(server.invite())
    receipt = member.send_story(text="Sección equivocada")
    proc = voces_buzon(env, "aceptar", receipt, "--seccion", "noticias", check=False)
    assert proc.returncode == 2 and "no es una sección" in proc.stderr
    assert "testimonios" in proc.stderr
    assert receipt in voces_buzon(env, "lista").stdout  # nothing lost


def test_every_step_weighs_at_most_30_kb_plus_prompts():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "buzon_page_weight", ROOT / "scripts" / "buzon_page_weight.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    results = module.measure()
    assert [step for step, _size, _prompts in results] == [
        "bienvenida",
        "historia",
        "dibujos",
        "nombre",
        "permiso",
        "listo",
    ]
    for step, size, prompts in results:
        assert size <= 30 * 1024, (step, size)
        assert 0 < prompts <= 40 * 1024, (step, prompts)


def test_the_load_test_script_runs_small_and_everything_arrives_whole():
    proc = subprocess.run(
        [sys.executable, "scripts/bench_buzon.py", "--envios", "6", "--clientes", "3",
         "--foto-px", "800"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Llegaron enteros: 6/6" in proc.stdout and "restos a medias: 0" in proc.stdout


def test_the_shipped_prompts_say_each_step_and_carry_no_tags(tmp_path):
    from mailbox_helpers import ffprobe_tags

    from voces.buzon.prompts import PROMPTS

    shipped = ROOT / "voces" / "buzon" / "static" / "prompts"
    for step in PROMPTS:
        path = shipped / f"{step}.opus"
        assert path.exists() and 2_000 < path.stat().st_size < 40_000, path
        tags = ffprobe_tags(path)
        assert "codec_name=opus" in tags
        assert [t for t in tags.splitlines() if t.startswith("TAG:")] == [
            "TAG:encoder=Lavc libopus"
        ]
    # The script remakes them (espeak-ng, then ffmpeg).
    proc = subprocess.run(
        [sys.executable, "scripts/make_prompts.py", "--salida", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.stem for p in tmp_path.glob("*.opus")) == sorted(PROMPTS)


@pytest.mark.browser
def test_invitar_can_write_a_printable_page_with_the_qr_code(env, server, tmp_path, browser):
    page = tmp_path / "invitacion.html"
    proc = voces_buzon(env, "invitar", "--imprimir", str(page))
    link = proc.stdout.strip()
    html = page.read_text(encoding="utf-8")
    assert link in html and "<svg" in html and "una sola vez" in html
    assert page.stat().st_mode & 0o077 == 0  # only the editor reads it
    # The QR on the page opens the same link.
    assert link in _qr_codes_on(browser, page, tmp_path / "qr.png", 800, 1100)


def _qr_codes_on(browser, page, png, width, height, pdfs=()):
    """The QR codes read from a headless Chromium screenshot of the printable ``page``
    (a window of ``width`` x ``height`` CSS pixels), saved to ``png``; the same page
    printed to each ``(pdf path, paper format)`` of ``pdfs`` too."""
    import zxingcpp
    from PIL import Image

    tab = browser.new_page(viewport={"width": width, "height": height})
    try:
        tab.goto(page.as_uri())
        tab.screenshot(path=str(png))
        for pdf, paper in pdfs:
            tab.pdf(path=str(pdf), format=paper)
    finally:
        tab.close()
    return [r.text for r in zxingcpp.read_barcodes(Image.open(png))]


def _terminal_qr_image(lines):
    """The compact QR drawn in the terminal, back into pixels (█ ▀ ▄ are light halves)."""
    from PIL import Image

    halves = {"█": (255, 255), " ": (0, 0), "▀": (255, 0), "▄": (0, 255)}
    rows = []
    for line in lines:
        top, bottom = zip(*(halves[c] for c in line), strict=True)
        rows += [top, bottom]
    width = max(len(r) for r in rows)
    image = Image.new("L", (width, len(rows)), 255)
    image.putdata([v for r in rows for v in r + (255,) * (width - len(r))])
    return image.resize((width * 8, len(rows) * 8), Image.Resampling.NEAREST)


@pytest.mark.browser
def test_the_server_shows_its_address_large_with_a_qr_and_writes_a_poster(tmp_path, browser):
    import zxingcpp

    poster = tmp_path / "cartel.html"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "voces.commands.buzon", "--puerto", str(port),
         "--mostrar-qr", "--cartel", str(poster)],
        cwd=ROOT, env=mailbox_env(tmp_path), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        out = [proc.stdout.readline().rstrip("\n") for _ in range(6)]
        while not out[-1].startswith("▀"):  # the QR's bottom edge
            assert len(out) < 80, out
            out.append(proc.stdout.readline().rstrip("\n"))
        # The member's side answers at the printed address (once uvicorn listens).
        for _attempt in range(300):
            try:
                page = Member(base).client.get(base + "/")
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read()
                time.sleep(0.2)
        assert "Buzón de Voces" in page.text
    finally:
        proc.terminate()
        _rest, err = proc.communicate(timeout=60)
    assert out[0] == base  # the address, on a line of its own, first
    # Large type: the address five lines high, then the QR code, though not a terminal.
    assert "\n".join(out[1:6]) == server_big(base.removeprefix("http://"))
    found = [r.text for r in zxingcpp.read_barcodes(_terminal_qr_image(out[6:]))]
    assert found == [base]
    assert f"Cartel para imprimir: {poster}" in err
    # The printable page: Spanish, de tú, the address in large type and its QR code.
    html = poster.read_text(encoding="utf-8")
    assert '<html lang="es">' in html and "<svg" in html
    assert f'<p class="direccion">{base}</p>' in html
    assert "Conéctate al wifi" in html and "pídela a la colectiva" in html
    assert "invitación" in html and "/i/" not in html  # an address, never an invitation
    # Printed on A4 or Letter (Chromium's print to PDF, no header or footer), one page.
    pdfs = [(tmp_path / f"cartel-{paper}.pdf", paper) for paper in ("A4", "Letter")]
    assert _qr_codes_on(browser, poster, tmp_path / "cartel.png", 794, 1123, pdfs) == [base]
    for pdf, paper in pdfs:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert re.search(r"^Pages:\s+1$", info, re.M), (paper, info)
