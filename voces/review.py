"""``voces revisar`` (``voces check``): every content check of the build, without building.

Reads each file of ``content/`` with the same reader the build uses (content_model)
and applies the publication rules: statuses, consent and its scope, translations of a
withdrawn story, links to stories that will not be published, missing images, images
from other hosts, and the editors' protected terms in the sources. Prints one line per
problem (file, problem, fix; Spanish, then English) and a summary. Exit status 1 when
something must be fixed before publishing, 0 when all is in order.

    voces revisar [CARPETA] [-s publishconf.py] [--terminos ARCHIVO]
"""

from __future__ import annotations

import argparse
import fnmatch
import html
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
TEXT_SUFFIXES = {
    ".md",
    ".markdown",
    ".txt",
    ".toml",
    ".yaml",
    ".yml",
    ".json",
    ".csv",
    ".html",
    ".htm",
}
IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*([\"'])(?P<src>.*?)\1", re.IGNORECASE)
# {filename}/testimonios/x.md or {filename}../salud/y.md in a member's Markdown.
FILENAME_LINK = re.compile(r"\{(?:filename|index)\}(?P<target>[^)\s\"'#?]+)")
REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
STATUS_NAMES = {
    "published": ("publicado", "published"),
    "draft": ("borrador", "draft"),
    "review": ("en revisión", "in review"),
    "withdrawn": ("retirado", "withdrawn"),
}


@dataclass(frozen=True)
class Problem:
    path: str
    field: str | None
    es: str
    en: str

    def line(self) -> str:
        where = f"{self.path} [{self.field}]" if self.field else self.path
        return f"{where}: {self.es} / {self.en}"


@dataclass
class Entry:
    """One content file as the build would see it."""

    path: Path
    shown: str
    kind: str  # "article" or "page"
    metadata: dict
    html: str


def _plugins_importable():
    """Kept for callers; plugins are the installed package voces_plugins."""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voces revisar",
        description="Revisa el contenido sin construir el sitio. / Checks the content "
        "without building the site.",
    )
    parser.add_argument(
        "carpeta",
        nargs="?",
        default=None,
        metavar="CARPETA",
        help="carpeta del contenido (por defecto: la de los ajustes, content/) / content folder",
    )
    parser.add_argument(
        "-s",
        "--ajustes",
        "--settings",
        dest="settings",
        default=None,
        help="archivo de ajustes (por defecto: publishconf.py) / settings file",
    )
    parser.add_argument(
        "--fuente",
        "--sources",
        dest="sources",
        action="store_true",
        help="revisar solo lo que se va a guardar en git (lo usa el gancho pre-commit) / "
        "check only what is about to be committed (the pre-commit hook)",
    )
    parser.add_argument(
        "--terminos",
        "--terms",
        dest="terms",
        default=None,
        metavar="ARCHIVO",
        help="lista de términos protegidos (por defecto: VOCES_PROTECTED_TERMS "
        "o SAFETY['protected_terms_file']) / protected-terms file",
    )
    return parser


def load_settings(settings_file: str | None, content_dir: str | None) -> dict:
    import logging

    from pelican.settings import read_settings

    # Pelican's advice about feeds and SITEURL is for builds, not for this report.
    logging.getLogger("pelican.settings").setLevel(logging.ERROR)

    path = Path(settings_file) if settings_file else Path("publishconf.py")
    if not path.exists() and not settings_file:
        path = Path("pelicanconf.py")
    override = {"VOCES_PREVIEW": False}
    if content_dir:
        override["PATH"] = str(Path(content_dir).resolve())
    return read_settings(str(path), override=override)


# -- reading -----------------------------------------------------------------------------


def _ignored(name: str, settings) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in settings.get("IGNORE_FILES", []))


def _display(path: Path, content_root: Path) -> str:
    return f"{content_root.name}/{path.relative_to(content_root).as_posix()}"


def content_files(content_root: Path, settings):
    """(path, kind) of every Markdown file the build reads as an article or a page."""
    page_dirs = {p.strip("/") for p in settings.get("PAGE_PATHS", [])}
    excluded = {p.strip("/") for p in settings.get("ARTICLE_EXCLUDES", [])}
    for path in sorted(content_root.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".md", ".markdown"):
            continue
        if _ignored(path.name, settings):
            continue
        top = path.relative_to(content_root).parts[0]
        if top in page_dirs:
            yield path, "page"
        elif top not in excluded:
            yield path, "article"


def read_entries(content_root: Path, settings, problems: list[Problem]) -> list[Entry]:
    from voces_plugins.content_model import ContentError, VocesMarkdownReader

    reader = VocesMarkdownReader(settings)
    entries = []
    for path, kind in content_files(content_root, settings):
        shown = _display(path, content_root)
        try:
            body_html, metadata = reader.read(str(path))
        except ContentError as error:
            problems.append(Problem(shown, error.field, error.es, error.en))
            continue
        except Exception as error:  # what the build would report as "Could not process"
            problems.append(
                Problem(
                    shown,
                    None,
                    f"el archivo no se pudo leer ({error}). Revise la cabecera.",
                    f"the file could not be read ({error}). Check its header.",
                )
            )
            continue
        entries.append(Entry(path, shown, kind, metadata, body_html))
    return entries


# -- the rules ---------------------------------------------------------------------------


def _section(entry: Entry) -> str | None:
    category = entry.metadata.get("category")
    if category is None:
        return None
    return getattr(category, "slug", None) or str(category)


def _stories(entries):
    from voces_plugins.publication_rules.stories import Record, Stories

    records = {id(e): Record.from_metadata(e.metadata, _section(e)) for e in entries}
    return records, Stories(records.values())


def check_consent(entries, config, default_lang="es") -> list[Problem]:
    """Consent per story, exactly as the build judges it (publication_rules.stories)."""
    from voces_plugins.publication_rules import consent as rules
    from voces_plugins.publication_rules.stories import story_consent

    records, stories = _stories(entries)
    problems = []
    for entry in entries:
        meta = entry.metadata
        if meta.get("voces_status") not in ("published", "review"):
            continue
        own = records[id(entry)]
        needs, consent, consent_date, scope, conflict = story_consent(
            own, stories.story_of(own.slug, own.group), config["consent_sections"], default_lang
        )
        if not needs:
            continue
        gaps = rules.consent_gaps(consent, consent_date, scope)
        if conflict:
            gaps.append(
                (
                    "consentimiento_alcance (el original y la traducción no coinciden)",
                    "consent_scope (the original and the translation disagree)",
                )
            )
        if gaps:
            es, en = rules.describe_gaps(gaps)
            problems.append(
                Problem(
                    entry.shown,
                    "consentimiento",
                    f"cuenta la vida de una persona y no se publica sin consentimiento "
                    f"completo; falta: {es}. {rules.CONSENT_FIX_ES}",
                    f"tells a person's life and is not published without complete consent; "
                    f"missing: {en}. {rules.CONSENT_FIX_EN}",
                )
            )
    return problems


def scope_notices(entries, config) -> list[tuple[str, str]]:
    """Where each story will not appear, so nobody is surprised (not a problem)."""
    from voces_plugins.publication_rules import consent as rules

    notices = []
    for entry in entries:
        meta = entry.metadata
        if entry.kind != "article" or meta.get("voces_status") not in ("published", "review"):
            continue
        needs = rules.needs_consent(
            _section(entry), meta.get("personal_story", False), config["consent_sections"]
        )
        scope = rules.effective_scope(needs, meta.get("consent_scope"))
        if rules.is_print_only(scope):
            notices.append(
                (
                    f"{entry.shown}: solo impreso; no aparecerá en el sitio ni en "
                    "sus PDF, solo en los PDF para la imprenta.",
                    f"{entry.shown}: print only; it will not be on the website nor "
                    "in its PDFs, only in the copy-shop PDFs.",
                )
            )
        elif scope and "print" not in scope:
            notices.append(
                (
                    f"{entry.shown}: solo web; no irá en ninguna edición impresa.",
                    f"{entry.shown}: web only; it will not go in any printed edition.",
                )
            )
    return notices


def check_stories(entries, default_lang) -> list[Problem]:
    """Slugs shared by two stories, translations without an original (as the build)."""
    from voces_plugins.publication_rules.stories import story_problems

    problems = []
    for kind in ("article", "page"):
        group = [e for e in entries if e.kind == kind]
        records, _stories_ = _stories(group)
        shown = {records[id(e)].source: e.shown for e in group}
        for source, es, en in story_problems(list(records.values()), default_lang):
            problems.append(Problem(shown.get(source, source), "slug", es, en))
    return problems


def check_withdrawn_translations(entries, settings) -> list[Problem]:
    """Files of a withdrawn story (same slug or same file stem) that are not withdrawn."""
    records, stories = _stories(entries)
    problems = []
    for entry in entries:
        if entry.metadata.get("voces_status") == "withdrawn":
            continue
        own = records[id(entry)]
        story = stories.story_of(own.slug, own.group)
        withdrawn = [
            e
            for e in entries
            if records[id(e)] in story and e.metadata.get("voces_status") == "withdrawn"
        ]
        if withdrawn:
            problems.append(
                Problem(
                    entry.shown,
                    "estado",
                    f"es otra versión de {withdrawn[0].shown}, que está retirada, así que "
                    "tampoco se publica. Ponga también «estado: retirado» para que quede claro.",
                    f"it is another version of {withdrawn[0].shown}, which is withdrawn, so it "
                    "is not published either. Set 'status: withdrawn' here too to make it clear.",
                )
            )
    return problems


def _resolve(reference: str, entry: Entry, content_root: Path) -> Path:
    ref = unquote(html.unescape(reference.split("#", 1)[0].split("?", 1)[0]))
    for prefix in ("{static}", "{attach}", "{filename}", "{index}"):
        if ref.startswith(prefix):
            ref = ref[len(prefix) :]
    if ref.startswith("/"):
        return (content_root / ref.lstrip("/")).resolve()
    beside = (entry.path.parent / ref).resolve()
    if beside.exists():
        return beside
    return (content_root / ref).resolve()


def check_images(entries, content_root: Path) -> list[Problem]:
    problems = []
    for entry in entries:
        if entry.metadata.get("voces_status") == "withdrawn":
            continue
        references = []
        cover = entry.metadata.get("image")
        if cover:
            references.append(("imagen", str(cover)))
        references.extend((None, m.group("src")) for m in IMG_SRC.finditer(entry.html))
        for field, src in references:
            if REMOTE.match(src) or src.lower().startswith(("data:", "javascript:")):
                problems.append(
                    Problem(
                        entry.shown,
                        field,
                        f"la imagen «{src}» viene de otro sitio; los teléfonos de las lectoras "
                        "no deben conectarse a otros sitios. Guarde la imagen en content/dibujos/ "
                        "y use esa ruta.",
                        f"the image '{src}' comes from another site; readers' phones must not "
                        "contact other sites. Save the image in content/dibujos/ and use that "
                        "path.",
                    )
                )
                continue
            if not _resolve(src, entry, content_root).is_file():
                problems.append(
                    Problem(
                        entry.shown,
                        field,
                        f"la imagen «{src}» no existe. Revise el nombre del archivo (sin espacios) "
                        "y que esté en content/dibujos/.",
                        f"the image '{src}' does not exist. Check the file name (no spaces) and "
                        "that it is in content/dibujos/.",
                    )
                )
    return problems


def check_links(entries, content_root: Path) -> list[Problem]:
    """{filename} links to a story that will not be published leak its address."""
    by_path = {e.path.resolve(): e for e in entries}
    problems = []
    for entry in entries:
        if entry.metadata.get("voces_status") == "withdrawn":
            continue
        text = entry.path.read_text(encoding="utf-8-sig", errors="replace")
        for match in FILENAME_LINK.finditer(text):
            target_ref = match.group("target")
            target = _resolve(target_ref, entry, content_root)
            linked = by_path.get(target)
            if linked is None:
                if not target.exists():
                    problems.append(
                        Problem(
                            entry.shown,
                            None,
                            f"enlaza a «{target_ref}», que no existe. Corrija el enlace.",
                            f"links to '{target_ref}', which does not exist. Fix the link.",
                        )
                    )
                continue
            status = linked.metadata.get("voces_status")
            if status != "published" and entry.metadata.get("voces_status") == "published":
                es, en = STATUS_NAMES.get(status, (status, status))
                problems.append(
                    Problem(
                        entry.shown,
                        None,
                        f"enlaza a {linked.shown}, que está «{es}» y no se publica. Quite el "
                        "enlace.",
                        f"links to {linked.shown}, which is '{en}' and is not published. Remove "
                        "the link.",
                    )
                )
    return problems


def check_terms(content_root: Path, settings, terms_file: str | None):
    """Protected terms in the sources: (problems, notices)."""
    from voces_plugins.protected_terms.matching import Matcher, views_of_markup
    from voces_plugins.protected_terms.terms import TermsFileError, configured_path, load_terms

    path = os.path.abspath(terms_file) if terms_file else configured_path(settings)
    if not path:
        return [], [
            (
                "No hay lista de términos protegidos: nombres reales, bares, calles y "
                "teléfonos no se buscan. Vea docs/terminos-protegidos.md.",
                "No protected-terms list: real names, bars, streets and phone numbers "
                "are not searched for. See docs/terminos-protegidos.md.",
            )
        ]
    try:
        terms = load_terms(path)
    except TermsFileError as error:
        return [Problem(path, None, error.es, error.en)], []
    matcher = Matcher(terms)
    problems = []
    for source in sorted(content_root.rglob("*")):
        if not source.is_file():
            continue
        shown = _display(source, content_root)
        found = matcher.find([source.relative_to(content_root).as_posix()])
        for term in found:
            problems.append(_term_problem(shown, "nombre del archivo", term, path))
        if source.suffix.lower() not in TEXT_SUFFIXES:
            continue
        text = source.read_text(encoding="utf-8-sig", errors="replace")
        for term in matcher.find(views_of_markup(text)):
            line = next(
                (
                    n
                    for n, line in enumerate(text.splitlines(), start=1)
                    if term in matcher.find(views_of_markup(line))
                ),
                None,
            )
            problems.append(_term_problem(shown, f"línea {line}" if line else None, term, path))
    return problems, []


def _term_problem(shown, field, term, terms_path) -> Problem:
    return Problem(
        shown,
        field,
        f"contiene el término protegido «{term.text}» (línea {term.line} de {terms_path}). "
        "Cámbielo por un seudónimo o por algo general («un bar del centro»).",
        f"contains the protected term '{term.text}' (line {term.line} of {terms_path}). "
        "Replace it with a pseudonym or something general ('a bar downtown').",
    )


def retired_problems(entries, content_root: Path) -> list[Problem]:
    from .withdraw import retired_problems as problems_of

    return problems_of(entries, content_root)


def metadata_notices(content_root: Path) -> list[tuple[str, str]]:
    """Files in content/ that still carry metadata: the site is cleaned by the build,
    but the sources' repository keeps them (the pre-commit hook refuses new ones)."""
    from .source_check import metadata_problems

    return [(f"{f.path}: {f.es}", f"{f.path}: {f.en}") for f in metadata_problems(content_root)]


# -- the report --------------------------------------------------------------------------


def review(content_root: Path, settings, terms_file=None):
    """Return (problems, notices, entries)."""
    from voces_plugins.publication_rules.config import safety_settings

    problems: list[Problem] = []
    config, config_problems = safety_settings(settings)
    for message in config_problems:
        es, _, en = message.partition(" / ")
        problems.append(Problem("pelicanconf.py", "SAFETY", es.split(": ", 1)[-1], en))
    entries = read_entries(content_root, settings, problems)
    problems += check_stories(entries, settings["DEFAULT_LANG"])
    problems += check_consent(entries, config, settings["DEFAULT_LANG"])
    problems += check_withdrawn_translations(entries, settings)
    problems += check_images(entries, content_root)
    problems += check_links(entries, content_root)
    term_problems, notices = check_terms(content_root, settings, terms_file)
    problems += term_problems
    notices += metadata_notices(content_root)
    problems += retired_problems(entries, content_root)
    notices += scope_notices(entries, config)
    return problems, notices, entries


def print_report(content_root: Path, problems, notices, entries, out=None) -> None:
    out = out or sys.stdout
    write = lambda text="": print(text, file=out)  # noqa: E731
    write(
        f"Revisión de {content_root.name}/ ({len(entries)} artículos y páginas) / "
        f"Check of {content_root.name}/ ({len(entries)} articles and pages)"
    )
    if problems:
        write()
        write("PROBLEMAS (corríjalos antes de publicar) / PROBLEMS (fix them before publishing):")
        for problem in sorted(problems, key=lambda p: (p.path, p.field or "")):
            write(f"  - {problem.line()}")
    if notices:
        write()
        write("AVISOS (no impiden publicar) / NOTICES (they do not stop publishing):")
        for es, en in notices:
            write(f"  * {es} / {en}")
    counts = Counter(e.metadata.get("voces_status") for e in entries)
    states_es = ", ".join(f"{counts.get(key, 0)} {names[0]}" for key, names in STATUS_NAMES.items())
    states_en = ", ".join(f"{counts.get(key, 0)} {names[1]}" for key, names in STATUS_NAMES.items())
    files = len({p.path for p in problems})
    write()
    if problems:
        write(
            f"Resumen: {len(problems)} problema(s) en {files} archivo(s); {states_es}. "
            "No publique hasta corregirlos."
        )
        write(
            f"Summary: {len(problems)} problem(s) in {files} file(s); {states_en}. Do not "
            "publish until they are fixed."
        )
    else:
        write(f"Resumen: todo en orden; {states_es}.")
        write(f"Summary: all clear; {states_en}.")


def main(argv=None) -> int:
    args = make_parser().parse_args(argv)
    if args.sources:
        from .source_check import main as check_sources

        return check_sources([])
    _plugins_importable()
    if args.carpeta and not Path(args.carpeta).is_dir():
        print(
            f"No existe la carpeta de contenido «{args.carpeta}». Revise la ruta. / The "
            f"content folder '{args.carpeta}' does not exist. Check the path.",
            file=sys.stderr,
        )
        return 2
    settings_file = args.settings
    if settings_file and not Path(settings_file).is_file():
        print(
            f"No existe el archivo de ajustes «{settings_file}». / The settings file "
            f"'{settings_file}' does not exist.",
            file=sys.stderr,
        )
        return 2
    settings = load_settings(settings_file, args.carpeta)
    content_root = Path(settings["PATH"]).resolve()
    problems, notices, entries = review(content_root, settings, args.terms)
    print_report(content_root, problems, notices, entries)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
