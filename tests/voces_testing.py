"""What the tests share: real Pelican builds into temporary folders, Markdown files, a
local web server. Test modules import it by name (``from voces_testing import run_build``);
a conftest.py is never imported by name, as several test folders have one."""

from __future__ import annotations

import functools
import http.server
import json
import os
import socketserver
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import jinja2

from voces.build import read_project_settings
from voces.build import run_build as build_in_process

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


class BuildFailed(AssertionError):
    pass


@dataclass
class Built:
    """What a test reads of a build: the shape of ``subprocess.run``'s result."""

    returncode: int
    stdout: str  # the build's log, one record per line, then its final message
    stderr: str = ""


# The tests' builds run inside the pytest process (voces.build.run_build): Pelican,
# Markdown and WeasyPrint are imported once instead of once per build (~1 s each).
BUILD_ENV = {"TZ": "America/Mexico_City", "LC_ALL": "C.UTF-8", "VOCES_PROTECTED_TERMS": None}


class _CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates kept in memory across the tests' builds.

    Pelican makes a new Jinja environment per generator and per build, so each build
    compiled the theme's ~40 templates again (about 90% of a tiny site's build time).
    Jinja checks each entry against the template's source, so an edited template is
    compiled afresh.
    """

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


_JINJA: dict[str, dict] = {}
# Compiled code depends on the environment's options and on the filters and tests the
# plugins register (Jinja looks them up while compiling): one cache per such setup.
_JINJA_KEYS = ("PLUGINS", "THEME", "JINJA_ENVIRONMENT", "JINJA_FILTERS", "JINJA_TESTS")


@functools.cache
def _project_jinja_options(settings: str) -> dict:
    return read_project_settings(settings, root=ROOT)["JINJA_ENVIRONMENT"]


def _jinja_environment(settings: str, extra: dict) -> dict:
    # Keyed by the options, not the settings file: the preview's pelicanconf.py and
    # publishconf.py share theirs, so one compiles the theme for both.
    options = extra.get("JINJA_ENVIRONMENT")
    if options is None:
        options = _project_jinja_options(settings)
    key = json.dumps(
        [options, {k: extra[k] for k in _JINJA_KEYS if k in extra}], sort_keys=True, default=str
    )
    if key not in _JINJA:
        _JINJA[key] = {**options, "bytecode_cache": _CompiledTemplates()}
    return _JINJA[key]


def run_build(
    content_dir,
    output_dir,
    *,
    settings="publishconf.py",
    extra=None,
    check=True,
    env=None,
    quiet=False,
    verbose=False,
):
    """Run a real Pelican build of ``content_dir`` in this process, from the project root.

    ``extra`` is a dict of settings (what ``pelican -e KEY=JSON`` gives). Returns
    ``returncode`` and the log in ``stdout``; ``check`` raises when the build failed.
    """
    extra = dict(extra or {})
    overrides = {**extra, "JINJA_ENVIRONMENT": _jinja_environment(settings, extra)}
    result = build_in_process(
        content_dir,
        output_dir,
        settings=settings,
        overrides=overrides,
        quiet=quiet,
        verbose=verbose,
        env={**BUILD_ENV, **(env or {})},
        echo=False,
        root=ROOT,
    )
    built = Built(result.returncode, result.log)
    if check and built.returncode != 0:
        raise BuildFailed(
            f"build failed ({built.returncode}): {content_dir} -> {output_dir} "
            f"({settings}, {extra})\n--- log ---\n{built.stdout}"
        )
    return built


def pelican_command(content_dir, output_dir, *, settings="publishconf.py", extra=None, env=None):
    """``python -m pelican CONTENT -s SETTINGS -o OUTPUT [-e ...]`` and its environment."""
    cmd = [
        sys.executable,
        "-m",
        "pelican",
        str(content_dir),
        "-s",
        str(ROOT / settings),
        "-o",
        str(output_dir),
    ]
    if extra:
        cmd.append("-e")
        cmd.extend(f"{key}={json.dumps(value)}" for key, value in extra.items())
    full_env = {**os.environ, "TZ": BUILD_ENV["TZ"], "LC_ALL": BUILD_ENV["LC_ALL"]}
    full_env.pop("VOCES_PROTECTED_TERMS", None)
    full_env.update(env or {})
    return cmd, full_env


def run_pelican(content_dir, output_dir, **kwargs):
    """The real ``pelican`` command as a subprocess, for the few end-to-end tests
    (what a Pelican user types; Ctrl+C on a build); every other test uses run_build."""
    cmd, env = pelican_command(content_dir, output_dir, **kwargs)
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=900)
    if proc.returncode != 0:
        raise BuildFailed(
            f"build failed ({proc.returncode}): {' '.join(cmd)}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
        )
    return proc


def write_md(content: Path, rel: str, meta: dict, body: str) -> Path:
    """Write a member's Markdown file: a ``key: value`` header, a blank line, the body."""
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "\n".join(f"{key}: {value}" for key, value in meta.items())
    path.write_text(f"{header}\n\n{body}\n", encoding="utf-8")
    return path


def all_output_files(root: Path):
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


# --- Browser ---------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that closes a connection mid-answer (a page left, a worker's
        # fetch cancelled) is not a test failure; anything else is still printed.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def serve_directory(directory: Path, handler=_QuietHandler):
    """Serve ``directory`` on 127.0.0.1 on a free port; returns (server, base_url).
    ``handler``: a ``SimpleHTTPRequestHandler`` class (one that records what it sends)."""
    handler = functools.partial(handler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    # shutdown() waits for the loop to look again: every 20 ms, not the default 0.5 s
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def phone_page(browser, **options):
    """A new 360 px phone context and its page, and the list the page's uncaught
    script errors are added to: (context, page, errors). The caller closes the context."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, **options)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def wait_for_worker(page):
    """Until the offline worker controls ``page`` (its fetches go through the worker)."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def wait_for_async(page, script: str, arg=None, timeout: float = 30.0):
    """Poll an async page function (``async (arg) => ...``) until it resolves truthy.

    Playwright's ``wait_for_function`` does not await a Promise: an async predicate
    counts as true at once. Raises AssertionError naming the script after ``timeout``
    seconds (a deadline, not a measured time)."""
    for _ in range(int(timeout * 5)):
        if page.evaluate(script, arg):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"never true: {script} ({arg!r})")
