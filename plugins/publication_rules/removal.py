"""Take content out of a generator's lists so that nothing downstream sees it.

Pelican keeps content in several lists per generator (originals, translations,
drafts, hidden) plus ``context["generated_content"]`` (for ``{filename}`` links) and
``context["static_links"]`` (files copied because content links to them). Removing a
story means removing it from all of them and recomputing who translates whom, so that
no surviving page links to a removed translation.
"""

from __future__ import annotations

from pelican.utils import order_content, process_translations

#: (originals, translations) list pairs of each generator.
ARTICLE_LISTS = (
    ("articles", "translations"),
    ("drafts", "drafts_translations"),
    ("hidden_articles", "hidden_translations"),
)
PAGE_LISTS = (
    ("pages", "translations"),
    ("draft_pages", "draft_translations"),
    ("hidden_pages", "hidden_translations"),
)


def id_fields(translation_id) -> tuple[str, ...]:
    """The attribute names Pelican groups translations by (ARTICLE_TRANSLATION_ID...)."""
    if not translation_id:
        return ()
    if isinstance(translation_id, str):
        return (translation_id,)
    return tuple(sorted(translation_id))


def key_of_metadata(metadata, fields) -> tuple | None:
    if not fields:
        return None
    return tuple((name, str(metadata.get(name))) for name in fields)


def key_of_content(content, fields) -> tuple | None:
    if not fields:
        return None
    return tuple((name, str(getattr(content, name, None))) for name in fields)


def all_items(generator, pairs):
    for originals, translations in pairs:
        yield from getattr(generator, originals, [])
        yield from getattr(generator, translations, [])


def remove(generator, doomed: set, pairs, translation_id, order_by):
    """Drop ``doomed`` (a set of id() of content objects) from every list of ``generator``.

    Lists are changed in place: the pages generator has already put them in the
    context when its ``finalized`` signal fires.
    """
    if not doomed:
        return
    removed = [item for item in all_items(generator, pairs) if id(item) in doomed]
    for originals_name, translations_name in pairs:
        survivors = [
            item
            for item in chain_lists(generator, originals_name, translations_name)
            if id(item) not in doomed
        ]
        originals, translations = process_translations(survivors, translation_id)
        originals = order_content(originals, order_by)
        _replace(generator, originals_name, originals)
        _replace(generator, translations_name, translations)

    context = generator.context
    generated = context.get("generated_content", {})
    for location in [loc for loc, item in generated.items() if id(item) in doomed]:
        del generated[location]

    kept_links = set()
    for item in all_items(generator, pairs):
        kept_links |= item.get_static_links()
    for name in ("articles", "pages"):
        for item in context.get(name) or []:
            if id(item) not in doomed:
                kept_links |= item.get_static_links()
                for other in getattr(item, "translations", []):
                    kept_links |= other.get_static_links()
    dropped_links = set()
    for item in removed:
        dropped_links |= item.get_static_links()
    static_links = context.get("static_links")
    if static_links is not None:
        static_links -= dropped_links - kept_links


def chain_lists(generator, *names):
    items = []
    for name in names:
        items.extend(getattr(generator, name, []) or [])
    return items


def _replace(generator, name, new_items):
    current = getattr(generator, name, None)
    if isinstance(current, list):
        current[:] = new_items
    else:
        setattr(generator, name, list(new_items))
