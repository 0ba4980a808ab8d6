"""What can be wrong with a recording, said in Spanish first and English second."""

from ..core.errors import VocesError

# kind -> (Spanish, English); {ref} is the file as the article names it.
MESSAGES = {
    "missing": (
        "la grabación '{ref}' no existe. Revise el nombre (sin espacios) y que el archivo "
        "esté en content/audio/; escriba «audio: audio/nombre.ogg».",
        "the recording '{ref}' does not exist. Check the name (no spaces) and that the "
        "file is in content/audio/; write 'audio: audio/name.ogg'.",
    ),
    "outside": (
        "la grabación '{ref}' no está en content/audio/. Copie el archivo a esa carpeta y "
        "escriba «audio: audio/nombre.ogg».",
        "the recording '{ref}' is not in content/audio/. Copy the file to that folder and "
        "write 'audio: audio/name.ogg'.",
    ),
    "format": (
        "'{ref}' no es un formato de grabación aceptado ({detail}). Envíe la nota de voz "
        "como sale del teléfono: Ogg/Opus (WhatsApp), M4A/AAC, MP3, AMR o WAV.",
        "'{ref}' is not an accepted recording format ({detail}). Send the voice note as "
        "the phone makes it: Ogg/Opus (WhatsApp), M4A/AAC, MP3, AMR or WAV.",
    ),
    "empty": (
        "el archivo de la grabación '{ref}' está vacío{detail}. Vuelva a copiarlo desde "
        "el teléfono.",
        "the recording file '{ref}' is empty{detail}. Copy it from the phone again.",
    ),
    "unreadable": (
        "ffmpeg no puede leer la grabación '{ref}' ({detail}). Puede estar dañada o a "
        "medio copiar: vuelva a copiarla desde el teléfono.",
        "ffmpeg cannot read the recording '{ref}' ({detail}). It may be damaged or "
        "half-copied: copy it from the phone again.",
    ),
    "no_audio": (
        "el archivo '{ref}' no tiene sonido (ninguna pista de audio). Envíe la nota de voz "
        "misma, no un video ni una imagen.",
        "the file '{ref}' has no sound (no audio track). Send the voice note itself, not "
        "a video or a picture.",
    ),
    "silent": (
        "la grabación '{ref}' está en silencio: no se oye ninguna voz. Revise que sea el "
        "archivo correcto.",
        "the recording '{ref}' is silent: no voice can be heard. Check that it is the right file.",
    ),
    "too_long": (
        "la grabación '{ref}' dura {detail}; el máximo es {limit} minutos. Córtela en "
        "partes o pida a la editora que elija un fragmento.",
        "the recording '{ref}' lasts {detail}; the limit is {limit} minutes. Split it or "
        "ask the editor to choose an excerpt.",
    ),
    "too_big": (
        "el archivo de la grabación '{ref}' es demasiado grande ({detail}; máximo "
        "{limit}). Envíelo como nota de voz (Ogg/Opus o M4A) en vez de WAV.",
        "the recording file '{ref}' is too large ({detail}; limit {limit}). Send it as a "
        "voice note (Ogg/Opus or M4A) instead of WAV.",
    ),
    "no_ffmpeg": (
        "no se encontró ffmpeg, que limpia las grabaciones. Instálelo: sudo apt-get "
        "install ffmpeg (./run.sh lo instala).",
        "ffmpeg, which cleans the recordings, was not found. Install it: sudo apt-get "
        "install ffmpeg (./run.sh installs it).",
    ),
    "unclean": (
        "la grabación '{ref}' no quedó limpia después de procesarla ({detail}). No se "
        "publica. Avise al equipo técnico.",
        "the recording '{ref}' was not clean after processing ({detail}). It is not "
        "published. Tell the technical team.",
    ),
    "failed": (
        "ffmpeg no pudo convertir la grabación '{ref}' ({detail}). Vuelva a copiarla "
        "desde el teléfono; si sigue fallando, avise al equipo técnico.",
        "ffmpeg could not convert the recording '{ref}' ({detail}). Copy it from the "
        "phone again; if it still fails, tell the technical team.",
    ),
    "over_budget": (
        "la grabación limpia '{ref}' pesa {detail} por minuto, más que el límite de "
        "{limit}: costaría demasiados datos a quien escucha. Avise al equipo técnico.",
        "the cleaned recording '{ref}' weighs {detail} a minute, more than the {limit} "
        "limit: it would cost listeners too much data. Tell the technical team.",
    ),
}


class AudioProblem(Exception):
    """A problem with one recording; ``kind`` is a key of MESSAGES."""

    def __init__(self, kind, detail="", limit=""):
        super().__init__(kind, detail, limit)
        self.kind = kind
        self.detail = detail
        self.limit = limit

    def error(self, path, field, ref) -> VocesError:
        es, en = MESSAGES[self.kind]
        values = {"ref": ref, "detail": self.detail, "limit": self.limit}
        return VocesError(path, field, es.format(**values), en.format(**values))

    def __str__(self):
        return f"{self.kind}: {self.detail}"
