"""Feeds show plain text as written.

The reader HTML-escapes plain-text metadata (so templates can print it safely), and
feedgenerator escapes XML itself: without this writer a pseudonym like «Flor & Luna»
would reach feed readers as «Flor &amp; Luna». Titles are already unescaped by
Pelican's own ``striptags``.
"""

from __future__ import annotations

import html

from pelican.writers import Writer


class _FeedItem:
    """An article as the feed sees it: author, section and tags unescaped."""

    def __init__(self, item):
        self._item = item

    def __getattr__(self, name):
        value = getattr(self._item, name)
        if name in ("author", "category"):
            return html.unescape(str(value))
        if name == "tags":
            return [html.unescape(str(tag)) for tag in value]
        return value


class PlainTextFeedWriter(Writer):
    def _add_item_to_the_feed(self, feed, item):
        return super()._add_item_to_the_feed(feed, _FeedItem(item))
