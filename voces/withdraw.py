"""Withdrawal reaches the sources too: ``voces retirar SLUG [--borrar]``.

``retirar`` sets ``estado: retirado`` in every file of the story: the original and its
translations (the files that share its slug or its file name, as the build groups
them). The next ``voces publicar`` removes the story from the site.

``--borrar`` (``--delete``) also deletes those files, every drawing that only they
used and the recordings they name with their transcripts (a drawing or a recording
named anywhere else in ``content/`` is kept), and records the slug in
``content/retiradas.toml`` so that the build refuses any later story at that address
(``publication_rules``). Older commits of the private sources still hold the files;
the message says how to erase them from the history too.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from voces_plugins.core.retired import RETIRED_FILE, read_retired

RETIRED_HEADER = """\
# Direcciones retiradas para siempre / addresses withdrawn for good.
# Lo escribe «voces retirar SLUG --borrar». La construcción se detiene si una historia
# nueva usa uno de estos slugs: esa dirección ya se conoció con otra historia.
# Written by "voces retirar SLUG --borrar"; the build stops if a new story uses one.
"""
_STATUS_LINE = re.compile(r"^(?P<key>estado|status)\s*:.*$", re.IGNORECASE)
_TEXT = {".md", ".markdown", ".mkd", ".mdown", ".toml", ".txt"}


class WithdrawError(Exception):
    def __init__(self, es: str, en: str):
        super().__init__(f"{es} / {en}")
        self.es = es
        self.en = en


def record_slug(content_root: Path, slug: str) -> Path:
    try:
        slugs = read_retired(content_root)
    except (OSError, ValueError) as error:  # tomllib.TOMLDecodeError is a ValueError
        raise WithdrawError(
            f"content/{RETIRED_FILE} no se puede leer ({error}); no se borró nada. Corríjalo "
            '(debe tener una línea slugs = ["..."]) y vuelva a intentarlo.',
            f"content/{RETIRED_FILE} cannot be read ({error}); nothing was deleted. Fix it "
            '(it needs a line slugs = ["..."]) and try again.',
        ) from None
    if slug not in slugs:
        slugs.append(slug)
    path = Path(content_root) / RETIRED_FILE
    lines = "".join(f'  "{s}",\n' for s in sorted(slugs))
    path.write_text(f"{RETIRED_HEADER}\nslugs = [\n{lines}]\n", encoding="utf-8")
    return path


def set_withdrawn(path: Path) -> bool:
    """Write ``estado: retirado`` in the header of ``path``; False when already so."""
    text = path.read_text(encoding="utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    for i in range(end):
        match = _STATUS_LINE.match(lines[i])
        if match:
            key = match.group("key")
            wanted = f"{key}: {'withdrawn' if key.lower() == 'status' else 'retirado'}"
            if lines[i].strip() == wanted:
                return False
            lines[i] = wanted
            break
    else:
        lines.insert(end, "estado: retirado")
    path.write_text(newline.join(lines), encoding="utf-8")
    return True


def _entries(root: Path):
    from .review import load_settings, read_entries

    settings = load_settings(str(root / "publishconf.py"), str(root / "content"))
    problems: list = []
    content = Path(settings["PATH"]).resolve()
    return content, read_entries(content, settings, problems), problems


def story_files(root: Path, slug: str):
    """(content folder, every entry of the story, every entry) for ``slug``."""
    from voces_plugins.publication_rules.stories import Record, Stories

    content, entries, problems = _entries(root)
    records = {id(e): Record.from_metadata(e.metadata, None) for e in entries}
    stories = Stories(records.values())
    story = stories.story_of(slug, "")
    members = [e for e in entries if records[id(e)] in story]
    if not members:
        slugs = sorted({str(e.metadata.get("slug")) for e in entries if e.kind == "article"})
        hint = ", ".join(slugs[:8]) + (" ..." if len(slugs) > 8 else "")
        broken = "".join(f"\n  - {p.line()}" for p in problems)
        raise WithdrawError(
            f"No hay ninguna historia con el slug «{slug}». El slug es la última parte de "
            f"la dirección (articulos/SLUG/). Algunos: {hint}{broken}",
            f"There is no story with the slug '{slug}'. The slug is the last part of the "
            f"address (articulos/SLUG/). Some: {hint}",
        )
    return content, members, entries


def _drawings_of(entry, content: Path) -> set[Path]:
    from .review import IMG_SRC, _resolve

    found = set()
    refs = [str(entry.metadata["image"])] if entry.metadata.get("image") else []
    refs += [m.group("src") for m in IMG_SRC.finditer(entry.html)]
    for ref in refs:
        target = _resolve(ref, entry, content)
        if target.is_file() and content in target.parents:
            found.add(target)
    return found


def _recordings_of(entry, content: Path) -> set[Path]:
    """The recording and the narration the story names (any spelling of the keys)."""
    from voces_plugins.audio.recordings import KEYS, fold

    from .review import _resolve

    keys = {fold(k) for k in (*KEYS["audio"], *KEYS["narration"])}
    found = set()
    for key, value in (entry.metadata or {}).items():
        if fold(key) not in keys or not str(value).strip():
            continue
        target = _resolve(str(value).strip().strip("\"'"), entry, content)
        if target.is_file() and content in target.parents:
            found.add(target)
    return found


def _transcripts_of(recording: Path) -> list[Path]:
    """``<file>.txt``, ``<file>.<lang>.txt``, ``<stem>.txt``, ``<stem>.<lang>.txt``."""
    stem = re.escape(recording.stem)
    name = re.escape(recording.name)
    pattern = re.compile(rf"^(?:{name}|{stem})(?:\.[a-z]{{2}}(?:[-_]\w+)?)?\.txt$")
    return sorted(p for p in recording.parent.iterdir() if p.is_file() and pattern.match(p.name))


def only_theirs(drawings: set[Path], members: set[Path], content: Path) -> list[Path]:
    """Drawings not named in any other text file of content/ (articles, editions...)."""
    others = [
        p
        for p in content.rglob("*")
        if p.is_file() and p.suffix.lower() in _TEXT and p.resolve() not in members
    ]
    texts = [p.read_text(encoding="utf-8-sig", errors="replace") for p in others]
    kept = []
    for drawing in sorted(drawings):
        rel = drawing.relative_to(content).as_posix()
        if not any(rel in text or drawing.name in text for text in texts):
            kept.append(drawing)
    return kept


def withdraw(root: Path, slug: str, delete: bool = False) -> dict:
    root = Path(root).resolve()
    slug = slug.strip().strip("/").rsplit("/", 1)[-1]
    content, members, _entries_ = story_files(root, slug)
    paths = sorted({e.path.resolve() for e in members})
    result = {"files": paths, "changed": [], "deleted": [], "drawings": [], "record": None}
    if not delete:
        result["changed"] = [p for p in paths if set_withdrawn(p)]
        return result
    drawings = set()
    for entry in members:
        drawings |= _drawings_of(entry, content)
    doomed_drawings = only_theirs(drawings, set(paths), content)
    # Her voice goes too: the recording, the narration and their transcripts, unless
    # another text in content/ still names the recording.
    recordings = set()
    for entry in members:
        recordings |= _recordings_of(entry, content)
    transcripts = {t.resolve() for r in recordings for t in _transcripts_of(r)}
    doomed_recordings = only_theirs(recordings, set(paths) | transcripts, content)
    doomed_recordings += [t for r in doomed_recordings for t in _transcripts_of(r)]
    result["record"] = record_slug(content, slug)
    for path in paths + doomed_drawings + doomed_recordings:
        path.unlink()
    result["deleted"] = paths
    result["drawings"] = doomed_drawings
    result["recordings"] = doomed_recordings
    return result


def run(root: Path, slug: str, delete: bool) -> int:
    root = Path(root).resolve()
    try:
        result = withdraw(root, slug, delete)
    except WithdrawError as error:
        print(f"{error.es}\n  / {error.en}", file=sys.stderr)
        return 1

    def shown(path):
        return path.relative_to(root).as_posix()

    if not delete:
        for path in result["files"]:
            mark = "retirado" if path in result["changed"] else "ya estaba retirado"
            print(f"  {shown(path)}: {mark} / withdrawn")
        print(
            "Historia retirada. Publique de nuevo (voces publicar) para quitarla del sitio. "
            "Para borrar también sus archivos: voces retirar " + slug + " --borrar\n"
            "  / Story withdrawn. Publish again (voces publish) to take it off the site. "
            "To delete its files too: voces withdraw " + slug + " --delete"
        )
        return 0
    for path in result["deleted"] + result["drawings"] + result.get("recordings", []):
        print(f"  {shown(path)}: borrado / deleted")
    print(
        f"Historia borrada; su dirección quedó anotada en {shown(result['record'])} y no "
        "se volverá a publicar. Guarde el cambio (git add -A content && git commit) y "
        "publique (voces publicar). Los commits anteriores de las fuentes todavía tienen "
        "los archivos: para borrarlos de la historia también, pida ayuda (git filter-repo).\n"
        f"  / Story deleted; its address is recorded in {shown(result['record'])} and "
        "will not be published again. Commit the change and publish. Older commits of the "
        "sources still hold the files: to erase them from the history too, ask for help "
        "(git filter-repo)."
    )
    return 0
