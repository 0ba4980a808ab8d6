"""A story and its translations are judged together.

Pelican pairs a translation with its original by slug only, and each file carries its
own status and consent. Judged alone, the English file of a withdrawn, draft or
print-only testimony would go online. Here a *story* is every file that shares a slug
or a file stem (``testimonios/x.md`` and ``testimonios/x.en.md``), and:

- if any file of the story is withdrawn, the whole story is withdrawn;
- a translation is published only when the original (default language) is;
- consent follows the story: it is needed if any file needs it, a «no» anywhere is a
  «no» for all, a translation without consent fields takes the original's, and the
  scope is what every file allows (the intersection).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Record:
    """What the rules need to know about one file, taken from its metadata."""

    slug: str
    group: str
    lang: str
    status: str
    consent: bool | None
    consent_date: object
    scope: frozenset
    personal_story: bool
    folder: str
    section: str | None
    source: str = ""

    @classmethod
    def from_metadata(cls, metadata, section_slug):
        return cls(
            slug=str(metadata.get("slug", "")),
            group=str(metadata.get("voces_group", "")),
            lang=str(metadata.get("lang", "")),
            status=str(metadata.get("voces_status", "published")),
            consent=metadata.get("consent"),
            consent_date=metadata.get("consent_date"),
            scope=frozenset(metadata.get("consent_scope") or ()),
            personal_story=bool(metadata.get("personal_story")),
            folder=str(metadata.get("voces_folder", "")),
            section=section_slug,
            source=str(metadata.get("voces_source", "")),
        )

    def needs_consent(self, consent_sections) -> bool:
        return (
            self.personal_story
            or self.consent is False
            or self.folder in consent_sections
            or self.section in consent_sections
        )


class Stories:
    """Groups records that share a slug or a file stem (union-find)."""

    def __init__(self, records):
        self.records = list(records)
        self._parent = list(range(len(self.records)))
        first = {}
        for index, record in enumerate(self.records):
            for key in (("slug", record.slug), ("group", record.group)):
                if not key[1]:
                    continue
                if key in first:
                    self._union(first[key], index)
                else:
                    first[key] = index
        self._first = first
        # Every union is done: the members of each story, in order, computed once
        # (asking for each story on its own was quadratic: 2 million steps at 1,000).
        self._members = {}
        for index, record in enumerate(self.records):
            self._members.setdefault(self._find(index), []).append(record)

    def _find(self, i):
        while self._parent[i] != i:
            self._parent[i] = self._parent[self._parent[i]]
            i = self._parent[i]
        return i

    def _union(self, a, b):
        self._parent[self._find(a)] = self._find(b)

    def story_of(self, slug, group) -> list[Record]:
        for key in (("slug", str(slug)), ("group", str(group or ""))):
            if key[1] and key in self._first:
                return list(self._members[self._find(self._first[key])])
        return []


def withdrawn(story) -> bool:
    return any(r.status == "withdrawn" for r in story)


def original_unpublished(story, lang, default_lang) -> bool:
    """A translation whose original (in the default language) is not published."""
    if lang == default_lang:
        return False
    return any(r.lang == default_lang and r.status != "published" for r in story)


def story_consent(own: Record, story, consent_sections, default_lang):
    """(needs, consent, consent_date, scope, conflict) for ``own`` as part of its story.

    ``conflict`` is True when the files' scopes share nothing (one says web, another
    print): the editor has to decide, so it is reported, never guessed.
    """
    members = story or [own]
    needs = any(r.needs_consent(consent_sections) for r in [own, *members])
    if any(r.consent is False for r in [own, *members]):
        consent = False
    elif own.consent is not None:
        consent = own.consent
    else:
        consent = next(
            (r.consent for r in members if r.lang == default_lang and r.consent is not None), None
        )
    consent_date = own.consent_date or next(
        (r.consent_date for r in members if r.lang == default_lang and r.consent_date), None
    )
    scopes = [r.scope for r in [own, *members] if r.scope]
    scope = frozenset.intersection(*scopes) if scopes else frozenset()
    conflict = bool(scopes) and not scope
    return needs, consent, consent_date, scope, conflict


def story_problems(records, default_lang) -> list[tuple[str, str, str]]:
    """(file, es, en) for files that cannot be judged as part of a story.

    - Two files in the same language with the same slug are two different stories
      (pairing them would let one's withdrawal hide the other, or worse).
    - A file in another language whose story has no original in the default language
      is a translation of nothing: its consent and status cannot follow a story.
    """
    problems = []
    seen = {}
    for record in records:
        key = (record.slug, record.lang)
        other = seen.get(key)
        if other is not None and other.group != record.group:
            problems.append(
                (
                    record.source,
                    f"tiene el mismo slug «{record.slug}» que {other.source}, en el mismo idioma: "
                    "son dos historias distintas. Cambie el «slug:» de una de las dos.",
                    f"has the same slug '{record.slug}' as {other.source}, in the same language: "
                    "they are two different stories. Change the 'slug:' of one of them.",
                )
            )
        seen.setdefault(key, record)
    stories = Stories(records)
    for record in records:
        if record.lang == default_lang:
            continue
        story = stories.story_of(record.slug, record.group)
        if not any(r.lang == default_lang for r in story):
            problems.append(
                (
                    record.source,
                    "es una traducción, pero no se encuentra su original en español. Ponga el "
                    "mismo «slug:» que el original y el mismo nombre de archivo con «.en» "
                    "(historia.md y historia.en.md).",
                    "is a translation, but its Spanish original is not found. Use the original's "
                    "'slug:' and its file name with '.en' (story.md and story.en.md).",
                )
            )
    return problems
