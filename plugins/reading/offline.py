"""Offline reading: ``/sw.js`` (the worker), ``/retiradas.json`` (SHA-256 of the
addresses of withdrawn stories, never the addresses) and ``/manifest.webmanifest``
(a neutral name and icon), written into the output by :class:`OfflineGenerator`."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from pelican.generators import Generator
from pelican.utils import slugify

from .config import merge

HERE = Path(__file__).parent
WITHDRAWN_KEY = "VOCES_WITHDRAWN_PATHS"


def site_path(settings) -> str:
    """The path part of SITEURL ("" or "/voces-sitio"), without a trailing slash."""
    url = settings.get("SITEURL", "") or ""
    if "://" in url:
        url = "/" + url.split("://", 1)[1].partition("/")[2]
    return url.rstrip("/")


def remember_withdrawn(generator, metadata):
    """Pelican's *_generator_context: a withdrawn story's address (as a path)."""
    if metadata.get("voces_status") != "withdrawn":
        return
    settings = generator.settings
    slug = metadata.get("slug") or slugify(
        str(metadata.get("title", "")),
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
    )
    lang = metadata.get("lang") or settings.get("DEFAULT_LANG", "es")
    page = "template" in metadata or generator.__class__.__name__ == "PagesGenerator"
    kind = "PAGE" if page else "ARTICLE"
    pattern = settings[
        f"{kind}_URL" if lang == settings.get("DEFAULT_LANG") else f"{kind}_LANG_URL"
    ]
    path = f"{site_path(settings)}/{pattern.format(slug=slug, lang=lang)}"
    generator.context.setdefault(WITHDRAWN_KEY, set()).add(path)


def digest(path: str) -> str:
    return hashlib.sha256(path.encode("utf-8")).hexdigest()


class OfflineGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        cfg = merge(self.settings)[0]
        out = Path(self.output_path)
        base = site_path(self.settings)
        withdrawn = sorted(digest(p) for p in self.context.get(WITHDRAWN_KEY, set()))
        (out / "retiradas.json").write_text(
            json.dumps({"hashes": withdrawn}, separators=(",", ":")), encoding="utf-8"
        )
        if not cfg["offline"]:
            return
        core = [f"{base}/"]
        for page in self.context.get("pages", []):
            if page.slug in cfg["offline_pages"]:
                core.append(f"{base}/{page.url}")  # other languages: kept once opened
        core += [f"{base}/theme/css/site.css", f"{base}/theme/js/quick-exit.js"]
        text = (HERE / "sw.js").read_text(encoding="utf-8")
        version = hashlib.sha256(
            (text + json.dumps(core) + json.dumps(withdrawn)).encode()
        ).hexdigest()[:12]
        text = (
            text.replace("__VERSION__", version)
            .replace("__CORE__", json.dumps(core))
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
