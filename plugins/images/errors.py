"""What can be wrong with an image, said in Spanish first and English second."""

# kind -> (Spanish, English); {ref} is the image as written by the member.
MESSAGES = {
    "missing": (
        "la imagen '{ref}' no existe. Revise el nombre del archivo (sin espacios) "
        "y que esté dentro de content/, por ejemplo en content/dibujos/.",
        "the image '{ref}' does not exist. Check the file name (no spaces) and "
        "that it is inside content/, e.g. in content/dibujos/.",
    ),
    "outside": (
        "la imagen '{ref}' está fuera de la carpeta content/. Copie el archivo a "
        "content/dibujos/ y escriba dibujos/nombre.jpg.",
        "the image '{ref}' is outside the content/ folder. Copy the file to "
        "content/dibujos/ and write dibujos/name.jpg.",
    ),
    "empty": (
        "el archivo de la imagen '{ref}' está vacío (0 bytes). Vuelva a copiar la "
        "foto desde el teléfono.",
        "the image file '{ref}' is empty (0 bytes). Copy the photo from the phone again.",
    ),
    "not_image": (
        "el archivo '{ref}' no es una imagen que se pueda leer ({detail}). Envíe la "
        "foto como JPEG, PNG, HEIC o WebP.",
        "the file '{ref}' is not a readable image ({detail}). Send the photo as "
        "JPEG, PNG, HEIC or WebP.",
    ),
    "unsupported": (
        "la imagen '{ref}' está en un formato que no se usa aquí ({detail}). "
        "Guárdela como JPEG, PNG, HEIC o WebP.",
        "the image '{ref}' is in a format not used here ({detail}). Save it as "
        "JPEG, PNG, HEIC or WebP.",
    ),
    "damaged": (
        "la imagen '{ref}' está incompleta o dañada ({detail}). Vuelva a copiar "
        "la foto desde el teléfono.",
        "the image '{ref}' is truncated or damaged ({detail}). Copy the photo "
        "from the phone again.",
    ),
    "too_big": (
        "la imagen '{ref}' es demasiado grande ({detail}). Reduzca la foto (por "
        "ejemplo a 4000 píxeles de ancho) y vuelva a intentar.",
        "the image '{ref}' is too large ({detail}). Scale the photo down (e.g. "
        "to 4000 pixels wide) and try again.",
    ),
    "no_alt": (
        "la imagen '{ref}' no tiene texto alternativo. Escriba entre los "
        "corchetes qué muestra el dibujo: ![Dibujo de ...]({ref}).",
        "the image '{ref}' has no alt text. Write what the drawing shows "
        "between the brackets: ![Drawing of ...]({ref}).",
    ),
    "no_cover_alt": (
        "la imagen de portada '{ref}' no tiene texto alternativo. Añada la línea "
        "'imagen_alt: Dibujo de ...' describiendo lo que muestra.",
        "the cover image '{ref}' has no alt text. Add the line "
        "'image_alt: Drawing of ...' describing what it shows.",
    ),
    "original_link": (
        "'{ref}' enlaza el archivo original de una imagen, que podría llevar datos "
        "del teléfono. Muéstrela con ![texto alternativo]({ref}).",
        "'{ref}' links to an image's original file, which may carry phone data. "
        "Show it with ![alt text]({ref}).",
    ),
    "unclean": (
        "no se pudo limpiar la imagen '{ref}' ({detail}). Avise al equipo técnico.",
        "the image '{ref}' could not be cleaned ({detail}). Tell the technical team.",
    ),
}


class ImageProblem(Exception):
    """A problem with one source image; ``kind`` is a key of MESSAGES."""

    def __init__(self, kind, detail=""):
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail

    def message(self, ref):
        return describe(self.kind, ref, self.detail)

    def __str__(self):
        return f"{self.kind}: {self.detail}"


def describe(kind, ref, detail=""):
    spanish, english = MESSAGES[kind]
    return spanish.format(ref=ref, detail=detail) + " / " + english.format(ref=ref, detail=detail)
