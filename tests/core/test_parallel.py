"""Output checks on every core (core.parallel): the same answers as one process, in order.

A large site's checks run in worker processes; a term in one page among hundreds must
still stop the build, with that page named, and a file that cannot be read must still
be reported. These tests make the site large enough for the workers to start.
"""

from __future__ import annotations

import base64

import pytest

from voces_plugins.core import parallel
from voces_plugins.protected_terms.scan import scan_tree
from voces_plugins.protected_terms.terms import parse_terms


def doubled_or_fail(chunk, failing):
    if failing in chunk:
        raise ValueError(f"no se pudo / could not: {failing}")
    return [n * 2 for n in chunk]


@pytest.fixture
def two_workers(monkeypatch):
    """Workers even on a one-core machine: the parallel path is what is tested."""
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(parallel, "_STAY_IN_PROCESS", False)


def test_results_come_back_in_order_from_the_workers(two_workers):
    items = list(range(1000))
    assert parallel.map_chunks(doubled_or_fail, items, -1) == [n * 2 for n in items]


def test_a_process_serving_pages_forks_no_worker(monkeypatch):
    """voces ver serves pages from a thread while it rebuilds: after stay_in_process()
    every chunk runs in this process (a fork could inherit a held lock)."""
    import os

    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(parallel, "_STAY_IN_PROCESS", False)
    assert set(parallel.map_chunks(pid_of_chunk, list(range(1000)))) != {os.getpid()}
    parallel.stay_in_process()
    assert set(parallel.map_chunks(pid_of_chunk, list(range(1000)))) == {os.getpid()}


def pid_of_chunk(chunk):
    import os

    return [os.getpid()] * len(chunk)


def test_an_error_in_a_worker_is_raised_here(two_workers):
    with pytest.raises(ValueError, match="could not: 777"):
        parallel.map_chunks(doubled_or_fail, list(range(1000)), 777)


def site_of_pages(tmp_path, count, special):
    """An output folder of ``count`` story pages; ``special`` maps a page's number to
    its body (the others say nothing of note)."""
    site = tmp_path / "output"
    for n in range(count):
        page = site / "articulos" / f"historia-{n:03d}" / "index.html"
        page.parent.mkdir(parents=True)
        body = special.get(n, '<p><a href="/">Inicio</a>. Una historia sin nombres.</p>')
        page.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    assert count >= parallel.MIN_ITEMS  # the workers start
    return site


def test_a_term_in_one_page_of_hundreds_is_found_by_the_workers(tmp_path, two_workers):
    site = site_of_pages(tmp_path, 400, {257: "<p>Me llamo Rosa Quetzal Ixchel.</p>"})
    (site / "roto.pdf").write_bytes(b"%PDF-1.7 esto no es un PDF")
    terms = parse_terms("Quetzal Ixchel\n", "terminos.txt")
    findings = scan_tree(site, terms)
    found = {f.path: f for f in findings}
    assert set(found) == {"articulos/historia-257/index.html", "roto.pdf"}
    assert [t.text for t in found["articulos/historia-257/index.html"].terms] == ["Quetzal Ixchel"]
    assert found["roto.pdf"].unreadable


def test_a_local_path_in_one_page_of_hundreds_is_found_by_the_workers(tmp_path, two_workers):
    from voces_plugins.sanitize.output_check import check_tree

    site = site_of_pages(tmp_path, 300, {123: '<img src="file:///home/rosa/dibujo.jpg" alt="">'})
    errors = check_tree(site, {"SITEURL": "https://voces.example.org"})
    assert len(errors) == 1
    assert errors[0].startswith("articulos/historia-123/index.html: ")
    assert "archivo local" in errors[0] and "local file link" in errors[0]


def test_a_link_to_a_hidden_story_in_one_page_of_hundreds_is_found(tmp_path, two_workers):
    from voces_plugins.publication_rules.hidden_links import find_in_tree

    site = site_of_pages(
        tmp_path,
        300,
        {
            211: '<p><a href="../retirada/">otra</a></p>',
            # the absolute address, on the site's own host
            57: '<p><a href="https://voces.example.org/articulos/retirada/">otra</a></p>',
        },
    )
    hidden = {"articulos/retirada": "content/salud/retirada.md"}
    errors = find_in_tree(site, hidden, [("voces.example.org", "")])
    assert [e.split(": ", 1)[0] for e in errors] == [
        "articulos/historia-057/index.html",
        "articulos/historia-211/index.html",
    ]
    assert all("enlaza a /articulos/retirada/" in e for e in errors)


def test_image_problems_in_pages_of_hundreds_are_found_in_order(tmp_path, two_workers):
    """The image check reads the pages' image URLs on the workers: a missing drawing, a
    drawing from another host and an embedded photo with EXIF are each reported once,
    naming the page, in the order of the walk."""
    from PIL import Image

    from voces_plugins.images.check import scan_tree as images_scan

    photo = tmp_path / "foto.jpg"
    exif = Image.Exif()
    exif[0x010F] = "Telefono de Rosa"
    Image.new("RGB", (8, 8), "white").save(photo, "JPEG", exif=exif)
    embedded = base64.b64encode(photo.read_bytes()).decode()
    site = site_of_pages(
        tmp_path,
        300,
        {
            40: '<img src="/imagenes/no-esta.webp" alt="">',
            180: '<img src="https://otro.example.com/d.webp" alt="">',
            260: f'<img src="data:image/jpeg;base64,{embedded}" alt="">',
        },
    )
    problems = images_scan(site).problems
    assert [p.split(": ", 1)[0].split("/", 1)[1] for p in problems] == [
        "articulos/historia-040/index.html",
        "articulos/historia-180/index.html",
        "articulos/historia-260/index.html",
    ]
    assert "no está en el sitio construido" in problems[0]
    assert "otro sitio web" in problems[1] and "another host" in problems[1]
    assert "metadatos" in problems[2] and "exif" in problems[2].lower()


def test_pools_are_not_forked_from_a_process_serving_pages(monkeypatch):
    """voces ver: the image workers (images/process.py, prefetch.py) come from
    core.parallel.process_pool, which forks this process only while no thread serves
    pages; then the workers are started by a fork server instead."""
    import os

    monkeypatch.setattr(parallel, "_STAY_IN_PROCESS", False)
    with parallel.process_pool(1) as pool:
        assert pool.submit(os.getppid).result() == os.getpid()  # forked from here
    parallel.stay_in_process()
    with parallel.process_pool(1) as pool:
        assert pool.submit(os.getppid).result() != os.getpid()  # the fork server's child
