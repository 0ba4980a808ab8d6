"""Ajustes de este periódico / Settings of this newspaper.

Las secciones, las direcciones, el tema y los plugins vienen de Voces
(``voces.defaults``); aquí solo va lo propio de esta redacción.
*Sections, URLs, theme and plugins come from Voces; only this newsroom's own
settings go here.* Producción / production: ``publishconf.py``.
"""

from voces.defaults import *  # noqa: F403 - Voces' sections, URLs, theme and plugins

SITENAME = "Voces"
SITESUBTITLE = "Periódico de mujeres migrantes"
SITESUBTITLE_EN = "Newspaper of migrant women"
ASSOCIATION = "Nuestra colectiva (cambie este nombre)"

# Términos protegidos (nombres reales, bares, calles, teléfonos): en un archivo FUERA
# de esta carpeta; escriba su ruta en voces.local.toml (VOCES_PROTECTED_TERMS).
# Protected terms: in a file OUTSIDE this folder; its path goes in voces.local.toml.
