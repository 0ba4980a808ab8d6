"""The resource directory: clinics, HIV testing, legal aid, hotlines, shelters.

Kept as structured data in ``content/directorio.toml`` so the website's directory page
and the printed edition's back page show the same entries.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

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
)
PHONE = re.compile(r"^\+\d{8,15}$")
#: Emergency numbers (``emergencia = true``) may be short: 911.
EMERGENCY_PHONE = re.compile(r"^\d{3}$")


class DirectoryError(ValueError):
    pass


def _fail(path, where, es, en):
    raise DirectoryError(f"{path} [{where}]: {es} / {en}")


def load_directory(path) -> dict:
    """Read and check the directory; returns {"categories": [...], "entries": [...]}.

    Each category: {"id", "es", "en", "entries": [...]}, in file order.
    """
    path = Path(path)
    if not path.exists():
        return {"categories": [], "entries": []}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        _fail(
            path,
            "archivo",
            "no está guardado en UTF-8. Guárdelo como UTF-8.",
            "it is not saved as UTF-8. Save it as UTF-8.",
        )
    except tomllib.TOMLDecodeError as exc:
        _fail(
            path,
            "formato",
            f"el archivo no es TOML válido ({exc}). Revise comillas y corchetes en esa línea.",
            f"the file is not valid TOML ({exc}). Check the quotes and brackets on that line.",
        )
    raw_categories = data.get("categories", {})
    categories = {}
    for key, names in raw_categories.items():
        if not isinstance(names, dict) or not names.get("es") or not names.get("en"):
            _fail(
                path,
                f"categories.{key}",
                "cada categoría necesita «es» y «en».",
                "each category needs 'es' and 'en'.",
            )
        categories[key] = {"id": key, "es": names["es"], "en": names["en"], "entries": []}
    entries = data.get("entries", [])
    seen = set()
    for number, entry in enumerate(entries, start=1):
        where = f"entries #{number}"
        missing = [field for field in REQUIRED if not str(entry.get(field, "")).strip()]
        if missing:
            _fail(
                path,
                where,
                f"faltan los campos {', '.join(missing)}.",
                f"the fields {', '.join(missing)} are missing.",
            )
        if entry["id"] in seen:
            _fail(
                path,
                where,
                f"el id «{entry['id']}» está repetido.",
                f"the id '{entry['id']}' is repeated.",
            )
        seen.add(entry["id"])
        phone = re.sub(r"[\s\-()]", "", str(entry["phone"]))
        emergency = bool(entry.get("emergencia", entry.get("emergency", False)))
        if not PHONE.match(phone) and not (emergency and EMERGENCY_PHONE.match(phone)):
            _fail(
                path,
                where,
                f"el teléfono «{entry['phone']}» no es válido: escríbalo con "
                "+52 y solo números, por ejemplo +529620000001.",
                f"the phone '{entry['phone']}' is not valid: write it with +52 and digits "
                "only, e.g. +529620000001.",
            )
        if entry["category"] not in categories:
            _fail(
                path,
                where,
                f"la categoría «{entry['category']}» no está en [categories].",
                f"the category '{entry['category']}' is not in [categories].",
            )
        sections = entry.get("secciones", [])
        if not isinstance(sections, list) or not all(isinstance(s, str) for s in sections):
            _fail(
                path,
                f"{where}.secciones",
                'escriba una lista de secciones, por ejemplo secciones = ["salud"].',
                'write a list of sections, e.g. secciones = ["salud"].',
            )
        clean = {
            **entry,
            "phone": phone,
            "example": bool(entry.get("example", True)),
            "emergency": emergency,
            "sections": tuple(sections),
        }
        categories[entry["category"]]["entries"].append(clean)
    return {
        "categories": [c for c in categories.values() if c["entries"]],
        "entries": [e for c in categories.values() for e in c["entries"]],
    }
