"""``voces revisar``: the production build's own checks on the content, writing nothing.

:func:`check_content` runs the production build in this process with
``VOCES_CHECK_ONLY`` (``voces.build.run_build(check_only=True)``): the same readers and
plugins read and judge every file, and ``build_guard`` stops right after
``core.signals.content_ready``, before anything is written (no output, no staging
folder, no cache, no image encoded, no PDF). Every ERROR the build logs is a problem,
in the build's own words; the build's warnings are notices. So ``voces revisar``
fails exactly when a production build would stop on the content.

Then the checks that only make sense on sources:

* protected terms searched in every file of ``content/`` (text and file names), with
  the line: a term in a file that will be published as written (a published story,
  the directory) is a problem, as it stops the production build; in a draft, or in
  the name of a drawing (published under a neutral name), a notice;
* files in ``content/`` that carry metadata (photos, recordings, PDFs): the build
  publishes clean copies, but the sources keep them; a notice with the command that
  cleans each one.

Notices also say where each published story will not appear (print only, web only).
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

STATUS_NAMES = {
    "published": ("publicado", "published"),
    "draft": ("borrador", "draft"),
    "review": ("en revisión", "in review"),
    "withdrawn": ("retirado", "withdrawn"),
}
#: Sources searched as text for protected terms (others by file name only).
TEXT_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown", ".txt", ".toml", ".yaml", ".yml"}
TEXT_SUFFIXES |= {".json", ".csv", ".html", ".htm"}
#: Files of content/ other than stories that the site publishes as they are written.
PUBLISHED_AS_IS = {"directorio.toml"}
_COULD_NOT_PROCESS = re.compile(r"^Could not process (?P<path>\S+)")


@dataclass
class CheckReport:
    content_root: Path
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    files: int = 0
    took: float = 0.0
    returncode: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


class _Observer:
    """Listens to the check build: every file's metadata, and what will be published."""

    def __init__(self):
        self.metadata: list[dict] = []
        self.published: set[str] = set()
        self.print_only: set[str] = set()
        self.settings = None

    def on_context(self, generator, metadata=None, **_kw):
        if metadata is not None:
            self.metadata.append(dict(metadata))
            self.settings = generator.settings

    def on_ready(self, generators, **_kw):
        for generator in generators:
            for name in ("articles", "translations", "pages", "hidden_pages", "hidden_articles"):
                for item in getattr(generator, name, None) or ():
                    if getattr(item, "status", "") != "skip" and getattr(item, "save_as", ""):
                        self.published.add(os.path.realpath(item.source_path))
            for item in getattr(generator, "context", {}).get("print_only_articles", ()):
                self.print_only.add(os.path.realpath(item.source_path))

    def signals(self):
        from pelican import signals

        from voces_plugins.core.signals import content_ready

        return [
            (signals.article_generator_context, self.on_context),
            (signals.page_generator_context, self.on_context),
            (content_ready, self.on_ready),
        ]


def check_content(content, *, settings="publishconf.py", terms_file=None, root=None):
    """Check ``content`` as a production build would; returns a :class:`CheckReport`."""
    from voces.build import project_root, run_build

    root = Path(root).resolve() if root else project_root()
    content_root = Path(content).resolve()
    report = CheckReport(content_root)
    observer = _Observer()
    env = {"VOCES_PROTECTED_TERMS": os.path.abspath(terms_file)} if terms_file else None
    connected = observer.signals()
    for signal, receiver in connected:
        signal.connect(receiver, weak=False)
    try:
        result = run_build(
            content_root,
            root / "output",
            settings=settings,
            check_only=True,
            env=env,
            echo=False,
            root=root,
        )
    finally:
        for signal, receiver in connected:
            signal.disconnect(receiver)
    report.took = result.took
    report.problems = [_short(p, content_root, root) for p in _build_problems(result)]
    report.notices = [
        _short(line.split(None, 1)[1], content_root, root)
        for line in result.log.splitlines()
        if line.startswith("WARNING ") and len(line.split(None, 1)) == 2
    ]
    built_settings = observer.settings or {}
    report.statuses = Counter(m.get("voces_status", "published") for m in observer.metadata)
    report.files = len(observer.metadata)
    term_problems, term_notices = source_terms(
        content_root, built_settings, terms_file, observer.published, env
    )
    report.problems += term_problems
    report.notices += term_notices
    report.notices += metadata_notices(content_root)
    shown = observer.published | observer.print_only
    report.notices += scope_notices(
        [m for m in observer.metadata if _source(m, content_root) in shown],
        built_settings,
        content_root,
    )
    report.returncode = 1 if report.problems else 0
    return report


def _short(text: str, content_root: Path, root: Path | None = None) -> str:
    """Paths as editors see them: ``content/salud/x.md`` wherever the folder is."""
    forms = [f"{content_root}{os.sep}"]
    if root is not None:
        forms.insert(0, f"{os.path.relpath(content_root, root)}{os.sep}")
    for form in forms:
        if form != f"{content_root.name}{os.sep}":
            text = text.replace(form, f"{content_root.name}/")
    return text


def _source(metadata, content_root: Path) -> str:
    return os.path.realpath(content_root / str(metadata.get("voces_source", "")))


def _build_problems(result) -> list[str]:
    errors = [e.strip() for e in result.errors if e.strip()]
    named = [e for e in errors if not _COULD_NOT_PROCESS.match(e)]
    problems = []
    for error in errors:
        bare = _COULD_NOT_PROCESS.match(error)
        # Pelican's own "Could not process x.md" follows the reader's bilingual message.
        if bare and any(bare.group("path") in other for other in named):
            continue
        if error not in problems:
            problems.append(error)
    if result.returncode and not problems:
        problems.append(
            result.message or f"la construcción falló / the build failed ({result.returncode})"
        )
    return problems


# -- source-only checks ------------------------------------------------------------------


def _shown(path: Path, content_root: Path) -> str:
    return f"{content_root.name}/{path.relative_to(content_root).as_posix()}"


def source_terms(content_root: Path, settings, terms_file, published: set[str], env):
    """Protected terms in the sources: (problems, notices)."""
    from voces_plugins.protected_terms.matching import Matcher, views_of_markup
    from voces_plugins.protected_terms.terms import TermsFileError, configured_path, load_terms

    if terms_file:
        path = os.path.abspath(terms_file)
    else:
        path = configured_path(settings) if settings else None
    if not path:
        return [], [
            "No hay lista de términos protegidos: nombres reales, bares, calles y teléfonos "
            "no se buscan. Vea docs/terminos-protegidos.md. / No protected-terms list: real "
            "names, bars, streets and phone numbers are not searched for. See "
            "docs/terminos-protegidos.md."
        ]
    try:
        terms = load_terms(path)
    except TermsFileError:
        return [], []  # the build already reported the list itself
    matcher = Matcher(terms)
    problems, notices = [], []
    for source in sorted(content_root.rglob("*")):
        if not source.is_file():
            continue
        shown = _shown(source, content_root)
        found = [
            (term, None) for term in matcher.find([source.relative_to(content_root).as_posix()])
        ]
        if source.suffix.lower() in TEXT_SUFFIXES:
            text = source.read_text(encoding="utf-8-sig", errors="replace")
            for term in matcher.find(views_of_markup(text)):
                line = next(
                    (
                        n
                        for n, row in enumerate(text.splitlines(), start=1)
                        if term in matcher.find(views_of_markup(row))
                    ),
                    None,
                )
                found.append((term, line))
        is_story = source.suffix.lower() in {".md", ".markdown", ".mkd", ".mdown"}
        if is_story:
            unpublished = os.path.realpath(source) not in published
        else:
            # Published as written: the directory. Drawings and recordings are published
            # re-encoded under neutral names; a term in their name stays in the sources.
            unpublished = source.relative_to(content_root).as_posix() not in PUBLISHED_AS_IS
        for term, line in found:
            where_es = f"línea {line}" if line else "nombre del archivo"
            where_en = f"line {line}" if line else "file name"
            message = (
                f"{shown} [{where_es}]: contiene el término protegido «{term.text}» (línea "
                f"{term.line} de {path}). Cámbielo por un seudónimo o por algo general («un "
                f"bar del centro»). / contains the protected term '{term.text}' ({where_en}; "
                f"line {term.line} of {path}). Replace it with a pseudonym or something "
                "general ('a bar downtown')."
            )
            if unpublished:
                notices.append(
                    f"{message} (No se publica así, pero queda en las fuentes; corríjalo. / "
                    "Not published as it is, but it stays in the sources; fix it.)"
                )
            else:
                problems.append(message)
    return problems, notices


def metadata_notices(content_root: Path) -> list[str]:
    """Files of content/ that still carry metadata, with the command that cleans each."""
    from voces.source_check import metadata_problems

    return [finding.line() for finding in metadata_problems(content_root)]


def scope_notices(metadata_list, settings, content_root: Path) -> list[str]:
    """Where each story will not appear (not a problem), so nobody is surprised."""
    from voces_plugins.publication_rules import consent as rules
    from voces_plugins.publication_rules.config import safety_settings

    if not settings:
        return []
    config, _problems = safety_settings(settings)
    notices = []
    for meta in metadata_list:
        if meta.get("voces_status") != "published" or not meta.get("voces_source"):
            continue
        category = meta.get("category")
        section = getattr(category, "slug", None) or (str(category) if category else None)
        needs = rules.needs_consent(
            section, meta.get("personal_story", False), config["consent_sections"]
        )
        scope = rules.effective_scope(needs, meta.get("consent_scope"))
        shown = f"{content_root.name}/{meta['voces_source']}"
        if rules.is_print_only(scope):
            notices.append(
                f"{shown}: solo impreso; no aparecerá en el sitio ni en sus PDF, solo en los "
                "PDF para la imprenta. / print only; it will not be on the website nor in its "
                "PDFs, only in the copy-shop PDFs."
            )
        elif scope and "print" not in scope:
            notices.append(
                f"{shown}: solo web; no irá en ninguna edición impresa. / web only; it will "
                "not go in any printed edition."
            )
    return notices


# -- the report --------------------------------------------------------------------------


def print_report(report: CheckReport, out=None) -> None:
    out = out or sys.stdout

    def write(text=""):
        print(text, file=out)

    name = report.content_root.name
    write(
        f"Revisión de {name}/ ({report.files} artículos y páginas) / "
        f"Check of {name}/ ({report.files} articles and pages)"
    )
    if report.problems:
        write()
        write("PROBLEMAS (corríjalos antes de publicar) / PROBLEMS (fix them before publishing):")
        for problem in sorted(report.problems):
            write(f"  - {problem}")
    if report.notices:
        write()
        write("AVISOS (no impiden publicar) / NOTICES (they do not stop publishing):")
        for notice in report.notices:
            write(f"  * {notice}")
    counts = report.statuses
    states_es = ", ".join(f"{counts.get(key, 0)} {names[0]}" for key, names in STATUS_NAMES.items())
    states_en = ", ".join(f"{counts.get(key, 0)} {names[1]}" for key, names in STATUS_NAMES.items())
    write()
    if report.problems:
        write(
            f"Resumen: {len(report.problems)} problema(s); {states_es}. No publique hasta "
            "corregirlos."
        )
        write(
            f"Summary: {len(report.problems)} problem(s); {states_en}. Do not publish until "
            "they are fixed."
        )
    else:
        write(f"Resumen: todo en orden; {states_es}.")
        write(f"Summary: all in order; {states_en}.")
