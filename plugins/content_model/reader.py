"""A Markdown reader that accepts the members' Spanish metadata and checks every value.

Members write ``título:``, ``fecha:``, ``estado: publicado``...; Python-Markdown's meta
extension only accepts ASCII keys, so the header is rewritten to canonical English keys
before Markdown sees it. Every value that Pelican would silently accept or skip (a bad
date, an unknown status, a missing title) raises a ContentError that names the file,
the field and the fix.
"""

from __future__ import annotations

import html
import logging
import os
import re
import unicodedata

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Tag
from pelican.utils import get_date, slugify

from ..core.headers import parse_header
from ..core.statuses import STATUS_ALIASES
from .errors import ContentError

logger = logging.getLogger(__name__)

# Spanish (and English) spellings -> canonical key. Keys are compared without accents,
# in lower case, with spaces and hyphens read as underscores.
KEY_ALIASES = {
    "titulo": "title",
    "fecha": "date",
    "autora": "author",
    "autor": "author",
    # Pelican's own "authors" is not escaped by anyone: one pseudonym, read as "author".
    "authors": "author",
    "autoras": "author",
    "autores": "author",
    "seudonimo": "author",
    "seccion": "category",
    "section": "category",
    "etiquetas": "tags",
    "resumen": "summary",
    "idioma": "lang",
    "language": "lang",
    "estado": "status",
    "edicion": "edition",
    "imagen": "image",
    "cover": "image",
    "imagen_alt": "image_alt",
    "texto_alternativo": "image_alt",
    "consentimiento": "consent",
    "consentimiento_fecha": "consent_date",
    "fecha_consentimiento": "consent_date",
    "consentimiento_alcance": "consent_scope",
    "alcance": "consent_scope",
    "historia_personal": "personal_story",
    "limpiar_escaneo": "scan_cleanup",
    "plantilla": "template",
    "modificado": "modified",
    "orden": "order",
    "destacado": "featured",
    "destacada": "featured",
    "portada_del_sitio": "featured",
    # Sound (audio plugin): the recording, its transcript, a narration, whose voice.
    "audio_transcripcion": "audio_transcript",
    "transcripcion": "audio_transcript",
    "narracion": "narration",
    "voz": "voice",
    "audio_alcance": "audio_scope",
}

YES = {"si", "yes", "true", "1", "x"}
NO = {"no", "false", "0"}
SCOPE_ALIASES = {
    "web": "web",
    "sitio": "web",
    "impreso": "print",
    "print": "print",
    "papel": "print",
    "pdf": "print",
}
# Plain-text values that are escaped at read time so that templates and feeds can
# print them as they are (Pelican's Jinja environment does not autoescape).
PLAIN_TEXT_KEYS = ("title", "author", "image_alt", "category")

#: A slug given with ``slug:`` ends up in addresses, links and feeds: only lower-case
#: ASCII letters, digits and single hyphens (what the site's own slugify makes).
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
SLUG_MAX = 120
#: Only the site's URL patterns decide where a story is written; these fields would
#: let a file choose its own address or file name (over the home page, a feed...).
FORBIDDEN_KEYS = {
    "save_as": "save_as",
    "url": "url",
    "override_save_as": "save_as",
    "override_url": "url",
    "lang_url": "url",
    "lang_save_as": "save_as",
    "path": "path",
}
#: Templates an editor may choose for a page (``plantilla:``), each extending base.html
#: with its security parts (CSP, quick exit). Articles always use «article».
PAGE_TEMPLATES = ("page", "directory")


def fold(text: str) -> str:
    """Lower case without accents: 'Revisión' -> 'revision'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_key(key: str) -> str:
    folded = re.sub(r"[\s\-]+", "_", fold(key))
    return KEY_ALIASES.get(folded, folded)


def read_text(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ContentError(
            path,
            None,
            f"no se pudo leer el archivo ({exc.strerror}).",
            f"the file could not be read ({exc.strerror}).",
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            path,
            None,
            f"el archivo no está guardado en UTF-8 (línea {line}). Ábralo y guárdelo "
            "con la codificación UTF-8.",
            f"the file is not saved as UTF-8 (line {line}). Open it and save it as UTF-8.",
        ) from None


def split_header(text: str, path: str):
    """Return (list of (key, value, line_no)), body) with keys normalised.

    The one header parser of the core (core.headers): a field written twice, or a
    header line that is not ``field: value``, is a ContentError naming the line.
    """
    fields, body = parse_header(text, path, normalise=normalise_key)
    return [(f.key, f.value, f.line) for f in fields], body


def parse_bool(value, path, field):
    folded = fold(str(value))
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise ContentError(
        path,
        field,
        f"«{value}» no se entiende: escriba «sí» o «no».",
        f"'{value}' is not understood: write 'yes' or 'no'.",
    )


def parse_date(value, path, field):
    try:
        return get_date(str(value))
    except (ValueError, TypeError, OverflowError):
        raise ContentError(
            path,
            field,
            f"«{value}» no es una fecha válida. Escríbala como AAAA-MM-DD, por ejemplo 2026-11-24.",
            f"'{value}' is not a valid date. Write it as YYYY-MM-DD, e.g. 2026-11-24.",
        ) from None


def parse_status(value, path):
    status = STATUS_ALIASES.get(re.sub(r"[\s\-]+", "_", fold(str(value or ""))))
    if status:
        return status
    if not str(value or "").strip():
        problem_es, problem_en = "el estado está vacío", "the status is empty"
    else:
        problem_es = problem_en = f"«{value}»"
        problem_es += " no es un estado conocido"
        problem_en += " is not a known status"
    raise ContentError(
        path,
        "estado",
        f"{problem_es}. Use uno de: borrador, revisión, publicado, retirado.",
        f"{problem_en}. Use one of: draft, review, published, withdrawn.",
    )


def parse_scope(value, path):
    scope = set()
    for part in re.split(r"[,;/\s]+|\by\b|\band\b", str(value)):
        if not part.strip():
            continue
        name = SCOPE_ALIASES.get(fold(part))
        if name is None:
            raise ContentError(
                path,
                "consentimiento_alcance",
                f"«{part.strip()}» no es un alcance conocido. Escriba «web», «impreso» o "
                "«web, impreso».",
                f"'{part.strip()}' is not a known scope. Write 'web', 'print' or 'web, print'.",
            )
        scope.add(name)
    return frozenset(scope)


def check_slug(value, path, settings) -> None:
    """A ``slug:`` written by hand must look like one the site would make itself."""
    value = str(value).strip()
    if SLUG_PATTERN.fullmatch(value) and len(value) <= SLUG_MAX:
        return
    suggestion = slugify(fold(value), regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])[:SLUG_MAX]
    suggestion = suggestion or "mi-historia"
    raise ContentError(
        path,
        "slug",
        f"«{value}» no sirve como slug: use solo letras minúsculas sin acentos, números y "
        f"guiones (hasta {SLUG_MAX}), por ejemplo «slug: {suggestion}».",
        f"'{value}' is not a valid slug: use only lower-case letters without accents, "
        f"digits and hyphens (up to {SLUG_MAX}), e.g. 'slug: {suggestion}'.",
    )


def check_forbidden_keys(raw: dict, path, kind: str) -> None:
    """No file chooses where it is written or which template renders it."""
    for key in raw:
        if key in FORBIDDEN_KEYS:
            raise ContentError(
                path,
                key,
                "un artículo o página no puede elegir su dirección ni su archivo de salida: "
                "las direcciones las deciden los ajustes del sitio (ARTICLE_URL, PAGE_URL). "
                f"Borre la línea «{key}:»; para cambiar la dirección use «slug:».",
                "an article or page cannot choose its address or output file: the site's "
                f"settings (ARTICLE_URL, PAGE_URL) decide. Delete the '{key}:' line; to "
                "change the address use 'slug:'.",
            )
    template = raw.get("template")
    if template is None:
        return
    if kind != "page" or str(template).strip() not in PAGE_TEMPLATES:
        allowed = ", ".join(PAGE_TEMPLATES)
        raise ContentError(
            path,
            "plantilla",
            f"«{template}» no se puede elegir aquí: los artículos usan siempre su plantilla, "
            f"y las páginas solo pueden usar {allowed} (todas llevan la protección de la "
            "página y el botón de salida rápida). Borre la línea o elija una de esas.",
            f"'{template}' cannot be chosen here: articles always use their own template, "
            f"and pages may only use {allowed} (all carry the page's protection and the "
            "quick exit). Delete the line or choose one of those.",
        )


def find_section(value, sections):
    wanted = slugify(fold(str(value)))
    for slug, info in sections.items():
        names = {
            slug,
            slugify(fold(info["es"]["name"])),
            slugify(fold(info["en"]["name"])),
            info["en"].get("slug", ""),
        }
        if wanted in names:
            return slug
    return None


class VocesMarkdownReader(MarkdownReader):
    """Markdown with Spanish metadata keys, strict values and escaped plain text."""

    def read(self, source_path):
        self._source_path = source_path
        text = read_text(source_path)
        header, body = split_header(text, source_path)  # refuses a field written twice
        raw = {key: value for key, value, _ in header}

        self._md = Markdown(**self.settings["MARKDOWN"])
        content = self._md.convert(body)
        metadata = self.build_metadata(raw, source_path)
        return content, metadata

    # -- metadata -------------------------------------------------------------------

    def kind(self, source_path) -> str:
        rel = os.path.relpath(source_path, self.settings["PATH"])
        top = rel.split(os.sep)[0]
        if top in self.settings.get("PAGE_PATHS", []):
            return "page"
        return "article"

    def build_metadata(self, raw: dict, path: str) -> dict:
        settings = self.settings
        kind = self.kind(path)
        meta = {}

        title = raw.pop("title", "").strip()
        if not title:
            raise ContentError(
                path,
                "título",
                "falta el título. Añada una línea «título: ...» al principio del archivo.",
                "the title is missing. Add a line 'title: ...' at the top of the file.",
            )
        if "slug" not in raw:
            meta["slug"] = slugify(title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
        else:
            check_slug(raw["slug"], path, settings)
        check_forbidden_keys(raw, path, kind)

        status = parse_status(raw.pop("status", None), path)
        meta["voces_status"] = status
        preview = bool(settings.get("VOCES_PREVIEW"))
        if status == "published":
            meta["status"] = "published"
        elif status in ("draft", "review") and preview:
            meta["status"] = "published"
            meta["preview_status"] = status
        else:
            meta["status"] = "skip"

        lang = fold(raw.pop("lang", "")) or None
        name = os.path.basename(path)
        suffix_lang = None
        suffix = re.search(r"\.([A-Za-z]{2})\.[A-Za-z]+$", name)
        if suffix:
            suffix_lang = suffix.group(1).lower()
            if suffix_lang not in settings.get("LANGUAGES", ("es", "en")):
                raise ContentError(
                    path,
                    "idioma",
                    f"el nombre del archivo termina en «.{suffix.group(1)}.», pero «{suffix_lang}» "
                    "no es un idioma del sitio. Una traducción al inglés se llama "
                    "«nombre.en.md»; si no es una traducción, quite ese punto del nombre.",
                    f"the file name ends in '.{suffix.group(1)}.', but '{suffix_lang}' is not a "
                    "language of this site. An English translation is named 'name.en.md'; if "
                    "it is not a translation, remove that dot from the name.",
                )
        lang = lang or suffix_lang or settings["DEFAULT_LANG"]
        if lang not in settings.get("LANGUAGES", ("es", "en")):
            raise ContentError(
                path,
                "idioma",
                f"«{lang}» no es un idioma del sitio. Use «es» o «en».",
                f"'{lang}' is not a language of this site. Use 'es' or 'en'.",
            )
        if suffix_lang and suffix_lang != lang:
            raise ContentError(
                path,
                "idioma",
                f"el nombre del archivo dice «{suffix_lang}» "
                f"pero el idioma es «{lang}». Corrija uno de los dos.",
                f"the file name says '{suffix_lang}' but the language is "
                f"'{lang}'. Fix one of them.",
            )
        meta["lang"] = lang
        # The story a file belongs to, whatever its language and slug: the path under
        # content/ without ".en" and the extension. A translation shares it with its
        # original, so withdrawal, status and consent can follow the story.
        rel = os.path.relpath(path, settings["PATH"])
        stem = re.sub(r"\.[^./\\]+$", "", rel)
        if suffix_lang:
            stem = stem[: -len(suffix_lang) - 1]
        meta["voces_group"] = stem.replace(os.sep, "/")
        meta["voces_source"] = rel.replace(os.sep, "/")
        meta["voces_folder"] = rel.split(os.sep)[0] if os.sep in rel else ""

        if "date" in raw:
            meta["date"] = parse_date(raw.pop("date"), path, "fecha")
        elif kind == "article":
            raise ContentError(
                path,
                "fecha",
                "falta la fecha. Añada «fecha: AAAA-MM-DD».",
                "the date is missing. Add 'date: YYYY-MM-DD'.",
            )
        if "modified" in raw:
            meta["modified"] = parse_date(raw.pop("modified"), path, "modificado")

        if kind == "article":
            sections = settings.get("SECTIONS", {})
            folder = os.path.relpath(path, settings["PATH"]).split(os.sep)[0]
            given = raw.pop("category", "") or folder
            section = find_section(given, sections)
            if section is None:
                known = ", ".join(sections)
                raise ContentError(
                    path,
                    "sección",
                    f"«{given}» no es una sección. Use una de: {known}.",
                    f"'{given}' is not a section. Use one of: {known}.",
                )
            raw["category"] = sections[section]["es"]["name"]

        consent = raw.pop("consent", None)
        meta["consent"] = None if consent is None else parse_bool(consent, path, "consentimiento")
        consent_date = raw.pop("consent_date", None)
        meta["consent_date"] = (
            parse_date(consent_date, path, "consentimiento_fecha") if consent_date else None
        )
        scope = raw.pop("consent_scope", None)
        meta["consent_scope"] = parse_scope(scope, path) if scope else frozenset()
        meta["personal_story"] = parse_bool(
            raw.pop("personal_story", "no"), path, "historia_personal"
        )
        meta["scan_cleanup"] = parse_bool(raw.pop("scan_cleanup", "no"), path, "limpiar_escaneo")
        meta["featured"] = parse_bool(raw.pop("featured", "no"), path, "destacado")
        edition = raw.pop("edition", None)
        if edition is not None:
            try:
                meta["edition"] = int(str(edition).strip().lstrip("#"))
            except ValueError:
                raise ContentError(
                    path,
                    "edición",
                    f"«{edition}» no es un número de edición. "
                    "Escriba solo el número, por ejemplo «edición: 3».",
                    f"'{edition}' is not an edition number. Write only the "
                    "number, e.g. 'edition: 3'.",
                ) from None
        else:
            meta["edition"] = None

        meta["title"] = title
        tags = raw.pop("tags", "")
        if tags:
            # Split first, then escape each tag: escaping first would put ';' (from
            # entities) into the string, and Pelican splits on ';' when it finds one.
            meta["tags"] = [
                Tag(html.escape(name.strip(), quote=True), settings)
                for name in re.split(r"[,;]", tags)
                if name.strip()
            ]
        for key in PLAIN_TEXT_KEYS:
            if key in meta and isinstance(meta[key], str):
                meta[key] = html.escape(meta[key], quote=True)
            if key in raw:
                raw[key] = html.escape(raw[key], quote=True)

        # Any other value a member wrote ("descripción:", a key with a typo) may end up in
        # a template or a plugin: escaped like the plain-text ones. The slug and the
        # template were checked above; the summary is Markdown, sanitised like the body.
        for key in raw:
            if key not in PLAIN_TEXT_KEYS and key not in ("summary", "slug", "template"):
                raw[key] = html.escape(raw[key], quote=True)

        # What is left goes through Pelican's own processors (tags, author, category,
        # slug, summary as formatted Markdown, template...).
        rest = {key: [value] for key, value in raw.items()}
        processed = self._parse_metadata(rest) if rest else {}
        processed.update(meta)
        return processed
