"""topics: the topic index (``temas/``, ``en/topics/``): every tag of the published
stories, grouped with everyday words and an icon, with how many stories each has.

Groups come from a small data file (``grupos.toml`` here, or ``TOPICS['groups_file']``);
a tag not in it is shown under "Otros temas / Other topics", never left out.
"""

from __future__ import annotations

import logging
import tomllib
import unicodedata
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from ..core.errors import VocesError, report
from ..core.settings import merge

logger = logging.getLogger(__name__)

NAME = "TOPICS"
DEFAULTS = {
    "groups_file": None,  # None: plugins/topics/grupos.toml
    "save_as": {"es": "temas/index.html", "en": "en/topics/index.html"},
    "url": {"es": "temas/", "en": "en/topics/"},
}
GROUPS_FILE = Path(__file__).with_name("grupos.toml")
OTHER = {"id": "otros", "es": "Otros temas", "en": "Other topics", "icono": "etiqueta"}


def fold(text: str) -> str:
    """Lower case without accents: "Trámites" and "tramites" are the same tag."""
    text = unicodedata.normalize("NFKD", str(text).strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def load_groups(path: Path) -> list[dict]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise VocesError(
            str(path),
            "grupos",
            f"no se pudo leer el archivo de temas ({exc}). Revise el formato TOML.",
            f"the topics file could not be read ({exc}). Check its TOML format.",
        ) from exc
    groups = []
    for number, group in enumerate(data.get("grupos", []), start=1):
        missing = [k for k in ("id", "es", "en", "etiquetas") if not group.get(k)]
        if missing:
            raise VocesError(
                str(path),
                f"grupos #{number}",
                f"faltan los campos {', '.join(missing)}.",
                f"the fields {', '.join(missing)} are missing.",
            )
        groups.append({**group, "folded": {fold(t) for t in group["etiquetas"]}})
    return groups


def topic_index(articles, groups, lang: str, tag_url) -> list[dict]:
    """[{"id", "name", "icon", "tags": [{"name", "url", "count"}]}], groups with tags only;
    tags by most stories first, then by name."""
    counts: dict = {}
    for article in articles:
        for tag in getattr(article, "tags", []) or []:
            counts[tag] = counts.get(tag, 0) + 1
    found = {g["id"]: [] for g in groups}
    found[OTHER["id"]] = []
    for tag, count in counts.items():
        key = next((g["id"] for g in groups if fold(tag.name) in g["folded"]), OTHER["id"])
        found[key].append({"name": tag.name, "url": tag_url(tag), "count": count})
    index = []
    for group in [*groups, OTHER]:
        tags = sorted(found[group["id"]], key=lambda t: (-t["count"], fold(t["name"])))
        if tags:
            index.append(
                {
                    "id": group["id"],
                    "name": group[lang],
                    "icon": group.get("icono", "etiqueta"),
                    "tags": tags,
                    "count": sum(t["count"] for t in tags),
                }
            )
    return index


def config(settings) -> dict:
    return merge(settings, NAME, DEFAULTS, example='{"groups_file": "temas.toml"}')[0]


class TopicsGenerator(Generator):
    """Writes the topic index in every language."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        cfg = config(self.settings)
        path = Path(cfg["groups_file"]) if cfg["groups_file"] else GROUPS_FILE
        try:
            groups = load_groups(path)
        except VocesError as error:
            report(error)
            return
        default = self.settings.get("DEFAULT_LANG", "es")
        articles = self.context.get("articles", [])
        site = self.settings.get("SITEURL", "")
        for lang in self.settings.get("LANGUAGES", ("es", "en")):
            if lang not in cfg["save_as"]:
                continue
            if lang == default:
                stories = [a for a in articles if a.lang == default]

                def tag_url(tag):
                    return f"{site}/{tag.url}"
            else:
                found = {
                    id(c): c
                    for a in articles
                    for c in [a, *getattr(a, "translations", [])]
                    if c.lang == lang
                }
                stories = list(found.values())

                def tag_url(tag, lang=lang):
                    return f"{site}/{lang}/tags/{tag.slug}/"

            others = [
                {"lang": other, "url": cfg["url"][other]} for other in cfg["url"] if other != lang
            ]
            writer.write_file(
                cfg["save_as"][lang],
                self.get_template("topics"),
                self.context,
                topics=topic_index(stories, groups, lang, tag_url),
                lang_override=None if lang == default else lang,
                page_name=cfg["save_as"][lang].removesuffix("/index.html"),
                url=cfg["url"][lang],
                alternates=others,
            )


def check_settings(pelican):
    for problem in merge(pelican.settings, NAME, DEFAULTS)[1]:
        report(problem)


def add_url(generator):
    generator.context["VOCES_TOPICS_URL"] = config(generator.settings)["url"]


def get_generators(pelican):
    return TopicsGenerator


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_url)
    signals.get_generators.connect(get_generators)
