"""Shared fixtures: real Pelican builds into temporary folders, and a real browser.

The helpers they use live in voces_testing.py, which test modules import by name."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from voces_testing import CHROMIUM, CHROMIUM_ARGS, IN_CI, ROOT, run_pelican, serve_directory


def pytest_configure(config):
    """Each test process keeps its caches in a folder of its own (VOCES_CACHE, read by
    pelicanconf.py): the builds of two pytest-xdist workers never prune or half-read each
    other's cached PDFs, and the editor's own .cache/ is never touched.

    The processed-image cache is the exception, shared by every worker through a
    symbolic link: its files are named by the hash of what made them, written by
    rename and never pruned, so a drawing encoded by one worker serves the other."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "principal")
    cache = ROOT / ".cache" / f"pruebas-{worker}"
    os.environ["VOCES_CACHE"] = str(cache)
    shared = ROOT / ".cache" / "pruebas-imagenes"
    shared.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    images = cache / "images"
    if not images.is_symlink():
        if images.exists():
            shutil.rmtree(images)
        images.symlink_to(shared, target_is_directory=True)


#: Every module that builds the shipped sample project: through the ``sample_site``
#: fixture, or itself (as an editor would, or in a copy). They run on one pytest-xdist
#: worker, whose caches then already hold the sample's drawings and edition PDFs: the
#: sample is built cold once instead of once on each worker.
SAMPLE_MODULES = {
    "tests/core/test_browser_reader.py",
    "tests/core/test_cli.py",
    "tests/core/test_sample_site.py",
    "tests/editions/test_commands.py",
    "tests/editions/test_print_page_browser.py",
    "tests/editions/test_sample_edition.py",
    "tests/images/test_images_check.py",
    "tests/mailbox/test_accept_end_to_end.py",
    "tests/print/test_placeholders.py",
    "tests/safety/test_csp.py",
    "tests/safety/test_quick_exit.py",
    "tests/theme/test_accessibility.py",
    "tests/theme/test_built_site.py",
    "tests/theme/test_phone.py",
}


def pytest_itemcollected(item):
    """A module that uses the sample build must be in SAMPLE_MODULES (or it would build
    the sample again on the other worker)."""
    module = item.nodeid.split("::", 1)[0]
    uses_sample = {"sample_site", "site_server"} & set(getattr(item, "fixturenames", ()))
    if uses_sample and module not in SAMPLE_MODULES:
        raise pytest.UsageError(f"{module} uses sample_site: add it to SAMPLE_MODULES")


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadscope``, with the modules of SAMPLE_MODULES as one scope."""
    from xdist.scheduler import LoadScopeScheduling

    class SampleTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            module = nodeid.split("::", 1)[0]
            return "muestra" if module in SAMPLE_MODULES else super()._split_scope(nodeid)

    if config.getvalue("dist") == "loadscope":
        return SampleTogether(config, log)
    return None


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """A production build of the shipped ``content/``, made as a Pelican user makes it:
    ``pelican content -s publishconf.py`` in a process of its own (end to end)."""
    out = tmp_path_factory.mktemp("sample") / "output"
    run_pelican(ROOT / "content", out)
    return out


@pytest.fixture(scope="session")
def site_server(sample_site):
    server, base = serve_directory(sample_site)
    yield base
    server.shutdown()


def _browser_unavailable_reason():
    if not CHROMIUM.exists():
        return f"{CHROMIUM} no está instalado / is not installed (run.sh test installs it as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright no está instalado / is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _browser_unavailable_reason()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but the browser cannot run: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    """A 360x640 page that records console errors and every request's host."""
    context = browser.new_context(
        viewport={"width": 360, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.console_errors = []
    page.requested_urls = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    page.on("request", lambda r: page.requested_urls.append(r.url))
    yield page
    context.close()


@pytest.fixture
def fresh_copy(tmp_path):
    """Copy of the shipped content/ that a test may change."""
    dest = tmp_path / "content"
    shutil.copytree(ROOT / "content", dest)
    return dest
