"""``voces importar-whatsapp CHAT.zip``: an exported chat becomes submissions.

WhatsApp's "Exportar chat → Incluir archivos" gives a zip with the chat as text
(``_chat.txt`` or ``Chat de WhatsApp con ….txt``) and the media beside it. Each person
who wrote becomes one submission (several if she sent more than the per-submission
limit) with her messages as text, her voice notes and her photos, cleaned like uploads.

Never written anywhere: the dates and times of the messages, the senders' names or phone
numbers (they only group messages in memory, and are removed from the texts too, with
any other phone number, @mention, e-mail address or date found in a message).

The zip is judged before anything is stored: an entry with an absolute path, ``..``, a
backslash or a drive letter (zip-slip), a symbolic link, too many entries, too many
bytes once unpacked or an implausible compression ratio (zip bomb) refuses the whole
import. Nothing is ever extracted to a path from the zip: entries are read into memory,
with a hard cap, and stored under our own names.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from . import media
from .security import plain_text

MAX_ENTRIES = 2000
MAX_TOTAL = 1024 * 1024 * 1024  # bytes once unpacked, all entries together
MAX_RATIO = 100  # uncompressed / compressed, for entries over 1 MB
MAX_CHAT_TEXT = 20 * 1024 * 1024

_LRM = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"
_MESSAGE = re.compile(
    r"^[" + _LRM + r"]*\[?(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4}),?\s+"
    r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?\s?m\.?)?)\]?\s*(?:-\s*)?"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_ATTACHED = re.compile(
    r"<(?:adjunto|attached|anexo)\s*:\s*(?P<a>[^>]+)>|"
    r"(?P<b>[\w.\-]+\.\w{2,5})\s*\((?:archivo adjunto|file attached|arquivo anexado)\)",
    re.IGNORECASE,
)
# WhatsApp's placeholders, not words anyone wrote.
_PLACEHOLDER = re.compile(
    r"^<?(multimedia omitido|media omitted|archivo omitido|se eliminó este mensaje|"
    r"eliminaste este mensaje|este mensaje fue eliminado|this message was deleted|"
    r"you deleted this message|null|<se editó este mensaje>|<this message was edited>)>?\.?$",
    re.IGNORECASE,
)
_PHONE = re.compile(r"\+?\(?\d[\d\s()./\-\u00a0]{5,}\d")
#: A shared location or a maps link says where she lives or sleeps.
_MAP = re.compile(
    r"(?:https?://)?(?:[\w-]+\.)*(?:maps\.app\.goo\.gl|goo\.gl/maps|maps\.google\.[\w.]+|"
    r"google\.[\w.]+/maps|waze\.com|openstreetmap\.org|osm\.org|maps\.apple\.com)\S*",
    re.IGNORECASE,
)
#: WhatsApp's own lines name people who may never write: "X añadió a Y", "Y salió".
_SYSTEM_NAMES = re.compile(
    r"^(?P<a>.+?)\s+(?P<verb>añadió a|agregó a|eliminó a|added|removed|"
    r"creó|created|salió|left|se unió|joined)(?:\s+(?P<b>.+?))?\.?$",
    re.IGNORECASE,
)
_NOT_NAMES = {"tú", "tu", "te", "se", "you", "your", "el", "la", "los", "las", "this"}
_NAMES_AFTER = re.compile(r"(?i)^(?:añadió a|agregó a|eliminó a|added|removed)$")
_ACCENTS = {
    "a": "aáàâäã",
    "e": "eéèêë",
    "i": "iíìîï",
    "o": "oóòôöõ",
    "u": "uúùûü",
    "n": "nñ",
    "c": "cç",
}
_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?", re.IGNORECASE)
_MENTION = re.compile(r"@[\w.+\-]+")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+\.[\w.\-]+")


class ImportRefused(Exception):
    def __init__(self, es: str, en: str):
        super().__init__(f"{es} / {en}")
        self.es = es
        self.en = en


@dataclass
class Person:
    texts: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)  # zip entry names


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if "\0" in name or "\\" in name:
        return "nombre con caracteres prohibidos / forbidden characters"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "ruta absoluta / absolute path"
    if any(part == ".." for part in PurePosixPath(name).parts):
        return "ruta que sale de la carpeta (..) / path leaving the folder (zip-slip)"
    mode = info.external_attr >> 16
    if mode and stat.S_ISLNK(mode):
        return "enlace simbólico / symbolic link"
    return None


def check_zip(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The zip's file entries if it is safe to read; ImportRefused otherwise."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ImportRefused(
            f"El zip tiene {len(infos)} archivos (máximo {MAX_ENTRIES}); no se importó nada.",
            f"The zip has {len(infos)} entries (max {MAX_ENTRIES}); nothing was imported.",
        )
    total = 0
    for info in infos:
        problem = _entry_problem(info)
        if problem:
            raise ImportRefused(
                f"El zip tiene una entrada peligrosa ({problem}); no se importó nada. "
                "Exporte el chat otra vez desde WhatsApp.",
                f"The zip has a dangerous entry ({problem}); nothing was imported.",
            )
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportRefused(
                "El zip se infla demasiado al abrirlo (bomba zip); no se importó nada.",
                "The zip inflates far too much (zip bomb); nothing was imported.",
            )
    if total > MAX_TOTAL:
        raise ImportRefused(
            f"El zip pesa {total // 2**20} MB abierto (máximo {MAX_TOTAL // 2**20} MB); no se "
            "importó nada.",
            f"The zip unpacks to {total // 2**20} MB (max {MAX_TOTAL // 2**20}); nothing imported.",
        )
    return [i for i in infos if not i.is_dir()]


def read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """An entry's bytes, reading at most ``cap`` (+1) whatever its header claims."""
    limit = min(cap, info.file_size)
    try:
        with zf.open(info) as fh:
            data = fh.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        data = None  # zipfile checks the CRC against the declared size: a lie fails here
    if data is None or len(data) > limit:
        raise ImportRefused(
            "Un archivo del zip está dañado o es más grande de lo que dice (bomba zip); no se "
            "importó nada.",
            "An entry is damaged or larger than it claims (zip bomb); nothing was imported.",
        )
    return data


def _chat_entry(entries):
    texts = [i for i in entries if i.filename.lower().endswith(".txt")]
    if not texts:
        raise ImportRefused(
            "El zip no tiene el texto del chat (.txt). Exporte con «Exportar chat».",
            "The zip has no chat text (.txt). Use 'Export chat'.",
        )
    for info in texts:
        if PurePosixPath(info.filename).name.lower() == "_chat.txt":
            return info
    return max(texts, key=lambda i: i.file_size)


def parse_chat(text: str):
    """{sender: Person}: messages grouped by who wrote them (kept in memory only)."""
    people: dict[str, Person] = {}
    current = None
    for raw in text.splitlines():
        match = _MESSAGE.match(raw)
        if match:
            rest = match.group("rest")
            sender, sep, body = rest.partition(": ")
            if not sep:
                current = None  # a system line: "Maria creó el grupo", encryption notice
                continue
            sender = sender.strip(_LRM + " ")
            current = people.setdefault(sender, Person())
            _add(current, body)
        elif current is not None:
            _add(current, raw)
    return people


def system_names(text: str) -> list[str]:
    """Names in WhatsApp's own lines ("X añadió a Y", "Y salió"): people who may never
    write a message, and whose names must go from the texts too (memory only)."""
    found = set()
    for raw in text.splitlines():
        match = _MESSAGE.match(raw)
        if not match or ": " in match.group("rest"):
            continue
        line = match.group("rest").strip(_LRM + " ")
        named = _SYSTEM_NAMES.match(line)
        if not named:
            continue
        for group in ("a", "b"):
            value = (named.group(group) or "").strip(_LRM + ' «»"')
            if group == "b" and not _NAMES_AFTER.match(named.group("verb")):
                continue  # "creó el grupo «Colectiva»": the group's name, not a person
            for part in re.split(r"\s*(?:,|\by\b|\band\b)\s*", value):
                words = part.split()
                # A name, not a sentence of WhatsApp's ("Tu código de seguridad con…").
                if 0 < len(words) <= 4 and words[0].lower() not in _NOT_NAMES:
                    found.add(part)
    return sorted(found)


def _loose(word: str) -> str:
    """A pattern for ``word`` with or without its accents ("Pérez", "Perez", "PEREZ")."""
    folded = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    out = []
    for char in folded:
        variants = _ACCENTS.get(char.lower())
        out.append(f"[{variants}]" if variants else re.escape(char))
    return "".join(out)


def _add(person: Person, body: str) -> None:
    body = body.strip(_LRM + " ")
    found = False
    for match in _ATTACHED.finditer(body):
        person.media.append(PurePosixPath((match.group("a") or match.group("b")).strip()).name)
        found = True
    if found:
        body = _ATTACHED.sub("", body).strip()
    body = re.sub(r"\s*<(se editó este mensaje|this message was edited)>$", "", body, flags=re.I)
    if not body or _PLACEHOLDER.match(body):
        return
    person.texts.append(body)


def scrub(text: str, names: list[str]) -> str:
    """The text without names of the chat's people, phone numbers, mentions, e-mails, dates."""
    words = set()
    for name in names:
        words.add(name)
        words.update(w for w in re.split(r"[\s,.]+", name) if len(w) >= 3)
    text = _MAP.sub("[ubicación]", text)
    for word in sorted(words, key=len, reverse=True):
        # Pieces of a sender's phone number are left whole for _PHONE: replaced as
        # names first ("962" -> [nombre]), the rest of a number was no longer one.
        if not re.fullmatch(r"[\d\s+().\-/\u00a0]+", word):
            text = re.sub(rf"(?<!\w){_loose(word)}(?!\w)", "[nombre]", text, flags=re.I)
    text = _EMAIL.sub("[correo]", text)
    text = _MENTION.sub("[nombre]", text)
    text = _DATE.sub("[fecha]", text)
    text = _TIME.sub("[hora]", text)
    text = _PHONE.sub("[teléfono]", text)
    return text


def import_chat(path, settings, quarantine, warn=print) -> list[str]:
    """Store one submission per person (or more, by the limits); returns the receipts."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportRefused(
            f"{path}: no es un zip que se pueda abrir ({exc}).",
            f"{path}: not a readable zip ({exc}).",
        ) from None
    with zf:
        entries = check_zip(zf)
        chat_info = _chat_entry(entries)
        raw = read_entry(zf, chat_info, MAX_CHAT_TEXT)
        text = raw.decode("utf-8-sig", errors="replace")
        people = parse_chat(text)
        by_name = {}
        for info in entries:
            by_name.setdefault(PurePosixPath(info.filename).name, info)
        names = [*people, *system_names(text)]

        batches = []  # (texts, [(kind, clean, size)]) prepared fully before any commit
        for _sender, person in people.items():
            cleaned = []
            for name in person.media:
                info = by_name.get(name)
                if info is None:
                    warn(
                        f"Un adjunto del chat no está en el zip; se omite. / An attachment "
                        f"is missing from the zip; skipped. ({len(cleaned) + 1})"
                    )
                    continue
                data = read_entry(zf, info, settings.max_bytes)
                found = media.sniff(data)
                if found and found[0] == media.AUDIO and media.has_video(data):
                    warn("Un video del chat se omite. / A video is skipped.")
                    continue
                try:
                    kind, clean = media.clean(data, settings.photo_max_side)
                except media.MediaRefused as exc:
                    warn(f"Un adjunto se omite: {exc.es} / An attachment is skipped: {exc.en}")
                    continue
                cleaned.append((kind, clean, len(data)))
            texts = [plain_text(scrub(t, names)) for t in person.texts]
            if not texts and not cleaned:
                continue
            batches.extend(_split(texts, cleaned, settings))

    receipts = []
    today = dt.date.today().isoformat()
    for texts, files in batches:
        stored = {}
        entries_meta = []
        for n, (kind, clean, size) in enumerate(files, 1):
            name = f"grabacion-{n}.opus" if kind == media.AUDIO else f"foto-{n}.jpg"
            stored[name] = clean
            entries_meta.append({"name": name, "kind": kind, "size": size})
        data = {
            "recibido": today,
            "origen": "whatsapp",
            "texto": "\n\n".join(texts),
            "seudonimo": "",
            "alcance": "todavia_no",
            "consentimiento": False,
            "consentimiento_fecha": "",
            "archivos": entries_meta,
        }
        receipts.append(quarantine.commit(data, stored))
    return receipts


def _split(texts, cleaned, settings):
    """Batches within the per-submission limits (files and bytes); text goes with the first."""
    batches, current, size = [], [], 0
    for item in cleaned:
        if current and (len(current) >= settings.max_files or size + item[2] > settings.max_bytes):
            batches.append(current)
            current, size = [], 0
        current.append(item)
        size += item[2]
    if current or not batches:
        batches.append(current)
    return [(texts if i == 0 else [], files) for i, files in enumerate(batches)]
