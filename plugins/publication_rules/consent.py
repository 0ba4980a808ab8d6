"""Consent and scope rules, on plain values so the build and ``voces revisar`` agree.

A story that tells a person's life (every article of a consent section, and any
article marked ``historia_personal: sí``) is published only with consent given, its
date and its scope (``web``, ``print`` or both). Articles that need no consent may go
everywhere unless they say otherwise.
"""

from __future__ import annotations

BOTH = frozenset({"web", "print"})

#: (Spanish field, English field) for each missing piece of consent.
FIELD_CONSENT = ("consentimiento: sí", "consent: yes")
FIELD_DATE = ("consentimiento_fecha", "consent_date")
FIELD_SCOPE = ("consentimiento_alcance", "consent_scope")

CONSENT_FIX_ES = (
    "Añada al principio del archivo «consentimiento: sí», «consentimiento_fecha: "
    "AAAA-MM-DD» y «consentimiento_alcance: web, impreso» (o solo web, o solo impreso), "
    "o deje la historia en «estado: borrador» hasta tener el consentimiento."
)
CONSENT_FIX_EN = (
    "Add 'consent: yes', 'consent_date: YYYY-MM-DD' and 'consent_scope: web, print' (or "
    "only web, or only print) at the top of the file, or keep the story as 'status: "
    "draft' until consent is given."
)


def needs_consent(section: str | None, personal_story: bool, consent_sections) -> bool:
    """True when the article tells a person's story."""
    return bool(personal_story) or (section is not None and section in consent_sections)


def consent_gaps(consent, consent_date, scope) -> list[tuple[str, str]]:
    """The missing consent fields as (Spanish, English) names; empty when complete.

    ``consent`` is True, False (the member said no) or None (not written).
    """
    gaps = []
    if consent is not True:
        gaps.append(
            FIELD_CONSENT
            if consent is None
            else ("consentimiento: sí (ahora dice «no»)", "consent: yes (it now says 'no')")
        )
    if not consent_date:
        gaps.append(FIELD_DATE)
    if not scope:
        gaps.append(FIELD_SCOPE)
    return gaps


def describe_gaps(gaps) -> tuple[str, str]:
    """('a, b', 'a, b'): the missing fields from consent_gaps() in each language."""
    return (", ".join(es for es, _ in gaps), ", ".join(en for _, en in gaps))


def effective_scope(needs: bool, scope) -> frozenset:
    """Where the article may appear: its written scope, or both when it needs no consent."""
    scope = frozenset(scope or ())
    if scope:
        return scope
    return frozenset() if needs else BOTH


def is_print_only(scope) -> bool:
    return bool(scope) and "web" not in scope
