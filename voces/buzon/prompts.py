"""What each step says, once: the page shows it and the recorded prompt speaks it.

``scripts/make_prompts.py`` records these sentences into ``static/prompts/<step>.opus``;
the association may replace any of those files with a promoter's voice saying the same.
"""

PROMPTS = {
    "bienvenida": "Hola. Aquí puede mandar su historia al periódico Voces. Nadie más la verá.",
    "historia": "Cuéntenos su historia. Grábela con su voz, escríbala, o las dos cosas.",
    "dibujos": "Si quiere, mande fotos de sus dibujos. Puede tomarlas ahora o escogerlas.",
    "nombre": "Escoja un nombre para el periódico. Mejor que no sea su nombre de verdad.",
    "permiso": "Usted decide dónde sale su historia. Puede cambiar de opinión cuando quiera.",
    "listo": "Listo. Su historia llegó. Guarde su número de recibo.",
}
