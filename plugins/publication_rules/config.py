"""The publication keys of the shared ``SAFETY`` setting: defaults, merged once.

``SAFETY`` is shared by three plugins (publication_rules, protected_terms, sanitize).
This module reports keys that none of them knows, so a typo such as
``consent_section`` cannot silently switch a protection off.
"""

from __future__ import annotations

from ..core.settings import SAFETY_KEYS
from ..core.settings import merge as merge_setting

#: Sections whose every article tells a person's story and needs consent.
DEFAULTS = {
    "consent_sections": ("testimonios",),
    # Path of the protected-terms file: read by the protected_terms plugin.
    "protected_terms_file": None,
}


def safety_settings(settings) -> tuple[dict, list[str]]:
    """Return (merged publication keys, problems as bilingual messages)."""
    merged, errors = merge_setting(
        settings,
        "SAFETY",
        DEFAULTS,
        shared=SAFETY_KEYS,
        example='{"consent_sections": ["testimonios"]}',
    )
    problems = [error.message() for error in errors]
    sections = merged["consent_sections"]
    if isinstance(sections, str) or not all(isinstance(s, str) for s in sections or ()):
        problems.append(
            "pelicanconf.py: SAFETY['consent_sections'] debe ser una lista de secciones, p. ej. "
            "[\"testimonios\"]. / SAFETY['consent_sections'] must be a list of sections, "
            'e.g. ["testimonios"].'
        )
        sections = DEFAULTS["consent_sections"]
    known_sections = settings.get("SECTIONS") or {}
    for section in sorted(set(sections) - set(known_sections) if known_sections else ()):
        names = ", ".join(known_sections)
        problems.append(
            f"pelicanconf.py: SAFETY['consent_sections'] nombra la sección '{section}', que no "
            f"existe, así que sus historias no se revisarían. Use una de: {names}. / "
            f"SAFETY['consent_sections'] names the section '{section}', which does not exist, "
            f"so its stories would not be checked. Use one of: {names}."
        )
    merged["consent_sections"] = frozenset(sections)
    return merged, problems
