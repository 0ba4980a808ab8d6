"""sitemap: ``sitemap.xml`` listing exactly the pages this build published.

It is made from the finished output tree (build_guard's ``voces_output_complete``),
not from the content lists, so it can never name a page that was not written: a
withdrawn story, a draft or a print-only story is simply not there.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from pathlib import Path

from ..core import signals as core_signals

logger = logging.getLogger(__name__)

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: Pages that are not for search engines: the error page and the printable editions.
SKIP_NAMES = {"404.html"}
SKIP_PARTS = {"imprimir", "print"}


def page_urls(root: Path, siteurl: str) -> list[str]:
    urls = []
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root)
        if rel.name in SKIP_NAMES or SKIP_PARTS.intersection(rel.parts[:-1]):
            continue
        if rel.name == "index.html":
            rel_url = "/".join(rel.parts[:-1])
            rel_url = f"{rel_url}/" if rel_url else ""
        else:
            rel_url = rel.as_posix()
        urls.append(f"{siteurl}/{rel_url}")
    return urls


def write_sitemap(sender, output_path, **kwargs):
    settings = getattr(sender, "settings", {})
    root = Path(output_path)
    urlset = ET.Element("urlset", xmlns=NAMESPACE)
    for url in page_urls(root, settings.get("SITEURL", "")):
        ET.SubElement(ET.SubElement(urlset, "url"), "loc").text = url
    tree = ET.ElementTree(urlset)
    ET.indent(tree)
    tree.write(root / "sitemap.xml", encoding="utf-8", xml_declaration=True)
    logger.info("sitemap.xml: %d páginas / pages", len(urlset))


def register():
    core_signals.output_complete.connect(write_sitemap)
