"""Plain links to stories that are not on the web, in everything the build wrote.

``{filename}`` links are checked on the content (``links.py``); editors also write
plain links (``/articulos/slug/``, ``https://sitio/articulos/slug/``, ``../slug/``),
which the README tells them to use in editorials. A link to a withdrawn, draft or
print-only story keeps its address (which names it) on the site, in the feeds and in
the PDFs. So once every generator knows what it publishes (``voces_content_ready``),
the addresses of every article and page that is *not* written are remembered; when the
output is finished (``voces_output_ready``) every page, feed and PDF (copy-shop PDFs
included) is read, each link is resolved the way a browser would (relative to the file
it is in, with or without the site's address), and a link to one of those addresses,
or the address written out in the text, stops the build.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from ..core.build_cache import ResultCache, code_digest, file_key, fingerprint
from ..core.parallel import map_chunks

logger = logging.getLogger(__name__)

MARKUP = {".html", ".htm", ".xml", ".atom", ".rss", ".svg", ".xhtml", ".json", ".txt"}
LINK_ATTR = re.compile(
    r"""(?:href|src|xlink:href|action|poster|cite|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""",
    re.IGNORECASE,
)
FEEDS = {".xml", ".atom", ".rss"}
MAX_REPORTED = 30
#: The code that decides whether a file is clean: this plugin and the shared core
#: (``core.pdf_strings`` reads the PDFs), and the PDF library.
CODE = (Path(__file__).resolve().parent, Path(__file__).resolve().parents[1] / "core")
LIBRARIES = ("pypdf", "pikepdf", "pypdfium2")
CACHE_FOLDER = "hidden_links"

#: realpath of the staging output -> {address: source file of the story}
_HIDDEN: dict[str, dict[str, str]] = {}


def _url(pattern: str, slug: str, lang: str) -> str | None:
    try:
        url = pattern.format(slug=slug, lang=lang)
    except (KeyError, IndexError, ValueError):
        return None
    return normal_path(url)


def normal_path(path: str) -> str:
    """``/articulos/x/index.html`` -> ``articulos/x``: how two addresses are compared."""
    path = unquote(path).split("#")[0].split("?")[0]
    # Lower case: an address in capitals still names the story.
    path = re.sub(r"/+", "/", path).strip("/").lower()
    if path.endswith("index.html"):
        path = path[: -len("index.html")].rstrip("/")
    return path


def remember_hidden(generators) -> None:
    """voces_content_ready: the addresses of every article and page not written."""
    from pelican.generators import ArticlesGenerator, PagesGenerator

    from .removal import ARTICLE_LISTS, PAGE_LISTS, all_items

    if not generators:
        return
    settings = generators[0].settings
    if settings.get("VOCES_PREVIEW"):
        return
    default_lang = settings["DEFAULT_LANG"]
    written: set[str] = set()
    hidden: dict[str, str] = {}
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            lists, patterns = ARTICLE_LISTS, ("ARTICLE_URL", "ARTICLE_LANG_URL")
        elif isinstance(generator, PagesGenerator):
            lists, patterns = PAGE_LISTS, ("PAGE_URL", "PAGE_LANG_URL")
        else:
            continue
        for item in all_items(generator, lists[:1]):
            written.add(normal_path(str(getattr(item, "url", "") or "")))
        for record in getattr(generator, "voces_records", None) or []:
            if not record.slug:
                continue
            # Every address the story could have, in every language: "/en/articles/x/"
            # names it even when it has no English version.
            for key in patterns:
                for lang in {record.lang or default_lang, *settings.get("LANGUAGES", ())}:
                    url = _url(str(settings.get(key) or ""), record.slug, lang)
                    if url:
                        hidden.setdefault(url, record.source or record.slug)
    for url in written:
        hidden.pop(url, None)
    hidden.pop("", None)
    _HIDDEN[os.path.realpath(generators[0].output_path)] = hidden
    if settings.get("VOCES_CHECK_ONLY"):
        # A check (voces revisar) writes nothing: read the links in the content itself.
        for line in check_content(generators, hidden, _site_hosts(settings)):
            logger.error("%s", line)


def check_content(generators, hidden: dict[str, str], hosts) -> list[str]:
    """Links to hidden addresses in the HTML of what will be written, before writing:
    articles, pages, print-only stories and editorials, each from its own address."""
    from pelican.generators import ArticlesGenerator, PagesGenerator

    from .removal import ARTICLE_LISTS, PAGE_LISTS, all_items

    texts = []  # (label, address of the page it is shown on, html)
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            items = [
                *all_items(generator, ARTICLE_LISTS[:1]),
                *(generator.context.get("print_only_articles") or []),
            ]
        elif isinstance(generator, PagesGenerator):
            items = list(all_items(generator, PAGE_LISTS[:1]))
        else:
            continue
        for item in items:
            for html_text in (getattr(item, "_content", None), getattr(item, "_summary", None)):
                if isinstance(html_text, str):
                    texts.append((item.relative_source_path, str(item.url or ""), html_text))
    for edition in generators[0].context.get("editions") or []:
        for text in getattr(edition, "texts", {}).values():
            texts.append((text.source, f"ediciones/{edition.nn}/", str(text.editorial_html)))
    errors = []
    for label, url, html_text in texts:
        base = url.rstrip("/") + "/index.html" if url else "index.html"
        found = []
        for link in links_in("x.html", html_text.encode()):
            target = resolve(link, base, hosts)
            if target in hidden and target not in found:
                found.append(target)
        for target in found:
            errors.append(
                f"{label}: enlaza a /{target}/ ({hidden[target]}), una historia que no está "
                f"en el sitio (retirada, borrador, en revisión o solo impresa). Quite el "
                f"enlace. / links to /{target}/ ({hidden[target]}), a story that is not on "
                f"the site (withdrawn, draft, in review or print only). Remove the link."
            )
    return errors


def _site_hosts(settings) -> list[tuple[str, str]]:
    """(netloc, path prefix) of the addresses the site is known by (SITEURL, and the
    sample address the PDFs use while SITEURL is empty)."""
    bases = [str(settings.get("SITEURL") or "")]
    editions = settings.get("EDITIONS")
    if isinstance(editions, dict) and editions.get("placeholder_siteurl"):
        bases.append(str(editions["placeholder_siteurl"]))
    bases.append("https://voces.example.org")
    hosts = []
    for base in bases:
        parts = urlsplit(base)
        if parts.netloc:
            hosts.append((parts.netloc.lower(), parts.path.rstrip("/")))
    return hosts


def resolve(link: str, file_url: str, hosts) -> str | None:
    """The site path ``link`` leads to from the page at ``file_url``; None if elsewhere."""
    link = html.unescape(link).strip()
    if not link or link.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
        return None
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        for netloc, prefix in hosts:
            if parts.netloc.lower() == netloc and parts.path.startswith(prefix):
                return normal_path(parts.path[len(prefix) :])
        return None
    return normal_path(urljoin("/" + file_url, link))


def links_in(name: str, data: bytes) -> list[str]:
    suffix = PurePosixPath(name.lower()).suffix
    if suffix == ".pdf":
        from ..core.pdf_strings import read_pdf

        try:
            return read_pdf(data, pages=False).uris
        except Exception:  # unreadable PDFs are reported by the protected-terms check
            return []
    if suffix not in MARKUP:
        return []
    text = html.unescape(data.decode("utf-8", errors="ignore"))
    return [next(g for g in m.groups() if g is not None) for m in LINK_ATTR.finditer(text)]


def texts_of(name: str, data: bytes, pdf_text: bool = False) -> str:
    if pdf_text and PurePosixPath(name.lower()).suffix == ".pdf":
        # The printed text (slow to read: copy-shop PDFs only; the site's PDFs print
        # what its pages show, which are searched as HTML).
        from ..core.pdf_strings import page_joins, read_pdf

        try:
            pages = read_pdf(data).pages
        except Exception:  # unreadable PDFs are reported by the protected-terms check
            return ""
        return unquote("\n".join([*pages, *page_joins(pages)]))
    if PurePosixPath(name.lower()).suffix not in MARKUP:
        return ""
    return unquote(html.unescape(data.decode("utf-8", errors="ignore")))


def clean_files_cache(settings, hidden, hosts, pdf_text=False) -> ResultCache | None:
    """Files found clean (no link to, no mention of a hidden address), by name and
    SHA-256 of their bytes, for this set of hidden addresses, these site addresses
    (``SITEURL``...) and this code. A new hidden address (a story withdrawn) is another
    fingerprint: every file is read again. ``voces revisar`` reads, never writes."""
    cache_path = settings.get("CACHE_PATH")
    if not cache_path:
        return None
    # Sorted: the same addresses in another order must give the same fingerprint.
    addresses = json.dumps([sorted(hidden), sorted(hosts), bool(pdf_text)], ensure_ascii=False)
    return ResultCache(
        os.path.join(cache_path, CACHE_FOLDER),
        "imprenta" if pdf_text else "sitio",
        fingerprint(
            hashlib.sha256(addresses.encode("utf-8")).hexdigest(),
            code_digest(CODE, LIBRARIES),
            "hidden_links/1",
        ),
        keep=2,
        writable=not settings.get("VOCES_CHECK_ONLY"),
    )


def find_in_tree(
    root, hidden: dict[str, str], hosts, label_prefix="", pdf_text=False, cache=None
) -> list[str]:
    """Error lines for every link to (or mention of) a hidden address under ``root``.

    ``cache`` (see ``clean_files_cache``) remembers files found clean by name and
    SHA-256 of their bytes: an unchanged clean file is not read again. A file with a
    finding is never remembered, so it is reported on every build. PDFs are read here
    (their parse is shared with the other checks), pages and feeds on every core.
    """
    if not hidden:
        return []
    to_read = []  # (name, path, cache key), in the order of the walk
    root = Path(root)
    for directory, _dirs, files in sorted(os.walk(root)):
        folder = Path(directory).relative_to(root).as_posix()
        for filename in sorted(files):
            rel = filename if folder == "." else f"{folder}/{filename}"
            suffix = PurePosixPath(filename.lower()).suffix
            if suffix not in MARKUP and suffix != ".pdf":
                continue  # no link and no text is read from it (images, fonts, sound)
            path = os.path.join(directory, filename)
            key = None
            if cache is not None:
                with open(path, "rb") as handle:
                    key = file_key(rel, handle.read())
                if cache.get(key):
                    continue
            to_read.append((rel, path, key))
    pdfs = [item for item in to_read if item[0].lower().endswith(".pdf")]
    others = [item for item in to_read if not item[0].lower().endswith(".pdf")]
    # An address written out in the text ("voces.org/articulos/x/"): only addresses with
    # a folder in them; a page's bare slug is an ordinary word. Compiled once (~0.1 s
    # with hundreds of addresses) and handed to the workers.
    spelled = sorted(url for url in hidden if "/" in url)
    mention = (
        re.compile(
            r"(?<![\w-])/?(" + "|".join(map(re.escape, spelled)) + r")(?![\w-])",
            re.IGNORECASE,
        )
        if spelled and to_read
        else None
    )
    found = dict(_hidden_targets(pdfs, hidden, hosts, pdf_text, mention))
    found.update(map_chunks(_hidden_targets, others, hidden, hosts, pdf_text, mention))
    errors = []
    for rel, _path, key in to_read:
        targets = found[rel]
        if key is not None and not targets:
            cache.put(key, True)
        for target in targets:
            errors.append(
                f"{label_prefix}{rel}: enlaza a /{target}/ ({hidden[target]}), una historia "
                f"que no está en el sitio (retirada, borrador, en revisión o solo impresa): "
                f"su dirección la nombra. Quite el enlace del artículo, la página o el "
                f"editorial. / links to /{target}/ ({hidden[target]}), a story that is not "
                f"on the site (withdrawn, draft, in review or print only): its address "
                f"names it. Remove the link from the article, page or editorial."
            )
    if cache is not None:
        cache.save()
    return errors


def _hidden_targets(items, hidden, hosts, pdf_text, mention) -> list[tuple[str, list[str]]]:
    """(name, hidden addresses it links to or spells out) of each (name, path, key) in
    ``items``; run in a worker too."""
    results = []
    # Most links are the same on every page (menus, sections, the site's own address)
    # and absolute: where they lead does not depend on the page. Resolved once each.
    absolute = {}

    def where(link, base):
        if not link.startswith(("/", "http://", "https://")):
            return resolve(link, base, hosts)
        if link not in absolute:
            absolute[link] = resolve(link, base, hosts)
        return absolute[link]

    for rel, path, _key in items:
        with open(path, "rb") as handle:
            data = handle.read()
        found = []
        links = links_in(rel, data)
        bases = [rel]
        if PurePosixPath(rel).suffix in FEEDS:
            # A feed reader resolves an entry's relative links against the entry's
            # own address (its <link>), not against the feed file.
            bases += [
                p + "/index.html" for p in {where(link, rel) for link in links} if p is not None
            ]
        for link in links:
            for base in bases:
                target = where(link, base)
                if target in hidden and target not in found:
                    found.append(target)
        for match in mention.finditer(texts_of(rel, data, pdf_text)) if mention else ():
            if match.group(1).lower() not in found:
                found.append(match.group(1).lower())
        results.append((rel, found))
    return results


def check_output(pelican, output_path=None, **_ignored) -> None:
    """voces_output_ready: no page, feed or PDF links to a story that is not on the web."""
    settings = pelican.settings
    if settings.get("VOCES_PREVIEW"):
        return
    staging = output_path or pelican.output_path
    hidden = _HIDDEN.pop(os.path.realpath(staging), None)
    if not hidden:
        return
    hosts = _site_hosts(settings)
    errors = find_in_tree(staging, hidden, hosts, cache=clean_files_cache(settings, hidden, hosts))
    editions = settings.get("EDITIONS")
    shop = editions.get("copy_shop_dir") if isinstance(editions, dict) else None
    if shop and os.path.isdir(shop):
        errors.extend(
            find_in_tree(
                shop,
                hidden,
                hosts,
                label_prefix=f"{shop}/",
                pdf_text=True,
                cache=clean_files_cache(settings, hidden, hosts, pdf_text=True),
            )
        )
    for line in errors[:MAX_REPORTED]:
        logger.error("%s", line)
    if len(errors) > MAX_REPORTED:
        more = len(errors) - MAX_REPORTED
        logger.error("... y %d más / and %d more", more, more)


def check_output_without_guard(pelican) -> None:
    if getattr(pelican, "voces_guard", None) is None:
        check_output(pelican, output_path=pelican.output_path)
