"""search: the search page (``buscar/``, ``en/search/``) and its Pagefind index.

The index is made by Pagefind (the ``pagefind[extended]`` package, which bundles its
binary) from the finished staging folder (``voces_output_complete``), so it can only
hold what was written: a withdrawn, draft or print-only story is not on the site and
so not in the index. Only pages marked ``data-pagefind-body`` (stories and pages, not
the printable editions) are read. Pagefind splits the index by each page's
``<html lang>``: one index per language, with Spanish stemming (extended build);
searches ignore accents ("tramite" finds "trámite"). When no page changed since an
earlier build, that build's index is copied instead (``index_cache.py``).
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from ..core import signals as core_signals
from ..core.errors import VocesError, report
from ..core.settings import cache_folder, merge
from .index_cache import index_key, restore, store

logger = logging.getLogger(__name__)

NAME = "SEARCH"
DEFAULTS = {
    "index": True,  # run Pagefind after the build
    "output_subdir": "pagefind",
    "save_as": {"es": "buscar/index.html", "en": "en/search/index.html"},
    "url": {"es": "buscar/", "en": "en/search/"},
    "timeout": 600,  # seconds
}


#: Files of Pagefind's own interfaces, not used by the site.
UNUSED = (
    "pagefind-ui.",
    "pagefind-component-ui.",
    "pagefind-modular-ui.",
    "pagefind-highlight.",
    "pagefind-worker.",
)


def config(settings) -> dict:
    return merge(settings, NAME, DEFAULTS, example='{"index": True}')[0]


def pagefind_executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:
        raise VocesError(
            "pyproject.toml",
            "pagefind",
            "falta Pagefind para el buscador. Instálelo con: .venv/bin/pip install -e .",
            "Pagefind is missing for the search. Install it with: .venv/bin/pip install -e .",
        ) from exc
    return Path(get_executable())


class SearchPageGenerator(Generator):
    """Writes the search page in every language."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        cfg = config(self.settings)
        default = self.settings.get("DEFAULT_LANG", "es")
        for lang in self.settings.get("LANGUAGES", ("es", "en")):
            if lang not in cfg["save_as"]:
                continue
            writer.write_file(
                cfg["save_as"][lang],
                self.get_template("search"),
                self.context,
                lang_override=None if lang == default else lang,
                page_name=cfg["save_as"][lang].removesuffix("/index.html"),
                url=cfg["url"][lang],
                alternates=[
                    {"lang": other, "url": cfg["url"][other]}
                    for other in cfg["url"]
                    if other != lang
                ],
                pagefind_path=cfg["output_subdir"],
            )


def build_index(sender, output_path, **_ignored):
    settings = getattr(sender, "settings", {})
    cfg = config(settings)
    if not cfg["index"]:
        return
    root = Path(output_path)
    target = root / cfg["output_subdir"]
    try:
        executable = pagefind_executable()  # missing Pagefind is said even on a cache hit
    except VocesError as error:
        report(error)
        return
    cache_dir = Path(cache_folder(settings, "search")) if settings else None
    key = None
    if cache_dir is not None:
        key = index_key(root, cfg["output_subdir"], _pagefind_version() + _CODE)
        if restore(cache_dir, key, target):
            logger.info(
                "buscador: ninguna página cambió, índice de Pagefind reutilizado / search: "
                "no page changed, Pagefind index reused"
            )
            return
    try:
        command = [
            str(executable),
            "--site",
            str(root),
            "--output-subdir",
            cfg["output_subdir"],
            "--silent",
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=cfg["timeout"], check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        report(
            VocesError(
                str(root),
                "pagefind",
                f"Pagefind no pudo hacer el índice del buscador ({exc}).",
                f"Pagefind could not build the search index ({exc}).",
            )
        )
        return
    if done.returncode != 0:
        report(
            VocesError(
                str(root),
                "pagefind",
                f"Pagefind falló al hacer el índice del buscador: {done.stderr.strip()[:500]}",
                f"Pagefind failed to build the search index: {done.stderr.strip()[:500]}",
            )
        )
        return
    # Pagefind also writes its ready-made interfaces (CSS with data: URLs, a worker);
    # the site uses its own small search.js on the main thread: only the index stays.
    for path in target.iterdir():
        if path.is_file() and path.name.startswith(UNUSED):
            path.unlink()
    if key is not None:
        store(cache_dir, key, target)
    logger.info("buscador: índice de Pagefind hecho / search: Pagefind index built")


#: A kept index also depends on this code (which of Pagefind's files are kept).
_CODE = hashlib.sha256(
    b"".join(Path(__file__).with_name(n).read_bytes() for n in ("search.py", "index_cache.py"))
).hexdigest()


def _pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind_bin_extended")
    except PackageNotFoundError:
        return "?"


def check_settings(pelican):
    for problem in merge(pelican.settings, NAME, DEFAULTS)[1]:
        report(problem)


def add_url(generator):
    generator.context["VOCES_SEARCH_URL"] = config(generator.settings)["url"]


def get_generators(pelican):
    return SearchPageGenerator


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_url)
    signals.get_generators.connect(get_generators)
    core_signals.output_complete.connect(build_index)
