"""A tiny bilingual site for the theme tests that need exact, known content.

The shipped sample (fixture ``sample_site`` in tests/conftest.py) is checked too;
this one pins the cases the theme must handle whatever the sample holds: a story
with and without a translation, a section without stories, a directory entry
with markup in its name, a page with a translation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from voces_testing import run_build

FILES = {
    "salud/prueba.md": """\
título: La prueba de VIH es gratis
fecha: 2026-10-20
autora: Lucero
etiquetas: vih, salud
resumen: Dónde y cómo hacerse la prueba.
estado: publicado
slug: prueba-vih

## Dónde

Texto de la historia de salud.

> Nadie te puede negar la prueba.
""",
    "salud/prueba.en.md": """\
title: HIV testing is free
date: 2026-10-20
author: Lucero
tags: hiv, health
summary: Where and how to get tested.
status: published
lang: en
slug: prueba-vih

The health story in English.
""",
    "salud/condon.md": """\
título: El condón, siempre
fecha: 2026-10-10
autora: Mariposa
etiquetas: salud
resumen: Cuidarnos es un derecho.
estado: publicado
slug: condon-siempre

Texto sin traducción.
""",
    "derechos/comar.md": """\
título: Pedir refugio en la COMAR
fecha: 2026-10-05
autora: Estrella
etiquetas: refugio
resumen: Tienes 30 días hábiles.
estado: publicado
slug: pedir-refugio

Texto sobre derechos.
""",
    "derechos/comar.en.md": """\
title: Asking COMAR for refuge
date: 2026-10-05
author: Estrella
tags: refuge
summary: You have 30 working days.
status: published
lang: en
slug: pedir-refugio

About rights, in English.
""",
    "testimonios/camino.md": """\
título: Lo que aprendí cruzando
fecha: 2026-10-14
autora: Flor de Mayo
etiquetas: camino
resumen: Una compañera cuenta cómo llegó.
estado: publicado
consentimiento: sí
consentimiento_fecha: 2026-09-28
consentimiento_alcance: web, impreso
slug: lo-que-aprendi

Texto del testimonio.
""",
    "paginas/directorio.md": """\
título: Directorio de ayuda
estado: publicado
slug: directorio
plantilla: directory

Teléfonos útiles.
""",
    "paginas/directorio.en.md": """\
title: Help directory
status: published
lang: en
slug: directorio
template: directory

Useful phone numbers.
""",
    "directorio.toml": """\
[categories]
clinicas = { es = "Clínicas", en = "Clinics" }
legal = { es = "Asesoría legal", en = "Legal advice" }

[[entries]]
id = "clinica-1"
category = "clinicas"
name = "Clínica <b>Muestra</b> & Co"
description_es = "Consulta gratuita."
description_en = "Free consultation."
phone = "+529620000001"
phone_display = "962 000 0001"
hours_es = "Lunes a viernes"
hours_en = "Monday to Friday"
address_es = "Centro"
example = true

[[entries]]
id = "legal-1"
category = "legal"
name = "Abogadas de muestra"
description_es = "Asesoría para migrantes."
description_en = "Advice for migrants."
phone = "+529620000002"
phone_display = "962 000 0002"
hours_es = "Martes"
hours_en = "Tuesday"
address_es = "Norte"
example = false
""",
}


def write_tiny_content(root: Path) -> Path:
    content = root / "content"
    for name, text in FILES.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


@pytest.fixture(scope="session")
def tiny_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("theme")
    out = root / "output"
    run_build(write_tiny_content(root), out)
    return out
