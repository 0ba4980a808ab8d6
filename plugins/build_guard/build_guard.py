"""build_guard: a build with any error publishes nothing.

Pelican logs a bad file and goes on (exit 0), and ``-q`` cancels ``--fatal``. This
plugin instead:

1. redirects the build into a fresh staging folder next to the real output;
2. records every ERROR logged during the build (also under ``-q``);
3. stops before anything is written if the content had errors;
4. after writing, sends ``voces_output_complete`` (files made from the finished tree)
   then ``voces_output_ready`` so checks (protected terms, image
   metadata) can look at the finished tree, and swaps the staging folder in only if
   nothing failed. A failed build leaves the previous output exactly as it was.

With the setting ``VOCES_CHECK_ONLY`` (``voces revisar``), the same plugins read and
check the content, and the guard stops right after ``content_ready``: no staging
folder, no lock, nothing written anywhere.

Its ``all_generators_finalized`` receiver is connected when the build starts, after
every plugin registered, so it runs last: the checks of every plugin on that signal
(images, protected terms) have logged their errors before the guard looks at them.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
from pathlib import Path

from pelican import signals

from ..core.errors import BuildFailed, CheckComplete, VocesError, report
from ..core.signals import (
    content_ready,
    output_complete,
    output_discarded,
    output_published,
    output_ready,
)
from .output_folder import (
    MARKER,
    MARKER_TEXT,
    OutputLock,
    UnsafeOutput,
    check_output_folder,
    make_readable,
    recover_interrupted_swap,
)

logger = logging.getLogger(__name__)

STAGING_PREFIX = ".staging-"
OLD_PREFIX = ".old-"


class ErrorCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call is still an error
            message = str(record.msg)
        message = "\n    ".join(line for line in message.strip().splitlines())
        if message not in self.messages:  # two plugins reporting one problem: one line
            self.messages.append(message)


class Guard:
    """One per build, kept on the Pelican instance."""

    def __init__(self, pelican):
        self.final = Path(pelican.output_path).resolve()
        self.staging = self.final.parent / f"{STAGING_PREFIX}{self.final.name}-{os.getpid()}"
        self.collector = ErrorCollector()
        self.quiet_levels = []
        self.lock = OutputLock(self.final)
        self.finished = False

    def start(self, pelican):
        try:
            check_output_folder(self.final, pelican.settings)
            self.final.parent.mkdir(parents=True, exist_ok=True)
            self.lock.acquire()
        except UnsafeOutput as problem:
            raise BuildFailed(str(problem)) from None
        # Under the lock no other build writes here: leftovers are from builds that died.
        recover_interrupted_swap(self.final, OLD_PREFIX)
        for leftover in self.final.parent.glob(f"{STAGING_PREFIX}{self.final.name}-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        for leftover in self.final.parent.glob(f"{OLD_PREFIX}{self.final.name}-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        self.staging.mkdir()
        pelican.output_path = str(self.staging)
        self._hear_errors_even_when_quiet()
        atexit.register(self.at_exit)

    def at_exit(self):
        """The process ends and this build neither published nor failed cleanly.

        Pelican turns Ctrl+C into a warning and exit status 0, and a crash while
        writing leaves the staging folder: the half-built site is removed and the exit
        status says the build did not happen.
        """
        if self.finished:
            return
        self.discard()
        sys.stdout.flush()
        print(
            "La construcción no terminó; no se publicó nada. / The build did not finish; "
            "nothing was published.",
            file=sys.stderr,
            flush=True,
        )
        os._exit(1)

    def _hear_errors_even_when_quiet(self):
        root = logging.getLogger()
        for name in (None, "pelican"):
            log = logging.getLogger(name)
            if log.level > logging.ERROR:
                for handler in root.handlers:
                    if not getattr(handler, "hears_everything", False):
                        handler.setLevel(max(handler.level, log.level))
                self.quiet_levels.append((log, log.level))
                log.setLevel(logging.ERROR)
        root.addHandler(self.collector)

    def stop_listening(self):
        logging.getLogger().removeHandler(self.collector)
        for log, level in self.quiet_levels:
            log.setLevel(level)

    def fail_if_errors(self, stage_es, stage_en):
        messages = [m for m in self.collector.messages if m]
        if not messages:
            return
        self.discard()
        listing = "\n".join(f"  - {m}" for m in messages[:50])
        more = f"\n  ... (+{len(messages) - 50})" if len(messages) > 50 else ""
        raise BuildFailed(
            f"La construcción se detuvo {stage_es}: {len(messages)} error(es). Corríjalos y "
            f"vuelva a construir; la salida anterior queda como estaba. / The build stopped "
            f"{stage_en}: {len(messages)} error(s). Fix them and build again; the previous "
            f"output is unchanged.\n{listing}{more}"
        )

    def discard(self):
        self.finished = True
        self.stop_listening()
        shutil.rmtree(self.staging, ignore_errors=True)
        self.lock.release()
        output_discarded.send(self, output_path=self.staging)

    def swap(self):
        self.finished = True
        self.stop_listening()
        # Marks the folder as one a later build may replace (written last: Pelican's
        # DELETE_OUTPUT_DIRECTORY empties the staging folder when the build starts).
        (self.staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        make_readable(self.staging)
        old = None
        if self.final.exists():
            old = self.final.parent / f"{OLD_PREFIX}{self.final.name}-{os.getpid()}"
            os.replace(self.final, old)
        os.replace(self.staging, self.final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        self.lock.release()


class CheckGuard(Guard):
    """The guard of a check-only run: hears every error, writes nothing, stops early."""

    def start(self, pelican):
        # An output path nobody creates: Pelican's clean-up finds nothing to delete and
        # no generator writes before the guard stops the run.
        pelican.output_path = str(self.staging.with_name(f".revisar-{os.getpid()}-sin-salida"))
        pelican.delete_outputdir = False
        self._hear_errors_even_when_quiet()

    def discard(self):
        self.finished = True
        self.stop_listening()

    def swap(self):  # pragma: no cover - a check never reaches the writing stage
        raise CheckComplete()


def is_check_only(settings) -> bool:
    return bool(settings.get("VOCES_CHECK_ONLY"))


def on_initialized(pelican):
    guard = (CheckGuard if is_check_only(pelican.settings) else Guard)(pelican)
    guard.start(pelican)
    pelican.voces_guard = guard
    _GUARDS[os.path.realpath(pelican.output_path)] = guard
    # Last receiver of all_generators_finalized: the plugins' own checks on that signal
    # have run (and logged) before the guard decides.
    signals.all_generators_finalized.disconnect(on_all_generators_finalized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)


def on_all_generators_finalized(generators):
    if not generators:
        return
    guard = _guard_of(generators[0])
    try:
        content_ready.send(generators)
    except VocesError as error:  # a check that cannot go on: reported like any other
        report(error, logger)
    if guard:
        guard.fail_if_errors("antes de escribir nada", "before writing anything")
        if isinstance(guard, CheckGuard):
            guard.discard()
            _GUARDS.clear()
            raise CheckComplete()


def on_finalized(pelican):
    guard = getattr(pelican, "voces_guard", None)
    if guard is None:
        return
    guard.fail_if_errors("al escribir", "while writing")
    try:
        output_complete.send(pelican, output_path=guard.staging)
        guard.fail_if_errors("al terminar la salida", "while completing the output")
        output_ready.send(pelican, output_path=guard.staging)
    except VocesError as error:  # a receiver could not finish: its message, no traceback
        report(error, logger)
    except Exception:
        guard.discard()
        raise
    guard.fail_if_errors("en las revisiones finales", "in the final checks")
    guard.swap()
    _GUARDS.pop(str(guard.staging), None)
    output_published.send(pelican, output_path=guard.final, staging_path=guard.staging)
    pelican.output_path = str(guard.final)
    logger.info("Sitio listo en / site ready in %s", guard.final)


def _guard_of(generator):
    # Generators do not know the Pelican instance; find the guard by staging path.
    return _GUARDS.get(os.path.realpath(generator.output_path))


#: staging path -> guard of the build writing there (one entry per build).
_GUARDS: dict[str, Guard] = {}


def register():
    signals.initialized.connect(on_initialized)
    signals.finalized.connect(on_finalized)
