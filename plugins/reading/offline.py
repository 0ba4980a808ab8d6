"""Offline reading: ``/sw.js`` (the worker), ``/retiradas.json`` (SHA-256 of the
addresses of withdrawn stories, never the addresses) and ``/manifest.webmanifest``
(a neutral name and icon), written into the output by :class:`OfflineGenerator`."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from pelican.generators import Generator
from pelican.utils import slugify

from ..core.retired import read_retired
from .config import merge

HERE = Path(__file__).parent
WITHDRAWN_KEY = "VOCES_WITHDRAWN_SLUGS"


def site_path(settings) -> str:
    """The path part of SITEURL ("" or "/voces-sitio"), without a trailing slash."""
    url = settings.get("SITEURL", "") or ""
    if "://" in url:
        url = "/" + url.split("://", 1)[1].partition("/")[2]
    return url.rstrip("/")


def remember_withdrawn(generator, metadata):
    """Pelican's *_generator_context: the slug of a withdrawn story.

    A whole story is withdrawn when any of its files is (publication_rules), so every
    address the slug could have had is listed: the article and the page, in every
    language (a translation that still says «published» is not on the site either).
    """
    if metadata.get("voces_status") != "withdrawn":
        return
    settings = generator.settings
    slug = metadata.get("slug") or slugify(
        str(metadata.get("title", "")),
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
    )
    generator.context.setdefault(WITHDRAWN_KEY, set()).add(str(slug))


def retired_slugs(settings) -> set[str]:
    """Slugs of stories deleted for good (``content/retiradas.toml``, written by
    ``voces retirar SLUG --borrar``). publication_rules reports a broken file."""
    try:
        return set(read_retired(settings.get("PATH") or "."))
    except (OSError, ValueError):  # TOMLDecodeError is a ValueError
        return set()


def withdrawn_paths(settings, slugs) -> set[str]:
    """Every address (article or page, every language) a withdrawn slug could have had."""
    default = settings.get("DEFAULT_LANG", "es")
    langs = set(settings.get("LANGUAGES") or ()) | {default, "en"}
    paths = set()
    for slug in slugs:
        for lang in langs:
            for kind in ("ARTICLE", "PAGE"):
                key = f"{kind}_URL" if lang == default else f"{kind}_LANG_URL"
                pattern = settings.get(key)
                if pattern:
                    path = pattern.format(slug=slug, lang=lang)
                    paths.add(f"{site_path(settings)}/{path}")
    return paths


def without_comments(script: str) -> str:
    """sw.js as phones get it: its comments (for the people who maintain it) are not
    downloaded on every first visit. Only ``/* ... */`` blocks and ``//`` comments that
    start a line or follow code after a space go; sw.js keeps ``//`` and ``/*`` out of
    its strings and regular expressions for that."""
    script = re.sub(r"/\*.*?\*/", "", script, flags=re.S)
    lines = (re.sub(r"(^|\s)//\s.*$", "", line).rstrip() for line in script.splitlines())
    return "\n".join(line for line in lines if line.strip()) + "\n"


def theme_digest(settings) -> bytes:
    """SHA-256 of the theme's static files (names and bytes). The worker serves /theme/
    from its own cache, versioned by this: an edited quick-exit.js or style sheet
    reaches the phones that kept the old one at the next build."""
    hashed = hashlib.sha256()
    static = Path(settings["THEME"])
    for folder in settings.get("THEME_STATIC_PATHS", ["static"]):
        root = static / folder
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            hashed.update(path.relative_to(root).as_posix().encode() + b"\0")
            hashed.update(hashlib.sha256(path.read_bytes()).digest())
    return hashed.digest()


def digest(path: str) -> str:
    return hashlib.sha256(path.encode("utf-8")).hexdigest()


class OfflineGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        cfg = merge(self.settings)[0]
        out = Path(self.output_path)
        base = site_path(self.settings)
        slugs = set(self.context.get(WITHDRAWN_KEY, set())) | retired_slugs(self.settings)
        # An address this build writes (a page sharing a withdrawn article's slug) stays.
        live = {
            f"{base}/{item.url}"
            for name in ("articles", "translations", "pages", "hidden_pages")
            for content in self.context.get(name, []) or []
            for item in [content, *getattr(content, "translations", [])]
        }
        withdrawn = sorted(digest(p) for p in withdrawn_paths(self.settings, slugs) - live)
        (out / "retiradas.json").write_text(
            json.dumps({"hashes": withdrawn}, separators=(",", ":")), encoding="utf-8"
        )
        if not cfg["offline"]:
            return
        # Most useful first: the pages in offline_pages (directory, then safety page),
        # then home. The worker keeps one of them per page view from the reader's
        # second page on (sw.js keepCore), all of them when she taps "Guardar".
        found = {p.slug: f"{base}/{p.url}" for p in self.context.get("pages", [])}
        core = [found[s] for s in cfg["offline_pages"] if s in found]  # other languages:
        core.append(f"{base}/")  # kept once opened
        assets = [
            f"{base}/theme/css/site.css",
            f"{base}/theme/js/quick-exit.js",
            f"{base}/theme/icons/iconos.svg",
        ]
        text = without_comments((HERE / "sw.js").read_text(encoding="utf-8"))
        version = hashlib.sha256(
            (text + json.dumps(core + assets) + json.dumps(withdrawn)).encode()
            + theme_digest(self.settings)
        ).hexdigest()[:12]
        text = (
            text.replace("__VERSION__", version)
            .replace("__CORE__", json.dumps(core))
            .replace("__HOME__", json.dumps(f"{base}/"))
            .replace("__ASSETS__", json.dumps(assets))
            .replace("__WITHDRAWN__", f"{base}/retiradas.json")
        )
        (out / "sw.js").write_text(text, encoding="utf-8")
        for size in (192, 512):
            shutil.copyfile(HERE / f"icono-{size}.png", out / f"icono-{size}.png")
        manifest = {
            "name": cfg["app_name"],
            "short_name": cfg["app_name"],
            "start_url": f"{base}/",
            "scope": f"{base}/",
            "display": "standalone",
            "background_color": "#fbf8f2",
            "theme_color": "#fbf8f2",
            "icons": [
                {"src": f"{base}/icono-{s}.png", "sizes": f"{s}x{s}", "type": "image/png"}
                for s in (192, 512)
            ],
        }
        (out / "manifest.webmanifest").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
