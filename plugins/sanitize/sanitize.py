"""sanitize: members' raw HTML cut down to an allow-list; nothing from another host.

Runs on every article and page as it is created (``content_object_init``), after
Markdown and Typogrify and before any later plugin (``images``) adds its own trusted
markup, so what a member typed is cleaned and what the build adds is left alone.
"""

from __future__ import annotations

import functools
import logging
import os
import re

from pelican import signals

from ..core import signals as core_signals
from . import config as safety_config
from .allowlist import ALLOWED_TAGS, clean_html
from .cache import cache_for, key_of
from .cache import save as save_cache
from .output_check import check_output, check_output_without_guard
from .remote import is_remote, remote_resources

logger = logging.getLogger(__name__)

_TAG = re.compile(r"<\s*([A-Za-z][A-Za-z0-9:-]*)")
_EVENT = re.compile(r"[\s\"'/](on[a-z]+|style)\s*=", re.IGNORECASE)
_BAD_SCHEME = re.compile(r"(javascript|vbscript|data)\s*:", re.IGNORECASE)
#: Characters that change what a reader sees without being seen: bidirectional
#: overrides and isolates (a name typed backwards shows the right way round) and tag
#: characters (invisible letters). A newspaper text never needs them.
_DISGUISE = re.compile("[\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]")
#: Invisible characters that can hide inside a word (zero-width space, word joiner,
#: soft hyphen, variation selectors, fillers...). ZWJ and VS16 are left alone: emoji
#: sequences use them.
_HIDDEN = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u180b-\u180f\u200b\u200c\u200e\u200f"
    "\u2060-\u2064\u206a-\u206f\u3164\ufe00-\ufe0e\ufeff\uffa0\U000e0100-\U000e01ef]"
)


def report_invisible(instance, label: str) -> None:
    """Flag text that uses invisible or direction-changing characters.

    Protected terms are matched on what a reader sees (these characters removed, a
    right-to-left override read in display order); the content is still flagged, as
    these characters are the tools of someone hiding a word from the checks.
    """
    texts = [getattr(instance, "_content", None) or "", getattr(instance, "_summary", None) or ""]
    texts.extend(str(v) for v in (instance.metadata or {}).values() if isinstance(v, str))
    texts.extend(str(t) for t in (instance.metadata or {}).get("tags", []) or [])
    joined = "\n".join(texts)
    disguise = sorted({f"U+{ord(c):04X}" for c in _DISGUISE.findall(joined)})
    if disguise:
        logger.error(
            "%s: el texto tiene caracteres invisibles que cambian lo que se ve (%s: control "
            "de dirección o etiqueta Unicode). Bórrelos: vuelva a escribir esas palabras a "
            "mano. / the text has invisible characters that change what is shown (%s: "
            "direction control or Unicode tag). Delete them: type those words again.",
            label,
            ", ".join(disguise),
            ", ".join(disguise),
        )
    hidden = sorted({f"U+{ord(c):04X}" for c in _HIDDEN.findall(joined)})
    if hidden:
        logger.warning(
            "%s: el texto tiene caracteres invisibles (%s); se buscan los términos protegidos "
            "sin ellos. Si no hacen falta, bórrelos. / the text has invisible characters "
            "(%s); protected terms are searched without them. Delete them if not needed.",
            label,
            ", ".join(hidden),
            ", ".join(hidden),
        )


def source_label(instance) -> str:
    """``content/salud/x.md``: the path an editor recognises."""
    settings = instance.settings
    content_dir = os.path.basename(os.path.normpath(settings.get("PATH", "content")))
    rel = getattr(instance, "relative_source_path", None) or instance.source_path or "?"
    return f"{content_dir}/{rel}".replace(os.sep, "/")


def removed_markup(raw: str, tags: frozenset) -> list[str]:
    """A short list of what the sanitiser takes out, for the editor's warning."""
    found = []
    for name in _TAG.findall(raw):
        name = name.lower()
        label = f"<{name}>"
        if name not in tags and name != "h1" and label not in found:
            found.append(label)
    for name in _EVENT.findall(raw):
        if f"{name.lower()}=" not in found:
            found.append(f"{name.lower()}=")
    unescaped = re.sub(r"&#x?0*(6a|106|4a|74);", "j", raw, flags=re.IGNORECASE)
    for scheme in _BAD_SCHEME.findall(unescaped):
        if f"{scheme.lower()}:" not in found:
            found.append(f"{scheme.lower()}:")
    return found


def report_remote(label: str, tag: str, url: str):
    logger.error(
        "%s: <%s> carga %r, que está en otro sitio web. Las páginas de Voces nunca cargan "
        "nada de otros sitios (eso avisaría a ese sitio de quién lee). Guarde el archivo en "
        "content/dibujos/ y escriba ![texto](dibujos/archivo.jpg); un enlace normal "
        "[texto](https://...) sí está permitido. / <%s> loads %r, which is on another "
        "website. Voces pages never load anything from other sites (that would tell that "
        "site who is reading). Save the file in content/dibujos/ and write "
        "![text](dibujos/file.jpg); a plain link [text](https://...) is allowed.",
        label,
        tag,
        url,
        tag,
        url,
    )


@functools.lru_cache(maxsize=8)
def _merged(tags, exit_url: str, fallback_url: str) -> dict:
    settings = {
        "SAFETY": {"allowed_tags": tags, "quick_exit_url": exit_url or None},
        "QUICK_EXIT_URL": fallback_url or None,
    }
    try:
        return safety_config.merge(settings)
    except safety_config.ConfigError:
        # Already reported by check_settings (the build fails); go on with safe defaults.
        return {
            "allowed_tags": ALLOWED_TAGS,
            "quick_exit_url": safety_config.DEFAULT_QUICK_EXIT_URL,
        }


def settings_config(settings) -> dict:
    """This plugin's SAFETY keys, merged once per distinct setting (not per article)."""
    safety = settings.get("SAFETY")
    safety = safety if isinstance(safety, dict) else {}
    tags = safety.get("allowed_tags", ALLOWED_TAGS)
    tags = tags if isinstance(tags, str) else tuple(sorted(str(tag) for tag in tags))
    return _merged(
        tags, str(safety.get("quick_exit_url") or ""), str(settings.get("QUICK_EXIT_URL") or "")
    )


def sanitize_content(instance):
    """Clean one article or page in place; log an ERROR for every remote resource."""
    raw = getattr(instance, "_content", None)
    summary = getattr(instance, "_summary", None)
    if not raw and not summary:
        return
    tags = settings_config(instance.settings)["allowed_tags"]
    site_url = instance.settings.get("SITEURL", "")
    label = source_label(instance)
    report_invisible(instance, label)

    cache = cache_for(instance.settings)
    key = key_of(raw, summary, tags, site_url) if cache is not None else None
    hit = cache.get(key) if cache is not None else None
    if hit is not None:
        cleaned, problems = dict(hit[0]), []
    else:
        cleaned = {
            name: clean_html(html, tags)
            for name, html in (("content", raw), ("summary", summary))
            if html
        }
        problems = []
        for name, html in (("content", raw), ("summary", summary)):
            if html:
                # Check before (what the member meant) and after (what a browser gets).
                for found in remote_resources(html, site_url) + remote_resources(
                    cleaned[name], site_url
                ):
                    if found not in problems:
                        problems.append(found)
    image = getattr(instance, "image", None)
    if isinstance(image, str) and is_remote(image, site_url):
        problems.append(("img", image))
    for tag, url in problems:
        report_remote(label, tag, url)

    removed = hit[1] if hit is not None else removed_markup((raw or "") + (summary or ""), tags)
    if cache is not None and hit is None and not problems:
        cache.put(key, (cleaned, removed))  # never a text with a remote resource
    if removed:
        logger.warning(
            "%s: se quitó HTML no permitido (%s). El resto del texto se publica; si algo "
            "hacía falta, pida ayuda a una editora. / disallowed HTML was removed (%s). The "
            "rest of the text is published; if something was needed, ask an editor.",
            label,
            ", ".join(removed),
            ", ".join(removed),
        )

    if "content" in cleaned:
        instance._content = cleaned["content"]
    if "summary" in cleaned:
        instance._summary = cleaned["summary"]
        if isinstance(instance.metadata.get("summary"), str):
            instance.metadata["summary"] = cleaned["summary"]


def check_settings(pelican):
    settings = pelican.settings
    for problem in safety_config.problems(settings):
        logger.error("%s", problem.message())
    try:
        safety_config.merge(settings)
    except safety_config.ConfigError as error:
        logger.error("%s", error)


def add_quick_exit_url(generator):
    """Templates read the exit address as ``VOCES_QUICK_EXIT_URL``."""
    generator.context["VOCES_QUICK_EXIT_URL"] = settings_config(generator.settings)[
        "quick_exit_url"
    ]


def register():
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_quick_exit_url)
    signals.content_object_init.connect(sanitize_content)
    signals.all_generators_finalized.connect(save_cache)
    core_signals.output_ready.connect(check_output)
    signals.finalized.connect(check_output_without_guard)
