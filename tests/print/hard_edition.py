"""A hard edition for the print tests: everything that used to break the page.

A long testimony with pull quotes and a "Directorio" mention, a 5-column table,
a 60-item list, long URLs, e-mail addresses and codes, a code block, a tall and a
wide drawing, stories without drawings. Real directory (no example entries) and a
real https address, so the copy-shop PDFs can be made.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw
from voces_testing import run_build

ROOT = Path(__file__).resolve().parents[2]
SITEURL = "https://voces.prueba.mx"
TITLES = {
    "testimonio-largo": "Lo que el camino me enseñó",
    "tabla-de-tramites": "Dónde hacer cada trámite",
    "lista-larga": "Sesenta cosas para llevar en la mochila",
    "direcciones-largas": "Direcciones y códigos que hay que copiar bien",
    "dibujo-alto": "La palmera más alta del albergue",
    "dibujo-ancho": "El río visto desde el puente",
    "sin-dibujo": "Una nota corta sin dibujo",
    "una-foto": "Una fotografía que sale en grises",
}

DIRECTORY = """
[categories]
emergencias = { es = "Emergencias", en = "Emergencies" }
salud = { es = "Salud", en = "Health" }
legal = { es = "Asesoría legal", en = "Legal advice" }
vacia = { es = "Categoría sin datos", en = "Empty" }
colectiva = { es = "La colectiva", en = "The collective" }

[[entries]]
id = "emergencias-911"
category = "emergencias"
name = "Emergencias"
description_es = "Policía, ambulancia y bomberos. Gratis."
description_en = "Police, ambulance and fire brigade. Free."
phone = "911"
phone_display = "911"
hours_es = "Las 24 horas"
hours_en = "24 hours"
emergencia = true
example = false

[[entries]]
id = "linea-trata"
category = "emergencias"
name = "Línea Nacional contra la Trata de Personas"
description_es = "Ayuda y denuncia sin dar su nombre."
description_en = "Help and reports without giving your name."
phone = "+528005533000"
phone_display = "800 5533 000"
hours_es = "Las 24 horas"
hours_en = "24 hours"
emergencia = true
example = false
"""
for n in range(1, 7):
    DIRECTORY += f'''
[[entries]]
id = "lugar-{n}"
category = "{"salud" if n <= 3 else "legal"}"
name = "Lugar de ayuda número {n}"
description_es = "Atención gratuita para mujeres migrantes, sin pedir papeles."
description_en = "Free care for migrant women, no papers asked."
phone = "+52962100000{n}"
phone_display = "962 100 000{n}"
hours_es = "Lunes a viernes, 9:00 a 17:00"
hours_en = "Monday to Friday, 9 to 5"
address_es = "Tapachula"
example = false
'''
DIRECTORY += """
[[entries]]
id = "colectiva"
category = "colectiva"
name = "Colectiva de prueba"
description_es = "Nuestro periódico."
description_en = "Our paper."
phone = "+529621000000"
phone_display = "962 100 0000"
hours_es = "Lunes a viernes"
hours_en = "Monday to Friday"
example = false
"""

PARAGRAPH = (
    "Salí de San Pedro Sula con mi hija de seis años y una mochila. En el camino aprendí "
    "a no decir mi nombre verdadero, a guardar el dinero en tres lugares distintos y a "
    "desconfiar de quien ofrece trabajo demasiado bueno. Cuando llegamos a Tapachula no "
    "conocíamos a nadie; una señora del mercado nos habló de la colectiva."
)


def pencil_drawing(path: Path, size, seed: int):
    """Thin grey pencil lines on grey photographed paper (made here, never downloaded)."""
    image = Image.new("RGB", size, (212, 209, 200))
    pen = ImageDraw.Draw(image)
    w, h = size
    for k in range(10):
        x0, y0 = (seed * 37 + k * 97) % (w - 60), (seed * 53 + k * 131) % (h - 60)
        pen.ellipse([x0, y0, x0 + w // 5, y0 + h // 6], outline=(105, 100, 95), width=4)
    pen.rectangle([10, 10, w - 10, h - 10], outline=(90, 90, 90), width=5)
    pen.line([0, h // 2, w, h // 2 + 40], fill=(120, 115, 110), width=3)
    image.save(path, "JPEG", quality=88)


def article(section, slug, body, image=None, extra=""):
    head = (
        f"título: {TITLES[slug]}\nfecha: 2026-11-0{len(slug) % 9 + 1}\nautora: Seudónimo\n"
        f"estado: publicado\nslug: {slug}\nsección: {section}\nedición: 1\n"
    )
    if section == "testimonios":
        head += (
            "consentimiento: sí\nconsentimiento_fecha: 2026-10-01\n"
            "consentimiento_alcance: web, impreso\n"
        )
    if image:
        head += f"imagen: {image}\nimagen_alt: Un dibujo a lápiz de prueba.\n"
    return head + extra + "\n" + body + "\n"


def make_site(root: Path) -> Path:
    content = root / "content"
    for folder in ("dibujos", "ediciones", "testimonios", "derechos", "salud", "comunidad"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    pencil_drawing(content / "dibujos" / "alto.jpg", (700, 2800), 1)
    pencil_drawing(content / "dibujos" / "ancho.jpg", (3200, 520), 2)
    pencil_drawing(content / "dibujos" / "portada.jpg", (2400, 1800), 3)
    photo = Image.radial_gradient("L").resize((1200, 900)).convert("RGB")
    photo.save(content / "dibujos" / "foto.jpg", "JPEG", quality=88)  # smooth greys
    (content / "directorio.toml").write_text(DIRECTORY, encoding="utf-8")
    testimony = []
    for n in range(1, 22):
        testimony.append(PARAGRAPH)
        if n % 7 == 3:
            testimony.append(
                "> Nadie tiene que pasar esto sola: juntas aprendimos a reconocer el engaño."
            )
        if n == 10:
            testimony.append(
                "Si usted necesita una abogada, en nuestro **Directorio** hay organizaciones "
                "que acompañan gratis."
            )
    files = {
        ("testimonios", "testimonio-largo"): ("\n\n".join(testimony), None),
        ("derechos", "tabla-de-tramites"): (
            "Cada trámite tiene su oficina. Lleve copias de todo.\n\n"
            "| Trámite | Institución | Teléfono | Correo | Documentos |\n"
            "|---|---|---|---|---|\n"
            + "\n".join(
                f"| Solicitud de refugio paso {n} | Comisión Mexicana de Ayuda a Refugiados "
                f"(COMAR) | 962 100 00{n:02d} | tramites{n}@comar-ejemplo.gob.mx | "
                f"Identificación, comprobante de domicilio, CURP y folio INM-2026-{n:05d} |"
                for n in range(1, 19)
            )
            + "\n\nLos datos de la tabla cambian; llame antes de ir.",
            None,
        ),
        ("comunidad", "lista-larga"): (
            "Lo que aprendimos a llevar:\n\n"
            + "\n".join(f"{n}. Cosa útil número {n} para el camino" for n in range(1, 61)),
            None,
        ),
        ("derechos", "direcciones-largas"): (
            "Para pedir la cita entre a "
            "https://www.gob.mx/comar/acciones-y-programas/solicitud-de-la-condicion-de-refugiado-noviembre-2026 "
            "o escriba a atencion.ciudadana.migrantes@comar-ejemplo.gob.mx con su CURP "
            "GOMA850101MCSRRN09 y su folio INM-2026-000123456789.\n\n"
            "También puede ver [la guía de la Secretaría de Gobernación]"
            "(https://www.gob.mx/segob/documentos/guia-para-personas-solicitantes-de-refugio) "
            "o escribir a la colectiva.\n\n"
            "    folio: INM-TAP-2026-11-000123456789-SOLICITUD-DE-REGULARIZACION-MIGRATORIA\n\n"
            + "\n\n".join([PARAGRAPH] * 4),
            None,
        ),
        ("comunidad", "dibujo-alto"): (
            "![Una palmera muy alta dibujada a lápiz.](dibujos/alto.jpg)\n\n"
            + "\n\n".join([PARAGRAPH] * 3),
            None,
        ),
        ("comunidad", "dibujo-ancho"): (
            "\n\n".join([PARAGRAPH] * 2)
            + "\n\n![El río dibujado a lo ancho.](dibujos/ancho.jpg)\n\n"
            + PARAGRAPH,
            None,
        ),
        ("salud", "sin-dibujo"): (PARAGRAPH, None),
        ("comunidad", "una-foto"): (
            "![Una fotografía de prueba.](dibujos/foto.jpg)\n\n" + PARAGRAPH,
            "impresion_foto: sí\n",
        ),
    }
    for (section, slug), (body, extra) in files.items():
        (content / section / f"{slug}.md").write_text(
            article(section, slug, body, extra=extra or ""), encoding="utf-8"
        )
    (content / "ediciones" / "01.md").write_text(
        "número: 1\ntítulo: La edición difícil\nfecha: 2026-11-15\n"
        "portada: dibujos/portada.jpg\nportada_alt: Círculos dibujados a lápiz.\n"
        f"artículos: {', '.join(TITLES)}\n\n"
        "Editorial de prueba. Los teléfonos de ayuda están en la contraportada.\n",
        encoding="utf-8",
    )
    return content


def build(root: Path, *, shop=True, siteurl=SITEURL, check=True, editions=None):
    """A real production build of the hard edition; copy-shop PDFs in ``root/imprenta``."""
    content = root / "content"
    if not content.exists():
        make_site(root)
    settings = {"cache_dir": str(root / "cache"), **(editions or {})}
    if shop:
        settings["copy_shop_dir"] = str(root / "imprenta")
    extra = {"EDITIONS": settings}
    if siteurl is not None:
        extra["SITEURL"] = siteurl
    return run_build(content, root / "output", extra=extra, check=check, env={"COLUMNS": "1000"})
