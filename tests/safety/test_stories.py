"""A story and its translations are judged together (red-team findings).

The English file of a withdrawn, draft or print-only testimony must not go online on
its own, and consent cannot be dodged by moving a story to another section, by saying
«no» outside the testimonies, or by writing it as a page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from voces_testing import run_build

CONSENT = "consentimiento: sí\nconsentimiento_fecha: 2026-10-01\nconsentimiento_alcance: {scope}\n"


def write(content: Path, rel: str, head: str, body: str = "Texto de la historia.") -> None:
    path = content / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{head.strip()}\n\n{body}\n", encoding="utf-8")


def base_site(tmp_path) -> Path:
    content = tmp_path / "content"
    write(
        content,
        "salud/otra.md",
        "título: Otra historia\nfecha: 2026-11-01\nestado: publicado\nslug: otra",
    )
    return content


def all_text(output: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace")
        for p in output.rglob("*")
        if p.is_file() and p.suffix != ".pdf"
    )


def build_ok(content, tmp_path):
    output = tmp_path / "output"
    run_build(content, output)
    return output


# Each pair below is a story and its translation with a marker word of its own; one
# build holds them all (each test looks for its own marker in every file written).
PAIRS = {
    "withdrawn-other-slug": {
        "testimonios/retirada.md": "título: Historia retirada\nfecha: 2026-10-01\n"
        "estado: retirado\nslug: retirada\n" + CONSENT.format(scope="web, impreso"),
        "testimonios/retirada.en.md": "title: WITHDRAWNMARK story\n"
        "date: 2026-10-01\nstatus: published\nlang: en\nconsent: yes\n"
        "consent_date: 2026-10-01\nconsent_scope: web, print",
    },
    "draft": {
        "salud/borrador.md": "título: Borrador\nfecha: 2026-10-01\nestado: borrador\nslug: borrador",
        "salud/borrador.en.md": "title: DRAFTMARK in English\ndate: 2026-10-01\n"
        "status: published\nlang: en\nslug: borrador",
    },
    "print-only": {
        "testimonios/papel.md": "título: Solo papel\nfecha: 2026-10-01\n"
        "estado: publicado\nslug: papel\n" + CONSENT.format(scope="impreso"),
        "testimonios/papel.en.md": "title: PRINTONLYMARK\ndate: 2026-10-01\n"
        "status: published\nlang: en\nslug: papel\nconsent: yes\n"
        "consent_date: 2026-10-01\nconsent_scope: web, print",
    },
    "personal": {
        "salud/vida.md": "título: Historia de vida\nfecha: 2026-10-01\n"
        "estado: publicado\nslug: vida\nhistoria_personal: sí\n" + CONSENT.format(scope="impreso"),
        "salud/vida.en.md": "title: PERSONALMARK\ndate: 2026-10-01\nstatus: published\n"
        "lang: en\nslug: vida",
    },
    "capitals": {
        "testimonios/el-camino.md": "título: El camino\nfecha: 2026-10-01\n"
        "estado: retirado\nslug: el-camino\n" + CONSENT.format(scope="web"),
        "testimonios/el-camino.EN.md": "title: CAPITALSMARK road\n"
        "date: 2026-10-01\nstatus: published\nlang: en\nconsent: yes\n"
        "consent_date: 2026-10-01\nconsent_scope: web",
    },
}


@pytest.fixture(scope="module")
def pairs_site(tmp_path_factory) -> str:
    """Every file the build wrote (PDFs aside), as one text."""
    base = tmp_path_factory.mktemp("pairs")
    content = base_site(base)
    for files in PAIRS.values():
        for rel, head in files.items():
            write(content, rel, head)
    output = build_ok(content, base)
    assert (output / "articulos" / "otra" / "index.html").exists()
    return all_text(output)


def test_translation_of_a_withdrawn_story_is_withdrawn_even_with_another_slug(pairs_site):
    assert "WITHDRAWNMARK" not in pairs_site


def test_translation_of_a_draft_waits_for_the_original(pairs_site):
    assert "DRAFTMARK" not in pairs_site


def test_translation_cannot_widen_a_print_only_consent(pairs_site):
    assert "PRINTONLYMARK" not in pairs_site


def test_translation_inherits_that_the_story_is_personal(pairs_site):
    assert "PERSONALMARK" not in pairs_site


@pytest.mark.parametrize(
    "rel, head, words",
    [
        (
            "comunidad/dijo-no.md",
            "título: Dijo que no\nfecha: 2026-10-01\nestado: publicado\nslug: dijo-no\n"
            "consentimiento: no",
            ["comunidad/dijo-no.md", "consentimiento"],
        ),
        (
            "testimonios/otra-seccion.md",
            "título: Movida de sección\nfecha: 2026-10-01\nestado: publicado\nslug: movida\n"
            "sección: comunidad",
            ["testimonios/otra-seccion.md", "consentimiento"],
        ),
        (
            "paginas/mi-historia.md",
            "título: Mi historia\nestado: publicado\nslug: mi-historia\nhistoria_personal: sí",
            ["paginas/mi-historia.md", "consentimiento"],
        ),
    ],
    ids=["consent-no-outside-testimonies", "testimony-moved-by-seccion", "personal-page"],
)
def test_consent_cannot_be_dodged(tmp_path, rel, head, words):
    content = base_site(tmp_path)
    write(content, rel, head)
    output = tmp_path / "output"
    proc = run_build(content, output, check=False)
    said = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0, said
    for word in words:
        assert word in said
    assert not output.exists()


def test_original_and_translation_that_disagree_on_scope_stop_the_build(tmp_path):
    content = base_site(tmp_path)
    write(
        content,
        "testimonios/dos.md",
        "título: Dos alcances\nfecha: 2026-10-01\n"
        "estado: publicado\nslug: dos\n" + CONSENT.format(scope="web"),
    )
    write(
        content,
        "testimonios/dos.en.md",
        "title: Two scopes\ndate: 2026-10-01\n"
        "status: published\nlang: en\nslug: dos\nconsent: yes\nconsent_date: 2026-10-01\n"
        "consent_scope: print",
    )
    proc = run_build(content, tmp_path / "output", check=False)
    said = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0
    assert "no coinciden" in said and "disagree" in said


def test_voces_revisar_judges_stories_like_the_build(tmp_path, capsys, monkeypatch):
    """`voces revisar` stops on the story-level problems the build stops on (in-process,
    as `voces` runs it), and not on a withdrawn story's translation, which the build
    leaves out without failing."""
    from voces.cli import main

    monkeypatch.delenv("VOCES_PROTECTED_TERMS", raising=False)
    content = base_site(tmp_path)
    write(
        content,
        "testimonios/retirada.md",
        "título: Retirada\nfecha: 2026-10-01\n"
        "estado: retirado\nslug: retirada\n" + CONSENT.format(scope="web"),
    )
    write(
        content,
        "testimonios/retirada.en.md",
        "title: Withdrawn\ndate: 2026-10-01\n"
        "status: published\nlang: en\nconsent: yes\nconsent_date: 2026-10-01\n"
        "consent_scope: web",
    )
    write(
        content,
        "comunidad/dijo-no.md",
        "título: Dijo que no\nfecha: 2026-10-01\n"
        "estado: publicado\nslug: dijo-no\nconsentimiento: no",
    )
    code = main(["revisar", str(content)])
    captured = capsys.readouterr()
    said = " ".join((captured.out + captured.err).split())
    assert code == 1, said
    assert "comunidad/dijo-no.md" in said and "consentimiento" in said
    problems = said.split("PROBLEMAS", 1)[1].split("AVISOS", 1)[0]
    assert "retirada" not in problems, problems
    (content / "comunidad" / "dijo-no.md").unlink()
    assert main(["revisar", str(content)]) == 0, capsys.readouterr()


def test_translation_named_in_capitals_still_follows_its_withdrawn_original(pairs_site):
    assert "CAPITALSMARK" not in pairs_site


@pytest.mark.parametrize(
    "files, words",
    [
        (
            {
                "testimonios/mi-vida.fr.md": "title: Ma vie\ndate: 2026-10-01\nstatus: published\n"
                "consent: yes\nconsent_date: 2026-10-01\nconsent_scope: web"
            },
            ["testimonios/mi-vida.fr.md", ".fr.", "not a language"],
        ),
        (
            {
                "salud/a.md": "título: A\nfecha: 2026-10-01\nestado: publicado\nslug: mismo",
                "derechos/b.md": "título: B\nfecha: 2026-10-01\nestado: retirado\nslug: mismo",
            },
            ["mismo", "two different stories"],
        ),
        (
            {
                "salud/solo-ingles.md": "title: Only English\ndate: 2026-10-01\nstatus: published\n"
                "lang: en\nslug: only-english"
            },
            ["salud/solo-ingles.md", "original"],
        ),
    ],
    ids=["unknown-language-suffix", "two-stories-one-slug", "translation-of-nothing"],
)
def test_files_that_cannot_be_paired_safely_stop_the_build(tmp_path, files, words):
    content = base_site(tmp_path)
    for rel, head in files.items():
        write(content, rel, head)
    proc = run_build(content, tmp_path / "output", check=False)
    said = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode != 0, said
    for word in words:
        assert word in said, word
