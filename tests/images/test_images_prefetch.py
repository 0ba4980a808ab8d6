"""Drawings start encoding while the stories are still read (images/prefetch.py): the
same files come out, a draft's drawing is never encoded, and a broken drawing is still
reported once, in the build's own words."""

import filecmp
import os

import pytest
from image_fixtures import dirty_jpeg, drawing
from images_site import article, build, files


@pytest.fixture(autouse=True)
def four_cores(monkeypatch):
    """The early start uses every core but the reading one: give the build three."""
    monkeypatch.setattr(os, "cpu_count", lambda: 4)


def _content(root):
    content = root / "content"
    (content / "dibujos").mkdir(parents=True)
    for n in range(4):
        dirty_jpeg(content / "dibujos" / f"d{n}.jpg", image=drawing(size=(800, 600), seed=n))
    article(content, "uno", "![Dibujo 0](dibujos/d0.jpg)", image="dibujos/d1.jpg", image_alt="Uno")
    article(content, "dos", "![Dibujo 2](dibujos/d2.jpg)\n\n![Otra vez](dibujos/d0.jpg)")
    article(content, "borrador", "![Dibujo 3](dibujos/d3.jpg)", status="borrador")
    return content


def _encoded(cache):
    return sorted(p.name for p in cache.rglob("*") if p.suffix in (".webp", ".jpg"))


@pytest.fixture(scope="module")
def early_build(tmp_path_factory):
    """The content built with the early start (three cores), read by two tests:
    (folder of content, output and cache, the build's log)."""
    base = tmp_path_factory.mktemp("temprano")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "cpu_count", lambda: 4)
        content = _content(base)
        early = build(content, base / "early", base / "cache-early", verbose=True)
    return base, early


def test_early_start_publishes_exactly_what_a_build_without_it_does(early_build):
    tmp_path, early = early_build
    content = tmp_path / "content"
    assert "3 empezadas mientras se leían los textos" in early.stdout
    assert "Images: 3 started while the texts were read" in early.stdout
    # workers = 1: everything in the build process, after reading (the old way).
    late = build(
        content, tmp_path / "late", tmp_path / "cache-late", images={"workers": 1}, verbose=True
    )
    assert "empezadas mientras" not in late.stdout
    assert _encoded(tmp_path / "cache-early") == _encoded(tmp_path / "cache-late")
    assert len(_encoded(tmp_path / "cache-early")) == 3 * 6  # d3 is only in a draft
    early_files = [p.relative_to(tmp_path / "early") for p in files(tmp_path / "early")]
    late_files = [p.relative_to(tmp_path / "late") for p in files(tmp_path / "late")]
    assert early_files == late_files
    images = [p for p in early_files if p.parts[0] == "imagenes"]
    assert len(images) == 18
    for rel in images + [p for p in early_files if p.suffix == ".html"]:
        assert filecmp.cmp(tmp_path / "early" / rel, tmp_path / "late" / rel, shallow=False), rel


def test_a_drawing_only_a_draft_uses_is_never_encoded(early_build):
    tmp_path, _early = early_build  # the same content and build (was a build of its own)
    cache = tmp_path / "cache-early"
    # The draft's drawing (d3) shares no bytes with the others: had it been encoded, the
    # cache would hold 24 files.
    assert len(_encoded(cache)) == 18
    assert len(list((tmp_path / "early" / "imagenes").iterdir())) == 18


def test_a_broken_drawing_is_reported_once_in_the_same_words(tmp_path):
    content = _content(tmp_path)
    whole = (content / "dibujos" / "d2.jpg").read_bytes()
    (content / "dibujos" / "d2.jpg").write_bytes(whole[: len(whole) // 2])
    early = build(content, tmp_path / "early", tmp_path / "c1", check=False)
    late = build(content, tmp_path / "late", tmp_path / "c2", check=False, images={"workers": 1})
    assert early.returncode != 0 and late.returncode != 0
    lines = [line for line in early.stdout.splitlines() if "d2.jpg" in line]
    late_lines = [line for line in late.stdout.splitlines() if "d2.jpg" in line]
    assert lines and lines == late_lines
    assert not (tmp_path / "early" / "index.html").exists()
