"""publication_rules: only consented, reviewed, non-withdrawn stories are published.

- Withdrawn (``estado: retirado``) stories and all their translations are removed from
  everything the build makes.
- A production build publishes nothing in draft, review or hidden; a preview build
  shows drafts and reviews, marked (``preview_status``) for ``preview_banner.html``.
- A story that tells a person's life needs consent, its date and its scope; without
  them the production build stops and lists every such file (a preview only warns
  and marks the story with ``preview_consent_missing``).
- Scope: ``article.printable`` tells the editions whether a story may go on paper;
  print-only stories leave the website and wait in
  ``context["print_only_articles"]`` for the editions plugin.
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.utils import slugify

from ..core import signals as core_signals
from . import consent as rules
from .config import safety_settings
from .hidden_links import check_output as check_hidden_links
from .hidden_links import check_output_without_guard as check_hidden_links_without_guard
from .hidden_links import remember_hidden
from .links import MISSING, bad_links
from .removal import (
    ARTICLE_LISTS,
    PAGE_LISTS,
    all_items,
    id_fields,
    key_of_content,
    key_of_metadata,
    remove,
)
from .retired import check_retired
from .stories import Record, Stories, original_unpublished, story_consent, story_problems
from .stories import withdrawn as story_withdrawn

logger = logging.getLogger(__name__)


def display_path(content_or_path, settings) -> str:
    """``content/testimonios/x.md``: the path an editor recognises."""
    path = getattr(content_or_path, "source_path", content_or_path)
    base = settings["PATH"]
    rel = os.path.relpath(path, os.path.dirname(os.path.abspath(base)))
    return rel.replace(os.sep, "/")


def section_of(article) -> str | None:
    category = getattr(article, "category", None)
    return getattr(category, "slug", None) or (slugify(str(category)) if category else None)


# -- remembering what was withdrawn ----------------------------------------------------


def _withdrawn_keys(generator) -> set:
    keys = getattr(generator, "voces_withdrawn_keys", None)
    if keys is None:
        keys = generator.voces_withdrawn_keys = set()
    return keys


def _records(generator) -> list:
    records = getattr(generator, "voces_records", None)
    if records is None:
        records = generator.voces_records = []
    return records


def _section_slug(metadata):
    category = metadata.get("category")
    slug = getattr(category, "slug", None)
    return slug or (slugify(str(category)) if category else None)


def remember_withdrawn_article(generator, metadata):
    """article_generator_context: fires for every file, also those about to be skipped."""
    _records(generator).append(Record.from_metadata(metadata, _section_slug(metadata)))
    if metadata.get("voces_status") == "withdrawn":
        fields = id_fields(generator.settings.get("ARTICLE_TRANSLATION_ID"))
        _withdrawn_keys(generator).add(key_of_metadata(metadata, fields) or id(metadata))


def remember_withdrawn_page(generator, metadata):
    _records(generator).append(Record.from_metadata(metadata, None))
    if metadata.get("voces_status") == "withdrawn":
        fields = id_fields(generator.settings.get("PAGE_TRANSLATION_ID"))
        _withdrawn_keys(generator).add(key_of_metadata(metadata, fields) or id(metadata))


def _story(generator, item):
    stories = getattr(generator, "voces_stories", None)
    if stories is None or stories.records is not _records(generator):
        stories = generator.voces_stories = Stories(_records(generator))
        stories.records = _records(generator)
    return stories.story_of(getattr(item, "slug", ""), getattr(item, "voces_group", ""))


def _doomed_by_status(generator, pairs, fields, preview) -> set:
    """ids of withdrawn translations and, in production, of anything not published."""
    withdrawn = _withdrawn_keys(generator)
    doomed = set()
    for item in all_items(generator, pairs):
        key = key_of_content(item, fields)
        if key is not None and key in withdrawn:
            logger.info(
                "%s: se retira porque su historia fue retirada / withdrawn "
                "because its story was withdrawn",
                display_path(item, generator.settings),
            )
            doomed.add(id(item))
        elif getattr(item, "voces_status", "published") == "withdrawn":
            doomed.add(id(item))
        story = _story(generator, item)
        default_lang = generator.settings["DEFAULT_LANG"]
        if id(item) not in doomed and story_withdrawn(story):
            logger.info(
                "%s: se retira porque su historia fue retirada / withdrawn "
                "because its story was withdrawn",
                display_path(item, generator.settings),
            )
            doomed.add(id(item))
        elif not preview and original_unpublished(story, getattr(item, "lang", ""), default_lang):
            logger.warning(
                "%s: es la traducción de una historia que no está publicada "
                "(borrador o revisión): no se publica hasta que se publique el "
                "original. / translates a story that is not published (draft or "
                "review): not published until the original is.",
                display_path(item, generator.settings),
            )
            doomed.add(id(item))
    if not preview:
        # Pelican would write drafts to drafts/ and hidden content at its URL.
        for originals, translations in pairs[1:]:
            for item in getattr(generator, originals, []) + getattr(generator, translations, []):
                doomed.add(id(item))
        for item in all_items(generator, pairs[:1]):
            if getattr(item, "voces_status", "published") != "published":
                doomed.add(id(item))
    return doomed


# -- consent and scope -----------------------------------------------------------------


def _check_consent(generator, items, config, preview) -> list[tuple[str, str, str]]:
    """Set scope and printability; return (file, es, en) per story lacking consent.

    Consent belongs to the story, not to one file: see ``stories.story_consent``.
    """
    lines = []
    default_lang = generator.settings["DEFAULT_LANG"]
    for article in items:
        own = Record.from_metadata(vars(article), section_of(article))
        needs, consent, consent_date, written, conflict = story_consent(
            own, _story(generator, article), config["consent_sections"], default_lang
        )
        gaps = rules.consent_gaps(consent, consent_date, written) if needs else []
        if conflict:
            gaps.append(
                (
                    "consentimiento_alcance (el original y la traducción no "
                    "coinciden: escriba el mismo alcance en los dos archivos)",
                    "consent_scope (the original and the translation disagree: write "
                    "the same scope in both files)",
                )
            )
        scope = rules.effective_scope(needs, written)
        # The story's, not the file's: a translation of a personal story is one too
        # (the share preview stays neutral for every file of it).
        article.consent_needed = needs
        article.consent_scope = scope
        article.consent_ok = not gaps
        article.printable = "print" in scope and not gaps
        # A preview shows a story without consent (marked) so the editor can fix it.
        article.web = "web" in scope or (preview and bool(gaps))
        if gaps:
            es, en = rules.describe_gaps(gaps)
            lines.append((display_path(article, generator.settings), es, en))
            if preview:
                article.preview_consent_missing = True
    return lines


def _report_consent(lines, preview):
    """One message per story (build_guard's summary shows each first line), then the fix.

    Every story is listed, not just the first, so the editor fixes them all at once.
    """
    if not lines:
        return
    report = logger.warning if preview else logger.error
    prefix = "VISTA PREVIA / PREVIEW: " if preview else ""
    for path, es, en in sorted(lines):
        report(
            "%s%s [consentimiento]: cuenta la vida de una persona y no se publica sin "
            "consentimiento completo; falta: %s. / tells a person's life and is not "
            "published without complete consent; missing: %s.",
            prefix,
            path,
            es,
            en,
        )
    report(
        "%s%d historia(s) sin consentimiento completo. %s / %d story(ies) without "
        "complete consent. %s",
        prefix,
        len(lines),
        rules.CONSENT_FIX_ES,
        len(lines),
        rules.CONSENT_FIX_EN,
    )


# -- signal handlers ---------------------------------------------------------------------


def _report_story_problems(generator):
    for source, es, en in story_problems(_records(generator), generator.settings["DEFAULT_LANG"]):
        logger.error("%s: %s / %s", source, es, en)


def apply_article_rules(generator):
    """article_generator_pretaxonomy: before categories, tags, feeds and archives."""
    _report_story_problems(generator)
    settings = generator.settings
    config, problems = safety_settings(settings)
    for problem in problems:
        logger.error("%s", problem)
    preview = bool(settings.get("VOCES_PREVIEW"))
    fields = id_fields(settings.get("ARTICLE_TRANSLATION_ID"))

    doomed = _doomed_by_status(generator, ARTICLE_LISTS, fields, preview)
    visible = [a for a in all_items(generator, ARTICLE_LISTS) if id(a) not in doomed]
    _report_consent(_check_consent(generator, visible, config, preview), preview)

    print_only = []
    for article in visible:
        if not article.web:
            doomed.add(id(article))
            if article.consent_ok:
                print_only.append(article)
        if preview and getattr(article, "voces_status", None) in ("draft", "review"):
            article.preview_status = (
                getattr(article, "preview_status", None) or article.voces_status
            )
    for article in print_only:
        logger.info(
            "%s: solo impreso, no se publica en el sitio / print only, not on the website",
            display_path(article, settings),
        )
    remove(
        generator,
        doomed,
        ARTICLE_LISTS,
        settings.get("ARTICLE_TRANSLATION_ID"),
        settings.get("ARTICLE_ORDER_BY", "reversed-date"),
    )
    print_only.sort(key=lambda a: (getattr(a, "edition", None) or 0, a.date, a.slug))
    generator.context["print_only_articles"] = print_only


def apply_page_rules(generator):
    """page_generator_finalized: statuses and translations; consent when a page tells a
    person's story (``historia_personal: sí``) or says «consentimiento: no»."""
    _report_story_problems(generator)
    settings = generator.settings
    config, _problems = safety_settings(settings)  # reported once, by the articles
    preview = bool(settings.get("VOCES_PREVIEW"))
    fields = id_fields(settings.get("PAGE_TRANSLATION_ID"))
    doomed = _doomed_by_status(generator, PAGE_LISTS, fields, preview)
    visible = [p for p in all_items(generator, PAGE_LISTS) if id(p) not in doomed]
    _report_consent(_check_consent(generator, visible, config, preview), preview)
    for page in visible:
        if not page.web:
            doomed.add(id(page))  # pages are never printed: no web consent, no page
    if preview:
        for page in all_items(generator, PAGE_LISTS):
            if getattr(page, "voces_status", None) in ("draft", "review"):
                page.preview_status = getattr(page, "preview_status", None) or page.voces_status
    remove(
        generator,
        doomed,
        PAGE_LISTS,
        settings.get("PAGE_TRANSLATION_ID"),
        settings.get("PAGE_ORDER_BY", "basename"),
    )


# -- links to what is not published -------------------------------------------------------


def _written_items(generators):
    """Every article, translation and page that will be written, and the print-only
    stories that go on paper."""
    from pelican.generators import ArticlesGenerator, PagesGenerator

    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            yield from all_items(generator, ARTICLE_LISTS)
            yield from generator.context.get("print_only_articles") or []
        elif isinstance(generator, PagesGenerator):
            yield from all_items(generator, PAGE_LISTS)


def check_links(generators):
    """voces_content_ready (build_guard): every generator knows what it publishes by now.

    A ``{filename}`` link to an unpublished article or page, or any file link to a file
    that does not exist, stops a production build (a preview only warns).
    """
    if not generators:
        return
    settings = generators[0].settings
    context = generators[0].context
    report = logger.warning if settings.get("VOCES_PREVIEW") else logger.error
    seen = set()
    for item in _written_items(generators):
        if id(item) in seen:
            continue
        seen.add(id(item))
        for bad in bad_links(item, context, settings["PATH"]):
            shown = display_path(item, settings)
            target = display_path(os.path.join(settings["PATH"], bad.target), settings)
            if bad.problem == MISSING:
                report(
                    "%s: enlaza a «%s», pero %s no existe. Revise el nombre y la carpeta "
                    "(la ruta empieza en content/, p. ej. {filename}/salud/nota.md) o quite "
                    "el enlace. / links to '%s', but %s does not exist. Check the name and "
                    "folder (the path starts at content/, e.g. {filename}/salud/nota.md) "
                    "or remove the link.",
                    shown,
                    bad.link,
                    target,
                    bad.link,
                    target,
                )
            else:
                report(
                    "%s: enlaza a «%s» (%s), que no se publica (borrador, revisión, retirado"
                    " o solo impreso). Quite el enlace. / links to '%s' (%s), which is not "
                    "published (draft, review, withdrawn or print only). Remove the link.",
                    shown,
                    bad.link,
                    target,
                    bad.link,
                    target,
                )


def check_retired_slugs(generators):
    """voces_content_ready: nothing is written at an address withdrawn for good."""
    if generators:
        check_retired(list(_written_items(generators)), generators[0].settings)


def register():
    signals.article_generator_context.connect(remember_withdrawn_article)
    signals.page_generator_context.connect(remember_withdrawn_page)
    signals.article_generator_pretaxonomy.connect(apply_article_rules)
    signals.page_generator_finalized.connect(apply_page_rules)
    core_signals.content_ready.connect(check_links)
    core_signals.content_ready.connect(remember_hidden)
    core_signals.output_ready.connect(check_hidden_links)
    signals.finalized.connect(check_hidden_links_without_guard)
    core_signals.content_ready.connect(check_retired_slugs)
