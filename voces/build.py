"""Run a Pelican build inside this process: the one way commands and tests build.

``run_build(content, output)`` reads the settings with Pelican's own
``read_settings(path, override=...)`` and runs ``Pelican(settings).run()`` from the
project root (the folder holding ``pelicanconf.py``), never a subprocess: importing
Pelican, Markdown and WeasyPrint is paid once per process instead of once per build.

What it promises:

* **A return code, never an exception** for what a build can do: 0 when the site was
  written (or, with ``check_only``, when the content has no problem); 1 when the build
  stopped (``BuildFailed`` from ``build_guard``, any other ``SystemExit``, an unexpected
  exception, which becomes a bilingual message instead of a traceback); 130 after
  Ctrl+C (``KeyboardInterrupt``), with nothing half-written left behind.
* **The text it produced**: every record logged during the build, one line each
  (``LEVEL    message``), plus the final message, in :attr:`BuildResult.log`; the
  ERRORs alone in :attr:`BuildResult.errors`. Tests assert on these instead of a
  subprocess's stderr. With ``echo`` (default) the same lines go to ``sys.stderr`` as
  they happen (only CRITICAL and the final message under ``quiet``, like ``pelican -q``;
  the guard still lists every error in that final message).
* **Nothing left behind in the process**: ``os.environ`` (``env`` is applied for the
  build only; a value of ``None`` removes a variable), the working directory, the
  time zone and locale, ``sys.path``, the cached settings modules (``pelicanconf`` is
  imported afresh each time, so a build in another project copy never sees this one's),
  the logging levels and handlers, Pelican's log de-duplication memory (a warning of an
  earlier build is printed again), and the signal receivers are restored afterwards.
  Plugins connect their receivers in ``register()`` at every build; the runner
  disconnects whatever the build connected, so a receiver never fires twice, and a
  build without a plugin never runs that plugin's receivers. Module-level state of a
  build (``build_guard``'s table of running guards) is cleared, and a guard that did
  not finish is discarded (its staging folder removed, its lock released).
* ``check_only=True`` is ``voces revisar``: the build's own readers and plugins run on
  the content with ``VOCES_CHECK_ONLY`` set; ``build_guard`` stops right after
  ``core.signals.content_ready`` and nothing is written anywhere (no output, staging
  folder, cache, image variants or PDFs).

It is not thread-safe: one build at a time per process (Pelican's settings, logging
and signals are process-wide).
"""

from __future__ import annotations

import atexit
import locale
import logging
import os
import sys
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

#: Environment variable and setting that make a build a check (``voces revisar``).
CHECK_ONLY = "VOCES_CHECK_ONLY"
#: The plugin that stops a check before anything is written.
GUARD = "voces_plugins.build_guard"
#: A project's settings modules: never kept in ``sys.modules`` from one project to another.
SETTINGS_MODULES = ("pelicanconf", "publishconf")


@dataclass
class BuildResult:
    """What a build did: its exit code, its log and its errors."""

    returncode: int
    output: Path
    log: str = ""
    errors: list[str] = field(default_factory=list)
    message: str = ""
    took: float = 0.0

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    # Drop-in names for code that read a subprocess's CompletedProcess.
    @property
    def stdout(self) -> str:
        return self.log

    @property
    def stderr(self) -> str:
        return self.log

    def __str__(self) -> str:
        return f"build {self.output} -> {self.returncode}\n{self.log}"


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder (``start`` or a parent) holding ``pelicanconf.py``."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pelicanconf.py").exists():
            return folder
    return None


def project_root() -> Path:
    """The project around the working directory, else the one this package lives in."""
    return find_root() or Path(__file__).resolve().parents[1]


class _Lines(logging.Handler):
    """Keeps every record as a line of text (the build's log)."""

    hears_everything = True  # build_guard never raises this handler's level under -q

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.errors: list[str] = []

    def emit(self, record):
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        if record.exc_info and record.levelno >= logging.CRITICAL:
            message = f"{message} ({record.exc_info[1]!r})"
        self.lines.append(f"{record.levelname:<8} {message}")
        if record.levelno >= logging.ERROR:
            self.errors.append(message)


class _Echo(logging.Handler):
    """Prints records to the ``sys.stderr`` of the moment (pytest's capture works)."""

    def emit(self, record):
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        try:
            print(f"{record.levelname:<8} {message}", file=sys.stderr, flush=True)
        except Exception:
            pass


class _SavedState:
    """Everything a Pelican build changes in the process, put back by :meth:`restore`."""

    def __init__(self):
        from blinker import default_namespace
        from pelican.log import LimitFilter

        self.cwd = os.getcwd()
        self.environ = dict(os.environ)
        self.sys_path = list(sys.path)
        self.modules = {name: sys.modules.get(name) for name in SETTINGS_MODULES}
        try:
            self.locale = locale.setlocale(locale.LC_ALL)
        except locale.Error:
            self.locale = None
        root = logging.getLogger()
        self.root_level = root.level
        self.root_handlers = list(root.handlers)
        self.handler_levels = [(h, h.level) for h in root.handlers]
        self.logger_levels = {
            name: logging.getLogger(name).level for name in ("pelican", "voces_plugins")
        }
        self.limit = (
            set(LimitFilter._ignore),
            set(LimitFilter._raised_messages),
            dict(LimitFilter._group_count),
            LimitFilter.LOGS_DEDUP_MIN_LEVEL,
        )
        self.receivers = {
            name: set(signal.receivers) for name, signal in list(default_namespace.items())
        }
        # Importing WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES = True for the whole
        # process: after a build, a caller's Pillow would silently accept cut images.
        from PIL import Image, ImageFile

        self.pillow = (ImageFile.LOAD_TRUNCATED_IMAGES, Image.MAX_IMAGE_PIXELS)

    def restore(self):
        from blinker import default_namespace
        from pelican.log import LimitFilter

        for name, signal in list(default_namespace.items()):
            before = self.receivers.get(name, set())
            for receiver_id in [r for r in list(signal.receivers) if r not in before]:
                receiver = signal.receivers.get(receiver_id)
                if isinstance(receiver, weakref.ref):
                    receiver = receiver()
                if receiver is None:
                    signal.receivers.pop(receiver_id, None)
                else:
                    signal.disconnect(receiver)
        ignore, raised, groups, dedup = self.limit
        LimitFilter._ignore.clear()
        LimitFilter._ignore.update(ignore)
        LimitFilter._raised_messages.clear()
        LimitFilter._raised_messages.update(raised)
        LimitFilter._group_count.clear()
        LimitFilter._group_count.update(groups)
        LimitFilter.LOGS_DEDUP_MIN_LEVEL = dedup
        root = logging.getLogger()
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in self.root_handlers:
            root.addHandler(handler)
        for handler, level in self.handler_levels:
            handler.setLevel(level)
        root.setLevel(self.root_level)
        for name, level in self.logger_levels.items():
            logging.getLogger(name).setLevel(level)
        for name, module in self.modules.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        sys.path[:] = self.sys_path
        from PIL import Image, ImageFile

        ImageFile.LOAD_TRUNCATED_IMAGES, Image.MAX_IMAGE_PIXELS = self.pillow
        _set_environ(self.environ)
        if self.locale:
            try:
                locale.setlocale(locale.LC_ALL, self.locale)
            except locale.Error:
                pass
        os.chdir(self.cwd)


def _with_env(environ: dict[str, str], env) -> dict[str, str]:
    """``environ`` with ``env`` applied: a value of None removes the variable."""
    wanted = dict(environ)
    for key, value in (env or {}).items():
        if value is None:
            wanted.pop(key, None)
        else:
            wanted[key] = str(value)
    return wanted


def _set_environ(wanted: dict[str, str]) -> None:
    tz_before = os.environ.get("TZ")
    for key in [k for k in os.environ if k not in wanted]:
        del os.environ[key]
    for key, value in wanted.items():
        if os.environ.get(key) != value:
            os.environ[key] = value
    if os.environ.get("TZ") != tz_before:
        time.tzset()


def run_build(
    content,
    output,
    *,
    settings="publishconf.py",
    overrides=None,
    quiet=False,
    preview=False,
    check_only=False,
    env=None,
    verbose=False,
    echo=True,
    root=None,
) -> BuildResult:
    """Build ``content`` into ``output`` with Pelican's API, in this process.

    ``settings`` is a settings file, relative to the project ``root`` (found from the
    working directory, else this package's project). ``overrides`` are settings given
    as Python values (what ``pelican -e KEY=JSON`` would give). ``quiet`` is
    ``pelican -q`` (errors are still listed in the final message), ``verbose`` is
    ``pelican -v``. ``preview`` sets ``VOCES_PREVIEW``; ``check_only`` sets
    ``VOCES_CHECK_ONLY`` (see the module's documentation). ``env`` maps environment
    variables to values for this build only (``None`` removes one). ``echo=False``
    prints nothing; the log is in the result either way.
    """
    root = Path(root).resolve() if root else project_root()
    output = Path(output).resolve()
    started = time.monotonic()
    saved = _SavedState()
    lines = _Lines()
    code, message = 0, ""
    pelican = None
    try:
        wanted = _with_env(saved.environ, env)
        if check_only:
            wanted[CHECK_ONLY] = "1"
        _set_environ(wanted)
        os.chdir(root)
        level = logging.CRITICAL if quiet else logging.INFO if verbose else logging.WARNING
        _start_logging(lines, level, echo)
        from pelican.log import LimitFilter

        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear()
        override = {
            "PATH": str(Path(content).resolve()),
            "OUTPUT_PATH": str(output),
            **(overrides or {}),
        }
        if preview:
            override["VOCES_PREVIEW"] = True
        if check_only:
            override[CHECK_ONLY] = True
        settings_path = Path(settings)
        if not settings_path.is_absolute():
            settings_path = root / settings_path
        # publishconf.py does `from pelicanconf import *`: the pelicanconf beside it must
        # win over any other folder an earlier build left on sys.path (restored after).
        built = read_settings_file(settings_path, override)
        if check_only and GUARD not in (built.get("PLUGINS") or ()):
            # Only the guard stops a check before writing: without it this would build.
            raise SystemExit(
                f"{settings_path}: una revisión necesita el plugin {GUARD} en PLUGINS; sin él "
                f"se escribiría el sitio. / a check needs the {GUARD} plugin in PLUGINS; "
                "without it the site would be written."
            )
        cls = built["PELICAN_CLASS"]
        if isinstance(cls, str):
            module, _, name = cls.rpartition(".")
            cls = getattr(__import__(module, fromlist=[name]), name)
        pelican = cls(built)
        pelican.run()
    except KeyboardInterrupt:
        code = 130
        message = (
            f"Construcción interrumpida; lo que ya estaba en {output} no cambió. / "
            f"Build interrupted; what was in {output} is unchanged."
        )
    except SystemExit as stop:
        code, message = _exit_status(stop)
    except Exception as error:
        from voces_plugins.core.errors import CheckComplete

        if isinstance(error, CheckComplete):
            code, message = 0, ""
        else:
            code = 1
            message = (
                f"La construcción falló por un error inesperado ({type(error).__name__}: "
                f"{error}). Lo que ya estaba en {output} no cambió; avise a quien mantiene el "
                f"sitio. / The build failed with an unexpected error ({type(error).__name__}: "
                f"{error}). What was in {output} is unchanged; tell the site's maintainer."
            )
    finally:
        _finish_guard(pelican, output)
        saved.restore()
    if message:
        lines.lines.append(message)
        if echo:
            print(message, file=sys.stderr, flush=True)
    return BuildResult(
        returncode=code,
        output=output,
        log="\n".join(lines.lines),
        errors=list(lines.errors),
        message=message,
        took=time.monotonic() - started,
    )


def read_settings_file(path, override=None):
    """Pelican's ``read_settings`` of a project's settings file, leaving nothing behind.

    Its own folder comes first on ``sys.path``, so ``publishconf.py``'s ``from pelicanconf
    import *`` finds the ``pelicanconf.py`` beside it, not one an earlier build of another
    project left in ``sys.modules`` (both are put back afterwards). No bytecode is
    written: a check (``voces revisar``) leaves no ``__pycache__/`` in the project, and a
    copied project never runs another copy's compiled settings.
    """
    from pelican.settings import read_settings

    path = Path(path)
    saved_modules = {name: sys.modules.pop(name, None) for name in SETTINGS_MODULES}
    saved_path, saved_flag = list(sys.path), sys.dont_write_bytecode
    sys.path.insert(0, str(path.resolve().parent))
    sys.dont_write_bytecode = True
    try:
        return read_settings(str(path), override=override)
    finally:
        sys.dont_write_bytecode = saved_flag
        sys.path[:] = saved_path
        for name, module in saved_modules.items():
            sys.modules.pop(name, None)
            if module is not None:
                sys.modules[name] = module


def read_project_settings(settings="publishconf.py", *, root=None, overrides=None, env=None):
    """The settings a build would read (Pelican's ``read_settings``), read from the
    project root with the same care as :func:`run_build`: nothing is left changed."""
    root = Path(root).resolve() if root else project_root()
    saved = _SavedState()
    try:
        wanted = _with_env(saved.environ, env)
        _set_environ(wanted)
        os.chdir(root)
        logging.getLogger("pelican.settings").setLevel(logging.ERROR)

        path = Path(settings)
        path = path if path.is_absolute() else root / path
        return read_settings_file(path, overrides)
    finally:
        logging.getLogger("pelican.settings").setLevel(logging.NOTSET)
        saved.restore()


def _start_logging(lines: _Lines, level: int, echo: bool) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(lines)
    if echo:
        console = _Echo()
        console.setLevel(level)
        root.addHandler(console)
    root.setLevel(level)
    logging.getLogger("pelican").setLevel(level)
    logging.getLogger("voces_plugins").setLevel(logging.NOTSET)


def _exit_status(stop: SystemExit) -> tuple[int, str]:
    value = stop.code
    if value is None:
        return 0, ""
    if isinstance(value, int):
        return value, ""
    return 1, str(getattr(stop, "message", value))


def _finish_guard(pelican, output: Path) -> None:
    """A guard that did not publish nor fail cleanly is discarded; its table cleared."""
    try:
        from voces_plugins.build_guard import build_guard
    except ImportError:  # pragma: no cover - plugins not installed
        return
    guards = [getattr(pelican, "voces_guard", None), *build_guard._GUARDS.values()]
    for guard in guards:
        if guard is None:
            continue
        if not guard.finished:
            try:
                guard.discard()
            except Exception:
                pass
        atexit.unregister(guard.at_exit)
    build_guard._GUARDS.clear()
