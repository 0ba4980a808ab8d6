"""Reading and validating editions (``content/ediciones/NN.md``).

An edition file is a small Markdown file: ``clave: valor`` lines, a blank line,
then the editorial. Keys may be written in Spanish (accents optional, case
ignored) or English::

    número: 1
    título: Nos cuidamos entre todas
    fecha: 2026-11-15
    portada: dibujos/manos.jpg
    portada_alt: Dos manos que se sostienen
    artículos: slug-uno, slug-dos, slug-tres

    El editorial...

``artículos`` is the print order (a comma separated list, or one ``- slug`` per
line). Without it, the articles that say ``edición: N`` are ordered by section
(the order of ``SECTIONS``) then date. ``NN.en.md`` (``idioma: en``) holds the
English title, alt text and editorial of the same number.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import markdown

from ..core import file_kinds
from ..core.errors import VocesError
from ..core.headers import parse_header
from ..core.statuses import STATUS_ALIASES
from .editorial import plain, safe_editorial

KEYS = {
    "numero": "number",
    "number": "number",
    "titulo": "title",
    "title": "title",
    "fecha": "date",
    "date": "date",
    "portada": "cover",
    "imagen": "cover",
    "cover": "cover",
    "image": "cover",
    "portada_alt": "cover_alt",
    "imagen_alt": "cover_alt",
    "texto_alternativo": "cover_alt",
    "cover_alt": "cover_alt",
    "image_alt": "cover_alt",
    "articulos": "articles",
    "articles": "articles",
    "idioma": "lang",
    "lang": "lang",
    "resumen": "summary",
    "summary": "summary",
    "estado": "status",
    "status": "status",
}
#: The same states as articles (``estado:``); without the line an edition is published.
EDITION_STATUSES = STATUS_ALIASES
LANGS = ("es", "en")


@dataclass
class EditionText:
    """What changes with the language: title, alt text, editorial.

    ``title``, ``cover_alt`` and ``summary`` are HTML-escaped (templates print them as
    they are); ``editorial_html`` is sanitised HTML.
    """

    lang: str
    title: str
    cover_alt: str
    summary: str
    editorial_html: str
    source: str


@dataclass
class Edition:
    number: int
    date: datetime.date
    cover: str | None
    source: str
    slugs: list[str] | None
    texts: dict[str, EditionText] = field(default_factory=dict)
    # Filled by assign_articles(), in print order.
    web_articles: list = field(default_factory=list)
    print_articles: list = field(default_factory=list)

    @property
    def nn(self) -> str:
        return f"{self.number:02d}"

    def text(self, lang: str) -> EditionText:
        return self.texts.get(lang) or self.texts["es"]

    @property
    def title(self) -> str:
        return self.texts["es"].title


class EditionProblem(VocesError):
    """An edition cannot be made; the message is bilingual and names what to fix.

    Raised where work must stop (the generator catches it once its problems are
    logged; ``build_guard`` reports one raised while finishing the output). Only the
    guard ends the build.
    """

    def __init__(self, message):
        self.text = message
        super().__init__(None, None, message, "")

    def message(self) -> str:
        return self.text

    def __str__(self):
        return self.text


def _key(raw: str) -> str:
    plain = unicodedata.normalize("NFKD", raw.strip().lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return plain.replace(" ", "_").replace("-", "_")


def split_file(text: str, path=None):
    """Return (metadata dict of key as written -> value, body); (None, text) without one.

    The core's header parser (core.headers), with list items (``- salud/x.md``) joined
    by ", ". A field written twice (``artículos:`` on two lines, or ``título`` and
    ``title``) raises VocesError naming both lines.
    """
    fields, body = parse_header(
        text, path, normalise=lambda key: KEYS.get(_key(key), _key(key)), list_items=True
    )
    if not fields:
        return None, body
    return {field.written: field.value for field in fields}, body


def _render_markdown(body: str, settings) -> str:
    config = settings.get("MARKDOWN") or {}
    extension_configs = config.get("extension_configs", {})
    md = markdown.Markdown(
        extensions=list(extension_configs),
        extension_configs=extension_configs,
        output_format=config.get("output_format", "html"),
    )
    return md.convert(body)


def read_edition_file(path: Path, content_root: Path, settings, problems: list):
    """Parse one edition file; problems are appended as bilingual messages."""
    rel = (
        path.relative_to(content_root.parent).as_posix()
        if content_root.parent in path.parents
        else path.as_posix()
    )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(
            f"{rel}: el archivo no está en UTF-8. Guárdelo como UTF-8. "
            f"/ the file is not UTF-8. Save it as UTF-8."
        )
        return None
    try:
        raw_meta, body = split_file(text, path)
    except VocesError as error:
        problems.append(error.message())
        return None
    if not raw_meta:
        problems.append(
            f"{rel}: faltan los datos al principio (número, título, fecha). "
            f"Escriba una línea 'clave: valor' por dato, luego una línea vacía y el editorial. "
            f"/ the metadata at the top is missing (number, title, date). Write one "
            f"'key: value' line each, then a blank line and the editorial."
        )
        return None
    meta = {}
    for raw_key, value in raw_meta.items():
        key = KEYS.get(_key(raw_key))
        if key is None:
            problems.append(
                f"{rel}: la clave '{raw_key}' no se conoce. Use número, título, fecha, portada, "
                f"portada_alt, artículos, idioma o resumen. / unknown key '{raw_key}'. Use number, "
                f"title, date, cover, cover_alt, articles, lang or summary."
            )
            continue
        meta[key] = value
    lang = (meta.get("lang") or ("en" if path.name.endswith(".en.md") else "es")).lower()
    if lang not in LANGS:
        problems.append(
            f"{rel}: idioma '{lang}' no válido; use es o en. "
            f"/ language '{lang}' is not valid; use es or en."
        )
        return None
    status = EDITION_STATUSES.get(_key(meta.get("status") or "publicado"))
    if status is None:
        problems.append(
            f"{rel}: el estado '{meta.get('status')}' no se conoce. Use borrador, revisión, "
            f"publicado o retirado. / the status '{meta.get('status')}' is not known. Use "
            f"draft, review, published or withdrawn."
        )
        return None
    number = None
    raw_number = meta.get("number") or re.match(r"^\d*", path.name).group(0)
    try:
        number = int(str(raw_number).strip())
        if number < 1:
            raise ValueError
    except ValueError:
        problems.append(
            f"{rel}: el número de edición '{raw_number}' no es válido; escriba un número "
            f"entero, p. ej. 'número: 3'. / the edition number '{raw_number}' is not "
            f"valid; write a whole number, e.g. 'number: 3'."
        )
        return None
    title = meta.get("title", "").strip()
    if not title:
        problems.append(
            f"{rel}: falta el título. Añada 'título: ...'. "
            f"/ the title is missing. Add 'title: ...'."
        )
    date = None
    if meta.get("date"):
        try:
            date = datetime.date.fromisoformat(meta["date"].strip()[:10])
        except ValueError:
            problems.append(
                f"{rel}: la fecha '{meta['date']}' no es válida; use AAAA-MM-DD, "
                f"p. ej. 2026-11-15. / the date '{meta['date']}' is not valid; use "
                f"YYYY-MM-DD, e.g. 2026-11-15."
            )
    elif lang == "es":
        problems.append(
            f"{rel}: falta la fecha. Añada 'fecha: AAAA-MM-DD'. "
            f"/ the date is missing. Add 'date: YYYY-MM-DD'."
        )
    cover = meta.get("cover", "").strip() or None
    if cover:
        cover = cover.removeprefix("{static}").lstrip("/")
        cover = re.sub(r"^(\.\./)+", "", cover)
        if (
            file_kinds.suffix(cover) not in file_kinds.IMAGE_INPUT
            or not (content_root / cover).is_file()
        ):
            problems.append(
                f"{rel}: la portada '{cover}' no existe en content/. Revise el nombre "
                f"del archivo, p. ej. 'portada: dibujos/manos.jpg'. / the cover "
                f"'{cover}' does not exist in content/. Check the file name."
            )
            cover = None
        elif not meta.get("cover_alt", "").strip() and lang == "es":
            problems.append(
                f"{rel}: la portada no tiene texto alternativo. Añada 'portada_alt: ' "
                f"y describa lo que muestra el dibujo. / the cover has no alt text. Add "
                f"'cover_alt: ' describing what the drawing shows."
            )
    slugs = None
    if meta.get("articles", "").strip():
        slugs = [s.strip() for s in meta["articles"].split(",") if s.strip()]
        seen = set()
        for slug in slugs:
            if slug in seen:
                problems.append(
                    f"{rel}: el artículo '{slug}' aparece dos veces en 'artículos'. "
                    f"Déjelo una sola vez. / the article '{slug}' is listed twice in "
                    f"'articles'. List it once."
                )
            seen.add(slug)
    editorial = safe_editorial(_render_markdown(body, settings), rel, settings, problems)
    text_part = EditionText(
        lang=lang,
        title=plain(title),
        cover_alt=plain(meta.get("cover_alt", "")),
        summary=plain(meta.get("summary", "")),
        editorial_html=editorial,
        source=rel,
    )
    return {
        "number": number,
        "date": date,
        "cover": cover,
        "slugs": slugs,
        "text": text_part,
        "lang": lang,
        "source": rel,
        "status": status,
    }


def read_editions(content_root: Path, settings, folder="ediciones"):
    """Read every edition under ``content/ediciones``; returns (editions, problems)."""
    problems: list[str] = []
    directory = content_root / folder
    parts = []
    if directory.is_dir():
        for path in sorted(directory.glob("*.md")):
            if path.name.lower().startswith(("readme", "leeme")):
                continue
            part = read_edition_file(path, content_root, settings, problems)
            if part:
                parts.append(part)
    # A draft, in review or withdrawn edition is not published: no page, no PDF, no
    # editorial (a preview shows drafts and reviews, like articles). Its translations
    # follow it.
    shown = {"published", "draft", "review"} if settings.get("VOCES_PREVIEW") else {"published"}
    hidden = {p["number"] for p in parts if p["lang"] == "es" and p["status"] not in shown}
    parts = [p for p in parts if p["number"] not in hidden and p["status"] in shown]
    editions: dict[int, Edition] = {}
    for part in (p for p in parts if p["lang"] == "es"):
        number = part["number"]
        if number in editions:
            problems.append(
                f"{part['source']}: el número {number} ya lo usa {editions[number].source}. Cada "
                f"edición necesita un número distinto. / number {number} is already used by "
                f"{editions[number].source}. Each edition needs its own number."
            )
            continue
        editions[number] = Edition(
            number=number,
            date=part["date"],
            cover=part["cover"],
            source=part["source"],
            slugs=part["slugs"],
            texts={"es": part["text"]},
        )
    for part in (p for p in parts if p["lang"] != "es"):
        edition = editions.get(part["number"])
        if edition is None:
            problems.append(
                f"{part['source']}: no hay edición {part['number']} en español para esta "
                f"traducción. Cree primero ediciones/{part['number']:02d}.md. / there is no Spanish "
                f"edition {part['number']} for this translation. Create it first."
            )
        elif part["lang"] in edition.texts:
            problems.append(
                f"{part['source']}: la edición {part['number']} ya tiene texto en '{part['lang']}' "
                f"({edition.texts[part['lang']].source}). Deje uno solo. / edition {part['number']} "
                f"already has a '{part['lang']}' text. Keep only one."
            )
        else:
            edition.texts[part["lang"]] = part["text"]
            if part["slugs"] is not None:
                problems.append(
                    f"{part['source']}: la lista 'artículos' va solo en el archivo en español "
                    f"({edition.source}). Quítela de la traducción. / the 'articles' list belongs "
                    f"only in the Spanish file. Remove it from the translation."
                )
    return sorted(editions.values(), key=lambda e: e.number), problems


def _section_rank(settings):
    order = list((settings.get("SECTIONS") or {}).keys())
    return lambda article: (
        order.index(article.category.slug)
        if getattr(article, "category", None) is not None and article.category.slug in order
        else len(order)
    )


def _naive(date):
    if isinstance(date, datetime.datetime):
        return date.replace(tzinfo=None)
    return datetime.datetime.combine(date, datetime.time())


def printable(article) -> bool:
    if getattr(article, "printable", None) is False:  # publication_rules said no
        return False
    scope = getattr(article, "consent_scope", None)
    return not scope or "print" in scope


def on_web(article) -> bool:
    scope = getattr(article, "consent_scope", None)
    return not scope or "web" in scope


def _source(article, content_root: Path) -> str:
    path = Path(getattr(article, "source_path", "") or "")
    try:
        return path.relative_to(content_root.parent).as_posix()
    except ValueError:
        return path.as_posix()


def _edition_file(content_root: Path, number: int) -> bool:
    """True when ``content/ediciones/NN.md`` exists (an edition not published yet)."""
    return (content_root / "ediciones" / f"{number:02d}.md").is_file()


def assign_articles(
    editions,
    web_articles,
    print_only_articles,
    settings,
    content_root: Path,
    unpublished=frozenset(),
):
    """Put each article into its edition, in print order.

    Returns (problems, notices): problems stop the build; notices are for the log
    (a listed story that is not published: withdrawn, draft, or in review).
    """
    problems: list[str] = []
    notices: list[str] = []
    by_number = {e.number: e for e in editions}
    web = list(web_articles)
    print_only = list(print_only_articles)
    by_slug = {a.slug: a for a in web + print_only}
    members: dict[int, list] = {e.number: [] for e in editions}

    claimed: dict[str, Edition] = {}
    for edition in editions:
        for slug in edition.slugs or []:
            if slug in claimed and claimed[slug] is not edition:
                problems.append(
                    f"{edition.source}: el artículo '{slug}' ya está en la edición "
                    f"{claimed[slug].number} ({claimed[slug].source}). Un artículo va en una sola "
                    f"edición. / the article '{slug}' is already in edition {claimed[slug].number}. "
                    f"An article goes in one edition only."
                )
                continue
            claimed[slug] = edition
            article = by_slug.get(slug)
            if article is None:
                if slug in unpublished:
                    notices.append(
                        f"{edition.source}: '{slug}' no está publicado (borrador, revisión o "
                        f"retirado) y no entra en la edición. / '{slug}' is not published "
                        f"(draft, review or withdrawn) and is left out of the edition."
                    )
                else:
                    problems.append(
                        f"{edition.source}: el artículo '{slug}' no existe. Revise el 'slug' en la "
                        f"lista 'artículos' (es el 'slug:' del artículo). / the article '{slug}' "
                        f"does not exist. Check the slug in the 'articles' list."
                    )
                continue
            own = getattr(article, "edition", None)
            if own is not None and own != edition.number:
                problems.append(
                    f"{edition.source}: el artículo '{slug}' está en esta lista pero "
                    f"{_source(article, content_root)} dice 'edición: {own}'. Un artículo va en "
                    f"una sola edición: corrija uno de los dos. / the article '{slug}' is listed "
                    f"here but its file says 'edition: {own}'. An article goes in one edition "
                    f"only: fix one of them."
                )
                continue
            members[edition.number].append(article)

    rank = _section_rank(settings)
    for article in web + print_only:
        own = getattr(article, "edition", None)
        if own is None:
            continue
        edition = by_number.get(own)
        if edition is None and _edition_file(content_root, own):
            notices.append(
                f"{_source(article, content_root)}: la edición {own} no está publicada "
                f"(borrador, revisión o retirada); el artículo va sin edición. / edition "
                f"{own} is not published (draft, review or withdrawn); the article goes "
                f"without an edition."
            )
        elif edition is None:
            problems.append(
                f"{_source(article, content_root)}: dice 'edición: {own}' pero no existe "
                f"content/ediciones/{own:02d}.md. Cree la edición o corrija el número. / it says "
                f"'edition: {own}' but content/ediciones/{own:02d}.md does not exist. Create the "
                f"edition or fix the number."
            )
        elif edition.slugs is not None:
            if article.slug not in edition.slugs:
                problems.append(
                    f"{_source(article, content_root)}: dice 'edición: {own}' pero no está en la "
                    f"lista 'artículos' de {edition.source}. Añada '{article.slug}' a la lista o "
                    f"quite 'edición: {own}'. / it says 'edition: {own}' but is not in the "
                    f"'articles' list of {edition.source}. Add '{article.slug}' to the list or "
                    f"remove 'edition: {own}'."
                )
        else:
            members[own].append(article)

    for edition in editions:
        chosen = members[edition.number]
        if edition.slugs is None:
            chosen.sort(key=lambda a: (rank(a), _naive(a.date), a.slug))
        print_only_ids = {id(a) for a in print_only}
        edition.web_articles = [a for a in chosen if id(a) not in print_only_ids and on_web(a)]
        edition.print_articles = [a for a in chosen if printable(a)]
        if not edition.print_articles:
            notices.append(
                f"{edition.source}: la edición {edition.number} no tiene artículos "
                f"para imprimir. / edition {edition.number} has no printable articles."
            )
    return problems, notices
