"""The shipped sample content, checked on the source files (no build).

These tests read ``content/`` as an editor would: the metadata header of each
Markdown file, the drawings in ``content/dibujos/`` and the resource directory
``content/directorio.toml``. They are fast (< 1 s) and run before any build.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

# Same value as conftest.ROOT; computed here so that this file does not depend on
# which ``conftest`` module pytest imported last (tests/theme has its own).
ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
SECTIONS = ("testimonios", "prevencion-de-la-trata", "salud", "derechos", "comunidad")
CONSENT_KEYS = ("consentimiento", "consentimiento_fecha", "consentimiento_alcance")
CONSENT_KEYS_EN = ("consent", "consent_date", "consent_scope")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TEL = re.compile(r"^\+52\d{10}$")
INLINE_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
GPS_IFD = 0x8825
IMAGE_DESCRIPTION = 0x010E


def key_name(raw: str) -> str:
    """'Título' -> 'titulo', 'edición' -> 'edicion' (accents optional, case ignored)."""
    decomposed = unicodedata.normalize("NFKD", raw.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse(path: Path):
    """(metadata, body): lines ``key: value`` until the first blank line."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    meta = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        assert sep, f"{path.relative_to(ROOT)}: metadata line without ':' -> {line!r}"
        meta[key_name(key)] = value.strip()
    return meta, body


def status(meta) -> str:
    return key_name(meta.get("estado") or meta.get("status") or "")


def articles():
    """Every article source: [(path, meta, body)], Spanish and English."""
    found = []
    for section in SECTIONS:
        for path in sorted((CONTENT / section).glob("*.md")):
            meta, body = parse(path)
            found.append((path, meta, body))
    return found


ALL = articles()
SPANISH = [a for a in ALL if not a[0].name.endswith(".en.md")]
ENGLISH = [a for a in ALL if a[0].name.endswith(".en.md")]
PUBLISHED = [a for a in SPANISH if status(a[1]) == "publicado"]


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def words(body: str) -> int:
    return len(re.findall(r"\w+", INLINE_IMAGE.sub("", body)))


def used_images(meta, body):
    """(path, alt) of the cover and of every inline drawing."""
    found = []
    cover = meta.get("imagen") or meta.get("image")
    if cover:
        found.append((cover, meta.get("imagen_alt") or meta.get("image_alt") or ""))
    found += [(src, alt) for alt, src in INLINE_IMAGE.findall(body)]
    return found


# --- Articles ------------------------------------------------------------------------


def test_first_issue_has_enough_stories_in_each_section():
    per_section = {s: sum(1 for p, _, _ in PUBLISHED if p.parent.name == s) for s in SECTIONS}
    assert per_section["testimonios"] >= 3, per_section
    assert per_section["prevencion-de-la-trata"] >= 3, per_section
    assert per_section["salud"] >= 2 and per_section["derechos"] >= 2, per_section
    assert 1 <= per_section["comunidad"] <= 3, per_section
    assert len(PUBLISHED) >= 12, per_section


def test_every_published_article_belongs_to_edition_one():
    for path, meta, _ in PUBLISHED:
        assert meta.get("edicion") == "1", f"{rel(path)}: falta 'edición: 1'"


def test_exactly_one_draft_and_one_review_outside_the_edition():
    drafts = [a for a in SPANISH if status(a[1]) == "borrador"]
    reviews = [a for a in SPANISH if status(a[1]) in {"revision"}]
    assert len(drafts) == 1 and len(reviews) == 1
    for path, meta, _ in drafts + reviews:
        assert "edicion" not in meta and "edition" not in meta, (
            f"{rel(path)} must not join an edition"
        )
    statuses = {status(a[1]) for a in SPANISH}
    assert statuses <= {"publicado", "borrador", "revision"}, statuses


def test_articles_have_the_metadata_the_site_needs():
    for path, meta, _ in SPANISH:
        for key in ("titulo", "fecha", "autora", "etiquetas", "resumen", "estado", "slug"):
            assert meta.get(key), f"{rel(path)}: falta '{key}'"
        day = date.fromisoformat(meta["fecha"])
        assert date(2026, 10, 1) <= day <= date(2026, 11, 30), f"{rel(path)}: fecha {day}"


def test_slugs_are_explicit_ascii_and_unique():
    slugs = {}
    for path, meta, _ in SPANISH:
        slug = meta.get("slug", "")
        assert SLUG.match(slug), f"{rel(path)}: slug {slug!r} is not ASCII words joined by hyphens"
        assert slug not in slugs, f"{rel(path)} and {rel(slugs.get(slug))} share the slug {slug!r}"
        slugs[slug] = path


def test_published_articles_read_like_newspaper_articles():
    """250-600 words, at least one subheading, exactly one pull quote."""
    for path, _, body in PUBLISHED + [e for e in ENGLISH]:
        n = words(body)
        assert 250 <= n <= 600, f"{rel(path)}: {n} words"
        assert re.search(r"^## \S", body, re.M), f"{rel(path)}: no subheading"
        quotes = re.findall(r"^> \S", body, re.M)
        assert len(quotes) == 1, f"{rel(path)}: {len(quotes)} pull quotes"


def test_every_testimony_and_personal_story_carries_consent():
    needing = [
        a
        for a in SPANISH
        if a[0].parent.name == "testimonios" or key_name(a[1].get("historia_personal", "")) == "si"
    ]
    assert len(needing) >= 4, "three testimonies and one personal story"
    for path, meta, _ in needing:
        for key in CONSENT_KEYS:
            assert meta.get(key), f"{rel(path)}: falta '{key}'"
        assert key_name(meta["consentimiento"]) == "si"
        assert date.fromisoformat(meta["consentimiento_fecha"]) <= date.fromisoformat(meta["fecha"])
        scope = {s.strip() for s in meta["consentimiento_alcance"].split(",")}
        assert scope and scope <= {"web", "impreso"}, f"{rel(path)}: {scope}"


def test_translations_pair_with_their_spanish_original():
    assert len(ENGLISH) >= 5
    spanish_by_path = {p: m for p, m, _ in SPANISH}
    testimonies = 0
    for path, meta, _ in ENGLISH:
        original = path.with_name(path.name.replace(".en.md", ".md"))
        assert original in spanish_by_path, f"{rel(path)} has no Spanish original"
        es = spanish_by_path[original]
        assert meta.get("slug") == es["slug"], f"{rel(path)}: slug differs from the Spanish one"
        assert meta.get("lang") == "en" and status(meta) == "published"
        assert status(es) == "publicado", f"{rel(path)} translates an unpublished story"
        for key in ("title", "date", "author", "summary"):
            assert meta.get(key), f"{rel(path)}: missing '{key}'"
        assert meta["date"] == es["fecha"]
        if path.parent.name == "testimonios":
            testimonies += 1
            assert meta["author"] == es["autora"], f"{rel(path)}: the pseudonym is not translated"
            for key in CONSENT_KEYS_EN:
                assert meta.get(key), f"{rel(path)}: missing '{key}'"
            assert meta["consent_date"] == es["consentimiento_fecha"]
        if "imagen" in es:
            assert meta.get("image") == es["imagen"] and meta.get("image_alt")
    assert testimonies >= 2


# --- Drawings ------------------------------------------------------------------------


def drawings():
    return sorted((CONTENT / "dibujos").glob("*.jpg"))


def test_published_stories_use_at_least_four_drawings_all_with_alt_text():
    used = set()
    inline = 0
    for path, meta, body in PUBLISHED + ENGLISH:
        for src, alt in used_images(meta, body):
            assert src.startswith("dibujos/"), f"{rel(path)}: {src}"
            assert (CONTENT / src).is_file(), f"{rel(path)}: la imagen '{src}' no existe"
            assert len(alt.split()) >= 5, f"{rel(path)}: alt text of {src} is too short: {alt!r}"
            used.add(src)
        inline += len(INLINE_IMAGE.findall(body)) if not path.name.endswith(".en.md") else 0
    assert len(used) >= 4, used
    assert inline >= 2, "at least two Spanish articles show a drawing inside the text"


def test_one_drawing_is_used_by_no_article_at_all():
    """The image pipeline must not publish it; the sample has to contain one."""
    referenced = {src for _, meta, body in ALL for src, _ in used_images(meta, body)}
    unused = [p.name for p in drawings() if f"dibujos/{p.name}" not in referenced]
    assert unused, "every drawing is referenced"


def test_drawings_look_like_phone_photos_with_metadata_to_strip():
    files = drawings()
    assert len(files) >= 6
    for path in files:
        assert path.stat().st_size < 1_500_000, f"{rel(path)} is too heavy for the repository"
        with Image.open(path) as im:
            assert im.format == "JPEG"
            assert sorted(im.size) == [2250, 3000], im.size
            exif = im.getexif()
            assert "MUESTRA-GPS" in exif.get(IMAGE_DESCRIPTION, "")
            gps = exif.get_ifd(GPS_IFD)
            assert gps.get(1) == "N" and gps.get(2), f"{rel(path)} has no GPS tag to strip"


# --- Pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["sobre-nosotras", "directorio", "seguridad"])
def test_pages_exist_in_both_languages_with_the_same_slug(slug):
    es, es_body = parse(CONTENT / "paginas" / f"{slug}.md")
    en, en_body = parse(CONTENT / "paginas" / f"{slug}.en.md")
    assert es["slug"] == en["slug"] == slug
    assert status(es) == "publicado" and status(en) == "published"
    assert es.get("idioma") == "es" and en.get("lang") == "en"
    assert es.get("titulo") and en.get("title")
    if slug == "directorio":
        assert es.get("template") == en.get("template") == "directory"
    assert es_body.strip() and en_body.strip()


def test_safety_page_explains_what_quick_exit_does_and_does_not_do():
    _, es = parse(CONTENT / "paginas" / "seguridad.md")
    _, en = parse(CONTENT / "paginas" / "seguridad.en.md")
    for needle in (
        "Salir rápido",
        "Shift",
        "Esc",
        "Atrás",
        "No borra tu historial",
        "incógnito",
        "PIN",
    ):
        assert needle.lower() in es.lower(), needle
    for needle in (
        "Quick exit",
        "Shift",
        "Esc",
        "Back",
        "does not erase your history",
        "incognito",
        "PIN",
    ):
        assert needle.lower() in en.lower(), needle


# --- Directory -----------------------------------------------------------------------

REQUIRED = (
    "id",
    "category",
    "name",
    "description_es",
    "description_en",
    "phone",
    "phone_display",
    "hours_es",
    "hours_en",
    "address_es",
    "example",
)


@pytest.fixture(scope="module")
def directory():
    with open(CONTENT / "directorio.toml", "rb") as fh:
        return tomllib.load(fh)


def test_directory_categories_have_both_names(directory):
    cats = directory["categories"]
    assert len(cats) >= 5
    for key, names in cats.items():
        assert SLUG.match(key)
        assert names.get("es") and names.get("en"), key


def test_directory_entries_are_complete_and_marked_as_examples(directory):
    entries = directory["entries"]
    assert 8 <= len(entries) <= 14
    ids = [e["id"] for e in entries]
    assert len(set(ids)) == len(ids), "duplicate id"
    used_categories = set()
    for entry in entries:
        # Emergency lines are phone numbers, not places: they need no address.
        needed = [k for k in REQUIRED if not (entry.get("emergencia") and k.startswith("address"))]
        missing = [k for k in needed if k not in entry or entry[k] in ("", None)]
        assert not missing, f"{entry.get('id')}: missing {missing}"
        if entry["phone"] == "911":  # the national emergency number is a fact, not a sample
            assert entry["example"] is False and entry.get("emergencia") is True
        else:
            assert entry["example"] is True, (
                f"{entry['id']}: unverified data must say example = true"
            )
        assert entry["category"] in directory["categories"], entry["id"]
        used_categories.add(entry["category"])
    assert used_categories == set(directory["categories"]), "a category without entries"


def test_directory_phones_are_dialable_sample_numbers(directory):
    for entry in directory["entries"]:
        phone = entry["phone"]
        if phone == "911":  # Mexico's emergency number, dialable as it is
            assert entry["phone_display"] == "911"
            continue
        assert TEL.match(phone), f"{entry['id']}: 'tel:{phone}' is not +52 and ten digits"
        assert re.sub(r"\D", "", entry["phone_display"]) == phone[3:], entry["id"]
        if entry.get("emergencia"):
            # A national free line (800...) is public; unverified ones stay example = true.
            assert phone.startswith("+52800"), entry["id"]
            continue
        assert phone.startswith("+52962000"), f"{entry['id']}: not an obviously fake sample number"


def test_no_real_looking_phone_number_in_the_texts():
    """Ten-digit numbers in the content may only be the 962 000 xxxx samples."""
    sources = [p for p, _, _ in ALL] + sorted((CONTENT / "paginas").glob("*.md"))
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"(?<!\d)(?:\d[ .-]?){10}(?!\d)", text):
            digits = re.sub(r"\D", "", match.group())
            assert digits.startswith("962000"), f"{rel(path)}: {match.group()!r}"


# --- Writing guide -------------------------------------------------------------------


def test_writing_guide_template_is_a_valid_article_header():
    """The copy-paste block in the guide has every key an article needs."""
    guide = (ROOT / "docs" / "guia-de-escritura.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(título:.*?)```", guide, re.S)
    assert block, "the guide has no copy-paste article template"
    head = block.group(1).split("\n\n")[0]
    keys = {key_name(line.partition(":")[0]) for line in head.splitlines()}
    assert {
        "titulo",
        "fecha",
        "autora",
        "estado",
        "imagen",
        "imagen_alt",
        "slug",
        *CONSENT_KEYS,
    } <= keys
    for state in ("borrador", "revisión", "publicado", "retirado"):
        assert f"`{state}`" in guide
