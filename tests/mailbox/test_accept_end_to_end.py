"""End to end: a member sends a spoken story and a drawing from her phone, an editor
accepts it with ``voces buzon aceptar``, ``voces revisar`` and a preview build show it as
a draft with clean files, and a production build publishes nothing of it."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from mailbox_helpers import (
    ROOT,
    Member,
    Server,
    ffprobe_tags,
    jpeg_with_gps,
    m4a_with_tags,
    mailbox_env,
    voces_buzon,
)
from newsroom_helpers import voces_here
from voces_testing import all_output_files, run_build

MARKER = "TUCAN8830"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project's settings and content that the editor may change."""
    base = tmp_path_factory.mktemp("e2e")
    root = base / "proyecto"
    root.mkdir()
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, root / name)
    shutil.copytree(ROOT / "content", root / "content")
    env = mailbox_env(base)
    return {"root": root, "env": env, "base": base}


@pytest.fixture(scope="module")
def accepted(project):
    env = project["env"]
    server = Server(env)
    try:
        member = Member(server.base)
        member.start(server.invite())
        receipt = member.send_story(
            text=f"Crucé el río con mi hija y aquí empezamos de nuevo. {MARKER}",
            audio=m4a_with_tags(MARKER, seconds=3),
            photos=[jpeg_with_gps(MARKER, size=(1200, 900))],
            name="Garza",
            scope="ambos",
        )
    finally:
        server.stop()
    listing = voces_buzon(env, "lista").stdout
    assert receipt in listing and "Garza" in listing
    shown = voces_buzon(env, "ver", receipt.lower()).stdout
    assert MARKER in shown
    proc = voces_buzon(env, "aceptar", receipt, "--seccion", "testimonios", cwd=project["root"])
    assert proc.returncode == 0, proc.stderr
    match = re.search(r"(content/testimonios/historia-[0-9a-f]+\.md)", proc.stderr)
    assert match, proc.stderr
    article = project["root"] / match.group(1)
    return {"receipt": receipt, "article": article, "listing_after": voces_buzon(env, "lista")}


def header(article):
    head = article.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def test_the_draft_article_has_her_text_pseudonym_and_consent(accepted):
    meta = header(accepted["article"])
    assert meta["estado"] == "borrador"
    assert meta["autora"] == "Garza"
    assert meta["voz"] == "propia"  # her own recorded voice
    assert meta["consentimiento"] == "sí"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["consentimiento_fecha"])
    assert meta["consentimiento_alcance"] == "web, impreso"
    assert MARKER in accepted["article"].read_text(encoding="utf-8")
    assert accepted["article"].stat().st_mode & 0o644 == 0o644


def test_drawing_and_recording_are_clean_under_neutral_names(accepted, project):
    meta = header(accepted["article"])
    content = project["root"] / "content"
    drawing = content / meta["imagen"]
    recording = content / meta["audio"]
    assert re.fullmatch(r"dibujos/dibujo-[0-9a-f]{8}\.jpg", meta["imagen"])
    assert meta["audio"].startswith("audio/") and "nota" not in meta["audio"]
    for path in (drawing, recording):
        assert path.exists() and MARKER.encode() not in path.read_bytes()
    exif = subprocess.run(
        ["exiftool", "-a", "-G1", "-s", str(drawing)], capture_output=True, text=True
    ).stdout
    assert "GPS" not in exif and "Make" not in exif and "Comment" not in exif
    tags = ffprobe_tags(recording)
    assert MARKER not in tags and "location" not in tags.lower() and "title" not in tags.lower()


def test_the_submission_left_the_quarantine(accepted):
    assert accepted["receipt"] not in accepted["listing_after"].stdout


def test_voces_revisar_sees_it_as_a_draft(accepted, project):
    # ``voces revisar`` as the command runs it, in this process (the command, not its
    # process, is what is tested here).
    proc = voces_here("revisar", project["root"] / "content", cwd=ROOT, env=project["env"])
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    # Every draft file of the copy is counted, ours included.
    drafts = [
        path
        for path in (project["root"] / "content").rglob("*.md")
        if re.search(
            r"^(estado|status):\s*(borrador|draft)\s*$",
            path.read_text(encoding="utf-8").split("\n\n", 1)[0],
            re.MULTILINE | re.IGNORECASE,
        )
    ]
    assert accepted["article"] in drafts
    assert f"{len(drafts)} borrador" in out and f"{len(drafts)} draft" in out, out


def test_the_preview_shows_it_marked_and_production_publishes_nothing(accepted, project):
    content = project["root"] / "content"
    slug = header(accepted["article"])["slug"]
    drawing_name = header(accepted["article"])["imagen"].split("/")[1].removesuffix(".jpg")
    preview = project["base"] / "preview"
    # Its own recordings cache (builds prune recordings they do not use); the image cache
    # is the suite's shared one (content-addressed, never pruned: see conftest.py).
    caches = {"AUDIO": {"cache_dir": str(project["base"] / "cache" / "audio")}}
    run_build(content, preview, settings="pelicanconf.py", extra={"VOCES_PREVIEW": True, **caches})
    page = preview / "articulos" / slug / "index.html"
    assert page.exists()
    html = page.read_text(encoding="utf-8")
    assert MARKER in html and "Garza" in html
    for path in all_output_files(preview):
        if path.suffix.lower() in {".jpg", ".jpeg", ".webp", ".ogg", ".opus", ".m4a"}:
            assert MARKER.encode() not in path.read_bytes(), path

    output = project["base"] / "output"
    run_build(content, output, extra=caches)
    assert not (output / "articulos" / slug).exists()
    for path in all_output_files(output):
        data = path.read_bytes()
        assert MARKER.encode() not in data, path
        assert slug.encode() not in data, path
        assert drawing_name not in path.name
