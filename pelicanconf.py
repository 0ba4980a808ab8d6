"""Ajustes del sitio para escribir y previsualizar / Site settings for writing and previewing.

Plain constants, and one value from the environment (``VOCES_CACHE``, where the caches
live). Production overrides live in ``publishconf.py``.
Each plugin reads one dict setting (``IMAGES``, ``EDITIONS``, ``SAFETY``...);
its defaults live in the plugin itself.
"""

import os

SITENAME = "Voces"
SITESUBTITLE = "Periódico de mujeres migrantes en Tapachula"
SITESUBTITLE_EN = "Newspaper of migrant women in Tapachula"
SITEURL = ""
ASSOCIATION = "Colectiva Voces del Sur"  # sample name of the association

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "America/Mexico_City"
DEFAULT_LANG = "es"
LANGUAGES = ("es", "en")
DEFAULT_DATE_FORMAT = "%d/%m/%Y"
LOCALE = ("C.UTF-8",)

# --- Content layout -------------------------------------------------------
# One folder per section under content/. Pages live in content/paginas/,
# drawings in content/dibujos/, editions in content/ediciones/.
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["paginas", "ediciones", "dibujos", "audio"]
PAGE_PATHS = ["paginas"]
PAGE_EXCLUDES = []
# Originals are never copied as they are: the images plugin re-encodes them.
STATIC_PATHS = []
IGNORE_FILES = [".#*", "*~", "README*", "LEEME*"]
USE_FOLDER_AS_CATEGORY = True
DEFAULT_CATEGORY = "comunidad"
SLUGIFY_SOURCE = "title"
READERS = {"html": None, "htm": None, "rst": None}

# Sections: slug (folder name) -> names and descriptions in both languages.
SECTIONS = {
    "testimonios": {
        "es": {
            "name": "Testimonios",
            "description": "Historias contadas por nosotras mismas, con seudónimo.",
        },
        "en": {
            "name": "Testimonies",
            "slug": "testimonies",
            "description": "Stories told by ourselves, under pseudonyms.",
        },
        "icon": "voz",
    },
    "prevencion-de-la-trata": {
        "es": {
            "name": "Prevención de la trata",
            "description": "Cómo reconocer el engaño, pedir ayuda y cuidarnos entre todas.",
        },
        "en": {
            "name": "Trafficking prevention",
            "slug": "trafficking-prevention",
            "description": "How to recognise deception, ask for help and look after each other.",
        },
        "icon": "escudo",
    },
    "salud": {
        "es": {
            "name": "Salud",
            "description": "Salud sexual y reproductiva, VIH y cuidados, explicados por promotoras.",
        },
        "en": {
            "name": "Health",
            "slug": "health",
            "description": "Sexual and reproductive health, HIV and care, explained by health promoters.",
        },
        "icon": "salud",
    },
    "derechos": {
        "es": {
            "name": "Derechos",
            "description": "Nuestros derechos como migrantes y como trabajadoras.",
        },
        "en": {
            "name": "Rights",
            "slug": "rights",
            "description": "Our rights as migrants and as workers.",
        },
        "icon": "balanza",
    },
    "comunidad": {
        "es": {
            "name": "Comunidad",
            "description": "La vida de la colectiva, encuentros y noticias.",
        },
        "en": {
            "name": "Community",
            "slug": "community",
            "description": "The life of the collective, gatherings and news.",
        },
        "icon": "manos",
    },
}

# --- URLs --------------------------------------------------------------------
ARTICLE_URL = "articulos/{slug}/"
ARTICLE_SAVE_AS = "articulos/{slug}/index.html"
ARTICLE_LANG_URL = "en/articles/{slug}/"
ARTICLE_LANG_SAVE_AS = "en/articles/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "en/{slug}/"
PAGE_LANG_SAVE_AS = "en/{slug}/index.html"
CATEGORY_URL = "secciones/{slug}/"
CATEGORY_SAVE_AS = "secciones/{slug}/index.html"
CATEGORIES_SAVE_AS = ""
TAG_URL = "etiquetas/{slug}/"
TAG_SAVE_AS = "etiquetas/{slug}/index.html"
TAGS_SAVE_AS = ""
ARCHIVES_URL = "archivo/"
ARCHIVES_SAVE_AS = "archivo/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
# No author pages, no author feeds: they would link one woman's stories together.
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
AUTHOR_URL = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "archives", "404", "texto"]
# /texto/: the front page in text only, for a weak signal (no drawing, font or stylesheet).
TEXTO_SAVE_AS = "texto/index.html"
INDEX_SAVE_AS = "index.html"
# Listings never grow past 30 stories a page (a phone screen shows ~5): sections, topics
# and the archive. The front page shows the newest of each section, not a list.
PAGINATED_TEMPLATES = {"tag": None, "category": None, "archives": None}
DEFAULT_PAGINATION = 30
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/pagina/{number}/", "{base_name}/pagina/{number}/index.html"),
)

# --- Feeds (Atom, per section and per language; never per author) --------
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/todos.atom.xml"
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = "feeds/secciones/{slug}.atom.xml"
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = "feeds/todos-{lang}.atom.xml"
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
RSS_FEED_SUMMARY_ONLY = True
# Local builds have no SITEURL; `voces publicar` reminds editors to set VOCES_SITEURL.
LOG_FILTER = [(30, "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid")]
FEED_MAX_ITEMS = 30

# --- Markdown and typography --------------------------------------------------
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {
            # Spanish quotes: «comillas latinas», no English curly-quote rules.
            "substitutions": {
                "left-double-quote": "&laquo;",
                "right-double-quote": "&raquo;",
            },
        },
    },
    "output_format": "html",
}
TYPOGRIFY = True
# Spanish: Markdown's smarty extension writes «comillas latinas»; typogrify keeps
# widont (no lone last word) and &amp; but drops the English-only rules: SmartyPants
# (English curly quotes), caps (small caps for VIH, COMAR...) and initial_quotes.
TYPOGRIFY_OMIT_FILTERS = ["smartypants", "caps", "initial_quotes"]
TYPOGRIFY_IGNORE_TAGS = ["pre", "code", "kbd", "script", "style", "title"]
SUMMARY_MAX_LENGTH = 40

# Jinja: gettext for interface strings (catalogs in theme/translations/).
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": ["jinja2.ext.i18n"],
    # Templates do not change during a build (each build makes a new environment):
    # no stat() of every template on every include of every page.
    "auto_reload": False,
}

# --- Caching: hash, not mtime (mtimes are meaningless on a fresh clone) --------
# Pelican's own content cache stays off: it is keyed by the file alone, so a preview's
# reading of a story in review would reach a production build. The content_cache
# plugin keys each file by its bytes, every setting and the reader's code instead.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CHECK_MODIFIED_METHOD = "sha256"
# Every cache lives in VOCES_CACHE (default .cache/ in the project folder, git-ignored);
# the environment variable of that name moves them all at once.
VOCES_CACHE = os.environ.get("VOCES_CACHE") or ".cache"
CACHE_PATH = os.path.join(VOCES_CACHE, "pelican")

# --- Plugins: one folder per capability in plugins/ -------------------------
# Installed as the package voces_plugins (pyproject.toml); one folder per capability.
PLUGINS = [
    "voces_plugins.build_guard",  # any error stops the build before anything is written
    "voces_plugins.content_model",  # Spanish metadata keys, sections, statuses, validation
    "voces_plugins.content_cache",  # each file read (Markdown, Typogrify) once, keyed by hash
    "voces_plugins.bilingual",  # gettext interface strings, English listings and feeds
    "voces_plugins.directory",  # the resource directory from content/directorio.toml
    "voces_plugins.publication_rules",  # consent, scope, withdrawal, preview marking
    "voces_plugins.sanitize",  # raw HTML allow-list, no resources from other hosts
    "voces_plugins.images",  # metadata-free, light, responsive drawings; gallery
    "voces_plugins.audio",  # metadata-free recordings, transcripts, narration, listen page
    "voces_plugins.editions",  # numbered issues, printable PDFs
    "voces_plugins.sitemap",  # sitemap.xml of exactly what was written
    "voces_plugins.reading",  # quick exit that keeps its word, offline, sharing
    "voces_plugins.topics",  # topic index: tags grouped in everyday words, with counts
    "voces_plugins.search",  # search page and its Pagefind index, one per language
    "voces_plugins.protected_terms",  # words that must never be published
]

# Preview builds (voces serve) may show drafts and stories in review, marked.
VOCES_PREVIEW = False

IMAGES = {}
# Recordings in content/audio/; defaults in plugins/audio/config.py (max_minutes: 30...).
AUDIO = {}
EDITIONS = {
    "paper": "letter",  # Carta, the paper of Mexican copy shops; or "a4"
    "booklet_variant": "bw",  # the booklet is made from the black-and-white PDF
    "booklet_sheet": "double",  # two pages side by side on a double-size sheet
    # QR codes need an absolute address: used while SITEURL is empty (marked as example)
    "placeholder_siteurl": "https://voces.example.org",
    "contact_entry": "colectiva",  # directory entry printed as "Cómo encontrarnos"
}
SAFETY = {
    # Sections whose every story needs consent metadata (plus any `historia_personal: sí`).
    "consent_sections": ["testimonios"],
    # Protected terms (real names, bars, streets, phones): a file OUTSIDE the repository,
    # or set the environment variable VOCES_PROTECTED_TERMS. See docs/terminos-protegidos.md.
    "protected_terms_file": None,
}

# What the site does for readers on their phones; defaults in plugins/reading/config.py
# (replace_history: links inside the site replace the history entry, so after
# "Salir rápido" Back never shows a Voces page).
READING = {}

# Quick exit target: a neutral page (see docs/seguridad-del-sitio.md).
QUICK_EXIT_URL = "https://www.accuweather.com/es/mx/tapachula/"


def _refuse_missing_plugins(names):
    """A misspelt plugin name makes Pelican log one line and build without it: without
    build_guard that is a build without any safety check. Stop here instead."""
    from importlib.util import find_spec

    def found(name):
        try:
            return find_spec(name) is not None
        except ImportError:
            return False

    missing = [name for name in names if not found(name)]
    if missing:
        raise SystemExit(
            f"pelicanconf.py [PLUGINS]: no se encuentra el plugin {', '.join(missing)}; "
            "revise cómo está escrito (p. ej. 'voces_plugins.build_guard') y que Voces esté "
            "instalado (./run.sh). / plugin not found: check its spelling and that Voces is "
            "installed."
        )


_refuse_missing_plugins(PLUGINS)
