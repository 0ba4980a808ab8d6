"""The finished output, searched before it is published: what must never leave the machine.

Checks on the content as written can be fooled by what happens later (Pelican resolving
``{filename}`` links, WeasyPrint resolving relative links against a local folder, a
template printing a path). So once everything is written (``voces_output_ready``),
every file of the new site and every copy-shop PDF is searched for:

- ``file:`` URIs and absolute paths of the building machine (the project folder, the
  content, theme and cache folders, the home folder): on a laptop they carry the
  editor's user name, often her real name;
- resources from another host in pages and feeds, *after* every link was resolved
  (feed readers do not apply the site's CSP).

Any finding stops the build; the previous site stays as it was.
"""

from __future__ import annotations

import functools
import html
import logging
import os
import re
from pathlib import Path
from urllib.parse import unquote

from ..core.build_cache import file_key
from ..core.parallel import map_chunks
from .cache import output_cache
from .remote import remote_resources

logger = logging.getLogger(__name__)

FILE_URI = re.compile(r"\bfile:(?:/|\\\\)", re.IGNORECASE)
MARKUP = {".html", ".htm", ".xml", ".atom", ".rss", ".svg", ".xhtml"}
#: Folders too general to name anyone; a path under them is still searched for its own
#: (longer) name.
GENERIC = {"/", "/tmp", "/var/tmp", "/home", "/root", "/usr", "/var", "/srv", "/opt", "/mnt"}
MAX_REPORTED = 30
REFRESH = re.compile(r"""<meta\b[^>]*http-equiv\s*=\s*["']?\s*refresh""", re.IGNORECASE)


def machine_paths(settings) -> list[str]:
    """Absolute paths of the building machine that no output may contain."""
    candidates = {
        os.getcwd(),
        os.path.expanduser("~"),
        str(Path(__file__).resolve().parents[2]),  # the project (plugins/ lives in it)
    }
    for key in ("PATH", "THEME", "CACHE_PATH"):
        value = settings.get(key)
        if value:
            candidates.add(os.path.abspath(str(value)))
            candidates.add(os.path.dirname(os.path.abspath(str(value))))
    paths = set()
    for path in candidates:
        for variant in (path, os.path.realpath(path)):
            variant = variant.rstrip("/") or "/"
            if variant not in GENERIC and len(variant) > 4:
                paths.add(variant)
    return sorted(paths, key=len, reverse=True)


class _PathSearch:
    """The pattern of this machine's paths, tried only on a text that holds one of them.

    The pattern can match nowhere else, and a substring test is some 40 times cheaper
    than the pattern (a cold build reads ~50 MB of pages and images).
    """

    def __init__(self, paths: list[str], pattern: re.Pattern):
        self.paths = paths
        self.pattern = pattern

    def search(self, text: str):
        if not any(path in text for path in self.paths):
            return None
        return self.pattern.search(text)


def _path_pattern(paths: list[str]) -> _PathSearch | None:
    if not paths:
        return None
    alternatives = "|".join(re.escape(p) for p in paths)
    # Not inside a longer name or a URL path ("https://x.org/home/ana" is not a path
    # of this machine); followed by the end of a name.
    return _PathSearch(
        paths, re.compile(rf"(?<![\w.~-])(?:{alternatives})(?=$|[/\\\s\"'<>)#?&;,]|%2[fF])")
    )


def _file_uri(text: str):
    """``FILE_URI.search(text)``, tried only where "le:" is, in any case: "f", "i" may be
    other letters under IGNORECASE ("İ"), but "l", "e" and ":" are only themselves."""
    return FILE_URI.search(text) if "le:" in text.lower() else None


def texts_of(name: str, data: bytes) -> list[str]:
    """What a reader or a program can get out of one output file, as text."""
    suffix = Path(name.lower()).suffix
    if suffix == ".pdf":
        from ..core.pdf_strings import read_pdf

        try:
            found = read_pdf(data, pages=False)
        except Exception:  # unreadable PDFs are reported by the protected-terms check
            return [data.decode("latin-1")]
        return [*found.strings, *found.uris, *found.metadata, data.decode("latin-1")]
    text = data.decode("utf-8", errors="ignore")
    views = [text]
    if suffix in MARKUP or suffix in (".json", ".txt", ".css", ".js"):
        decoded = html.unescape(text)
        views.extend((decoded, unquote(decoded)))
    else:
        views.append(data.decode("latin-1"))
    return views


def problems_in(name: str, data: bytes, paths_re, site_url: str) -> list[tuple[str, str]]:
    """(es, en) descriptions of what ``data`` (the file ``name``) must not carry."""
    found = []
    views = texts_of(name, data)
    for view in views:
        match = _file_uri(view)
        if match:
            snippet = view[match.start() : match.start() + 60].split('"')[0].split("<")[0]
            found.append(
                (
                    f"tiene un enlace a un archivo local ({snippet})",
                    f"has a local file link ({snippet})",
                )
            )
            break
    if paths_re is not None:
        for view in views:
            match = paths_re.search(view)
            if match:
                found.append(
                    (
                        f"contiene una ruta de esta computadora ({match.group(0)})",
                        f"contains a path of this computer ({match.group(0)})",
                    )
                )
                break
    suffix = Path(name.lower()).suffix
    if suffix in MARKUP:
        # Feeds carry their entries' HTML escaped: read it as a feed reader will.
        text = views[0] if suffix in (".html", ".htm") else html.unescape(views[0])
        remote = remote_resources(text, site_url)
        if not REFRESH.search(text):
            # Only a refresh <meta> goes anywhere; a description quoting "url=" does not.
            remote = [(tag, url) for tag, url in remote if tag != "meta"]
        for tag, url in remote[:3]:
            found.append(
                (
                    f"carga <{tag}> de otro sitio web ({url})",
                    f"loads <{tag}> from another website ({url})",
                )
            )
    return found


def check_tree(root, settings, label_prefix: str = "", cache=None) -> list[str]:
    """Bilingual error lines for every file under ``root`` that carries what it must not.

    ``cache`` (``cache.output_cache``: keyed by the machine's paths, ``SITEURL`` and this
    plugin's code) remembers files found clean by the suffix of their name and the
    SHA-256 of their bytes; a file with a problem is searched again every time.
    """
    paths = machine_paths(settings)
    paths_re = _path_pattern(paths)
    site_url = str(settings.get("SITEURL") or "")
    if cache is not None:
        # Sorted: paths of equal length come out of a set in any order.
        cache = cache("\n".join(sorted(paths)), site_url)
    root = Path(root)
    to_check = []  # (name, path, cache key), in the order of the walk
    for directory, _dirs, files in sorted(os.walk(root)):
        for filename in sorted(files):
            path = Path(directory) / filename
            rel = path.relative_to(root).as_posix()
            key = None
            if cache is not None:
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                key = file_key(Path(rel.lower()).suffix, data)  # by suffix: see output_cache
                if cache.get(key):
                    continue
            to_check.append((rel, str(path), key))
    # PDFs here (their parse is shared with the protected-terms search), the rest on
    # every core (core.parallel).
    pdfs = [item for item in to_check if item[0].lower().endswith(".pdf")]
    others = [item for item in to_check if not item[0].lower().endswith(".pdf")]
    found = dict(_problems_of_files(pdfs, paths_re, site_url))
    found.update(map_chunks(_problems_of_files, others, paths_re, site_url))
    errors = []
    for rel, _path, key in to_check:
        problems = found.get(rel)
        if problems is None:  # could not be read
            continue
        for es, en in problems:
            errors.append(f"{label_prefix}{rel}: {es} / {en}")
        if key is not None and not problems:
            cache.put(key, True)
    if cache is not None:
        cache.save()
    return errors


def _problems_of_files(items, paths_re, site_url) -> list[tuple[str, list]]:
    """(name, problems) of each readable (name, path, key) in ``items``; run in a worker too."""
    results = []
    for rel, path, _key in items:
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue
        results.append((rel, problems_in(rel, data, paths_re, site_url)))
    return results


def _copy_shop_folder(settings):
    editions = settings.get("EDITIONS") or {}
    folder = editions.get("copy_shop_dir") if isinstance(editions, dict) else None
    return folder if folder and os.path.isdir(folder) else None


def check_output(pelican, output_path=None, **_ignored):
    """voces_output_ready: search the finished (not yet published) output."""
    settings = pelican.settings
    if settings.get("VOCES_PREVIEW"):
        return
    errors = check_tree(
        output_path or pelican.output_path,
        settings,
        cache=functools.partial(output_cache, settings),
    )
    shop = _copy_shop_folder(settings)
    if shop:
        errors.extend(check_tree(shop, settings, label_prefix=f"{shop}/"))
    for line in errors[:MAX_REPORTED]:
        logger.error("%s", line)
    if len(errors) > MAX_REPORTED:
        logger.error(
            "... y %d más / and %d more", len(errors) - MAX_REPORTED, len(errors) - MAX_REPORTED
        )
    if errors:
        logger.error(
            "No se publicó nada. Un enlace relativo en un artículo o una ruta escrita en el "
            "texto no debe nombrar esta computadora: use direcciones del sitio "
            "(/articulos/...) o quite la ruta; nada se carga de otros sitios. / Nothing was "
            "published. A relative link or a path typed in a text must not name this "
            "computer: use site addresses (/articulos/...) or remove the path; nothing is "
            "loaded from other websites."
        )


def check_output_without_guard(pelican):
    """finalized: only when build_guard is not running (it would have sent the signal)."""
    if getattr(pelican, "voces_guard", None) is None:
        check_output(pelican, output_path=pelican.output_path)
