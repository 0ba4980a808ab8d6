"""What each step says, once: the page shows it and the recorded prompt speaks it.

``scripts/make_prompts.py`` records these sentences into ``static/prompts/<step>.opus``;
the association may replace any of those files with a promoter's voice saying the same.
"""

PROMPTS = {
    "bienvenida": "Hola. Aquí puedes mandar tu historia al periódico Voces. Nadie más la verá.",
    "historia": "Cuéntanos tu historia. Grábala con tu voz, escríbela, o las dos cosas.",
    "dibujos": "Si quieres, manda fotos de tus dibujos. Puedes tomarlas ahora o escogerlas.",
    "nombre": "Escoge un nombre para el periódico. Mejor que no sea tu nombre de verdad.",
    "permiso": "Tú decides dónde sale tu historia. Puedes cambiar de opinión cuando quieras.",
    "listo": "Listo. Tu historia llegó. Guarda tu número de recibo.",
}
