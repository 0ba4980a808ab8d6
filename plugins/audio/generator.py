"""The audio generator: checks, cleans, attaches, then writes only what is published.

* ``prepare(generators)`` (signal ``all_generators_finalized``): every article that
  will be written on the site and names a recording or a narration is checked (the
  file, the voice choice, the transcript); the recordings are cleaned on every core
  (cached by content hash) and verified; ``article.audio_info`` is set for
  ``partials/audio.html``. Stories that never reach the site (print only, withdrawn,
  drafts in production) are never looked at: their sound is published nowhere.
* ``generate_output(writer)``: looks again at the final lists, copies the files those
  use into ``output/audio/`` (named by content hash only), removes any other file
  there, and writes the listening page (``escuchar/``, ``en/listen/``).
"""

from __future__ import annotations

import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from pelican.contents import Article
from pelican.generators import Generator

from ..core import file_kinds
from ..core.cache_files import atomic_write, buildable, file_sha256, make_key, prune_folder
from ..core.errors import VocesError, display_path, report
from . import pipeline
from .cache import AudioCache
from .config import merge, pipeline_settings
from .errors import AudioProblem
from .recordings import (
    print_listen_url,
    read_transcript,
    resolve,
    transcript_file,
    transcript_html,
    wanted,
)

logger = logging.getLogger(__name__)

PIPELINE_VERSION = "audio-v1"
TYPES = {"ogg": "audio/ogg; codecs=opus", "m4a": 'audio/mp4; codecs="mp4a.40.2"'}


def label(seconds: float, size: int) -> str:
    """'4 min, 0.7 MB': what a reader needs to decide on prepaid data."""
    length = f"{max(1, round(seconds))} s" if seconds < 59.5 else f"{round(seconds / 60)} min"
    return f"{length}, {pipeline.human_bytes(size)}"


@dataclass
class Sound:
    """One recording or narration used by one article."""

    content: object
    role: str  # "recording" or "narration"
    ref: str
    field: str
    path: str | None = None
    key: str | None = None
    record: dict | None = None
    users: list = field(default_factory=list)


class AudioGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config = merge(self.settings)
        self.cache = AudioCache(self.config["cache_dir"])
        self.generators = []
        self.sounds = {}  # id(content) -> [Sound]
        self.withdrawn_sources = set()
        self.timings = {}

    def generate_context(self):
        """Nothing here: the work waits for every generator (``prepare``)."""

    # -- checking ------------------------------------------------------------
    def prepare(self, generators):
        self.generators = list(generators)
        started = time.perf_counter()
        settings = self.settings
        default_lang = settings.get("DEFAULT_LANG", "es")
        root = settings["PATH"]
        check_only = bool(settings.get("VOCES_CHECK_ONLY"))
        sounds = []
        for content in buildable(self.generators):
            if not isinstance(content, Article):
                self._no_sound_on_pages(content)
                continue
            try:
                found = self._sounds_of(content, root, default_lang)
            except VocesError as error:
                report(error, logger)
                continue
            sounds += found
        self._note_unpublished(root)
        self._report_strays(root)
        if not sounds:
            self._forget_withdrawn(set())
            return
        if not pipeline.have_ffmpeg():
            report(AudioProblem("no_ffmpeg").error(None, "audio", ""), logger)
            return
        self._process(sounds, probe_only=check_only)
        self._forget_withdrawn({s.key for s in sounds if s.key})
        if check_only:
            return
        for sound in sounds:
            if sound.record is not None:
                self.sounds.setdefault(id(sound.content), []).append(sound)
        self._attach(default_lang)
        self.timings["prepare"] = time.perf_counter() - started

    @staticmethod
    def _no_sound_on_pages(page):
        try:
            want = wanted(page)
        except VocesError:
            want = True
        if want:
            report(
                VocesError(
                    page.source_path,
                    "audio",
                    "las páginas (content/paginas/) no llevan grabaciones; solo los "
                    "artículos. Quite las líneas de audio o convierta la página en artículo.",
                    "pages (content/paginas/) carry no recordings; only articles do. Remove "
                    "the audio lines or make the page an article.",
                ),
                logger,
            )

    def _sounds_of(self, content, root, default_lang):
        want = wanted(content)
        if want is None:
            return []
        path = content.source_path
        config = self.config
        found = []
        if want.voice == "text" and (want.recording or want.narration):
            raise VocesError(
                path,
                "voz",
                "dice «voz: solo texto», pero también nombra una grabación. Si ella eligió "
                "solo texto, quite la línea «audio:» (o «narración:»); si no, cambie «voz:».",
                "says 'voice: text', but also names a recording. If she chose text only, "
                "remove the 'audio:' (or 'narration:') line; otherwise change 'voice:'.",
            )
        if want.recording and want.voice is None:
            message = VocesError(
                path,
                "voz",
                "tiene una grabación, pero no dice de quién es la voz. Añada «voz: propia» "
                "(su propia voz) o «voz: prestada» (otra compañera lee su testimonio). "
                "Ver docs/guia-de-escritura.md.",
                "has a recording but does not say whose voice it is. Add 'voice: own' "
                "(her own voice) or 'voice: borrowed' (another member reads her "
                "testimony). See docs/guia-de-escritura.md.",
            )
            if config["require_voice"]:
                raise message
            logger.warning("%s", message.message())
        if want.inline_transcript and not want.recording:
            logger.warning(
                "%s [audio_transcripción]: hay una transcripción pero ninguna grabación "
                "(«audio:»); no se muestra. / there is a transcript but no recording "
                "('audio:'); it is not shown.",
                display_path(path),
            )
        source_dir = os.path.dirname(path)
        for role, ref, fieldname in (
            ("recording", want.recording, "audio"),
            ("narration", want.narration, "narración"),
        ):
            if not ref:
                continue
            if (
                role == "recording"
                and want.audio_scope is not None
                and "web" not in want.audio_scope
            ):
                logger.info(
                    "%s: la grabación no va al sitio (audio_alcance sin «web»). / the "
                    "recording does not go on the site (audio_scope without 'web').",
                    display_path(path),
                )
                continue
            resolved, problem = resolve(ref, root, source_dir, config["content_dir"])
            if problem:
                raise AudioProblem(problem).error(path, fieldname, ref)
            found.append(Sound(content, role, ref, fieldname, path=resolved))
        for sound in found:
            if sound.role == "recording":
                self._transcript(sound, want, default_lang)
        return found

    def _transcript(self, sound, want, default_lang):
        content = sound.content
        lang = getattr(content, "lang", default_lang)
        text, text_lang = None, None
        if want.inline_transcript:
            text, text_lang = want.inline_transcript, lang
        else:
            name, name_lang = transcript_file(sound.path, lang, default_lang)
            if name:
                text, text_lang = read_transcript(name), name_lang
        if text and text.strip():
            content.audio_transcript_html = transcript_html(text)
            content.audio_transcript_lang = text_lang
            return
        message = VocesError(
            content.source_path,
            "audio_transcripción",
            f"la grabación '{sound.ref}' no tiene transcripción, y no se publica sin ella. "
            "Escriba lo que se oye en un archivo de texto junto a la grabación "
            f"(content/{self.config['content_dir']}/{os.path.basename(sound.path)}.txt) o "
            "en la línea «audio_transcripción: ...».",
            f"the recording '{sound.ref}' has no transcript and is not published without "
            "one. Write what is heard in a text file beside the recording "
            f"(content/{self.config['content_dir']}/{os.path.basename(sound.path)}.txt) or "
            "in the line 'audio_transcript: ...'.",
        )
        if self.config["require_transcript"]:
            raise message
        logger.warning("%s", message.message())
        content.audio_transcript_html = None
        content.audio_transcript_lang = None

    def _note_unpublished(self, root):
        """Log (never publish) the sound of print-only stories; remember withdrawn ones."""
        for generator in self.generators:
            for article in generator.context.get("print_only_articles") or ():
                want = wanted(article)
                if want and (want.recording or want.narration):
                    logger.info(
                        "%s: historia solo impresa: su grabación no se publica en ningún "
                        "lado. / print-only story: its recording is published nowhere.",
                        display_path(article.source_path),
                    )
            for metadata in getattr(generator, "voces_audio_withdrawn", ()):
                for ref in metadata:
                    path, problem = resolve(ref, root, metadata[ref], self.config["content_dir"])
                    if path and not problem:
                        self.withdrawn_sources.add(path)

    def _report_strays(self, root):
        """content/audio/ holds recordings and their transcripts, nothing else: anything
        else there would be skipped by every reader without a word."""
        folder = os.path.join(root, self.config["content_dir"])
        if not os.path.isdir(folder):
            return
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in sorted(filenames):
                if name.startswith(".") or name.endswith("~"):
                    continue
                if os.path.splitext(name)[0].upper() in ("README", "LEEME"):
                    continue  # a note for the editors (new newsrooms have one here)
                ext = file_kinds.suffix(name)
                if ext in file_kinds.AUDIO_INPUT or ext == ".txt":
                    continue
                report(
                    VocesError(
                        os.path.join(dirpath, name),
                        None,
                        f"en content/{self.config['content_dir']}/ solo van grabaciones (Ogg, "
                        "M4A, MP3, AMR, WAV) y sus transcripciones (.txt); este archivo no se "
                        "usaría. Muévalo a su carpeta (un artículo a su sección, un dibujo a "
                        "dibujos/).",
                        f"only recordings (Ogg, M4A, MP3, AMR, WAV) and their transcripts (.txt) "
                        f"go in content/{self.config['content_dir']}/; this file would not be "
                        "used. Move it to its folder (an article to its section, a drawing to "
                        "dibujos/).",
                    ),
                    logger,
                )

    def _forget_withdrawn(self, used_keys):
        """A withdrawn story's recording leaves the cache (unless a published story uses
        the same file), and the editor is reminded that the original is still there."""
        for path in sorted(self.withdrawn_sources):
            key = self._key(file_sha256(path))
            if key in used_keys:
                continue
            self.cache.remove(key)
            logger.warning(
                "%s: la historia que usaba esta grabación fue retirada; no se publica y se "
                "borró de la caché. Borre también el archivo original del repositorio. / "
                "the story using this recording was withdrawn; it is not published and was "
                "removed from the cache. Delete the original file from the repository too.",
                display_path(path),
            )

    def _key(self, sha):
        return make_key(PIPELINE_VERSION, sha, pipeline_settings(self.config))

    # -- cleaning ------------------------------------------------------------
    def _process(self, sounds, probe_only=False):
        by_path = {}
        for sound in sounds:
            by_path.setdefault(sound.path, []).append(sound)
        jobs, failed, hits = [], {}, 0
        # The same recording under two names (same bytes, same extension) is cleaned
        # once: its twins take the first one's outcome.
        queued, twins = {}, {}
        for path, users in by_path.items():
            try:
                size = os.path.getsize(path)
                if size > self.config["max_bytes"]:
                    raise AudioProblem(
                        "too_big",
                        pipeline.human_bytes(size),
                        pipeline.human_bytes(self.config["max_bytes"]),
                    )
                key = self._key(file_sha256(path))
            except AudioProblem as problem:
                failed[path] = problem
                continue
            for sound in users:
                sound.key = key
            if probe_only:
                jobs.append(path)
                continue
            record = self.cache.get(key)
            if record is None:
                first = queued.setdefault((key, file_kinds.suffix(path)), path)
                if first == path:
                    jobs.append(path)
                else:
                    twins.setdefault(first, []).append(path)
            else:
                hits += 1
                self.cache.touch(key)
                for sound in users:
                    sound.record = record
        if jobs:
            logger.info(
                "Audio: %d grabación(es) por limpiar, %d en caché. / Audio: %d recording(s) "
                "to clean, %d cached.",
                len(jobs),
                hits,
                len(jobs),
                hits,
            )
        work = self._check if probe_only else self._clean
        for path, outcome in self._run(jobs, work):
            for same in (path, *twins.get(path, ())):
                if isinstance(outcome, AudioProblem):
                    failed[same] = outcome
                elif outcome is not None:
                    for sound in by_path[same]:
                        sound.record = outcome
        for path, problem in failed.items():
            for sound in by_path[path]:
                sound.record = None
                report(problem.error(sound.content.source_path, sound.field, sound.ref), logger)

    def _check(self, path):
        pipeline.check_source(path, self.config)

    def _clean(self, path):
        started = time.perf_counter()
        result = pipeline.process(path, self.config)
        key = self._key(file_sha256(path))
        record = self.cache.put(key, result)
        ogg = record["files"]["ogg"]
        logger.info(
            "Audio: %s → %s, %s (%.0f KB/min, %.1f kbps) en %.1f s. / in %.1f s.",
            display_path(path),
            ogg["name"],
            label(ogg["duration"], ogg["bytes"]),
            ogg["bytes_per_minute"] / 1000,
            ogg["kbps"],
            time.perf_counter() - started,
            time.perf_counter() - started,
        )
        return record

    def _run(self, jobs, work):
        """Run ``work`` over ``jobs`` (paths) on every core; yield (path, result|problem)."""
        total = len(jobs)
        if not total:
            return
        workers = max(1, min(self.config["workers"], total))
        every = self.config["progress_every"]

        def guarded(path):
            try:
                return work(path)
            except AudioProblem as problem:
                return problem
            except OSError as exc:
                return AudioProblem("unreadable", exc.strerror or str(exc))

        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(guarded, path): path for path in jobs}
            for done, future in enumerate(as_completed(futures), 1):
                yield futures[future], future.result()
                if total >= every and (done % every == 0 or done == total):
                    logger.info(
                        "Audio: %d de %d listas. / Audio: %d of %d done.", done, total, done, total
                    )

    # -- what the templates get ----------------------------------------------------
    def _sound_data(self, record):
        folder = self.config["output_dir"]
        ogg, m4a = record["files"]["ogg"], record["files"].get("m4a")
        sources = [{"url": f"{folder}/{ogg['name']}", "type": TYPES["ogg"]}]
        if m4a:
            sources.append({"url": f"{folder}/{m4a['name']}", "type": TYPES["m4a"]})
        return {
            "sources": sources,
            "seconds": round(ogg["duration"], 1),
            "bytes": ogg["bytes"],
            "label": label(ogg["duration"], ogg["bytes"]),
            "download": sources[0]["url"],  # the Opus file: the size shown is its size
        }

    def _attach(self, default_lang):
        for found in self.sounds.values():
            content = found[0].content
            want = wanted(content)
            recording = next((s for s in found if s.role == "recording"), None)
            narration = next((s for s in found if s.role == "narration"), None)
            info = {
                "recording": self._sound_data(recording.record) if recording else None,
                "narration": self._sound_data(narration.record) if narration else None,
                "voice": want.voice if want else None,
                "transcript": getattr(content, "audio_transcript_html", None)
                if recording
                else None,
                "transcript_lang": getattr(content, "audio_transcript_lang", None),
                "print_url": None,
            }
            info["print_url"] = print_listen_url(content, want)
            content.audio_info = info
            # For the editions plugin: the web address a printed QR code opens.
            content.audio_listen_url = info["print_url"]

    # -- writing -------------------------------------------------------------
    def generate_output(self, writer):
        started = time.perf_counter()
        final = buildable(self.generators)
        names = {}
        used_keys = set()
        for content in final:
            for sound in self.sounds.get(id(content), ()):
                used_keys.add(sound.key)
                for ext, facts in sound.record["files"].items():
                    names[facts["name"]] = (sound.key, ext, facts)
        folder = os.path.join(self.output_path, self.config["output_dir"])
        total = 0
        for name, (key, ext, facts) in sorted(names.items()):
            source = self.cache.file_path(key, ext)
            try:
                with open(source, "rb") as fh:
                    data = fh.read()
            except OSError:
                data = b""  # removed by another build meanwhile: said below, no traceback
            if pipeline.hashed_name(data, ext) != name:
                report(
                    VocesError(
                        source,
                        None,
                        "la caché de audio cambió durante la construcción; vuelva a construir.",
                        "the audio cache changed during the build; build again.",
                    ),
                    logger,
                )
                continue
            target = os.path.join(folder, name)
            total += len(data)
            if os.path.isfile(target) and os.path.getsize(target) == len(data):
                continue
            atomic_write(target, data)
        prune_folder(folder, set(names))
        if names:
            logger.info(
                "Audio: %d archivos (%s) en %s/. / Audio: %d files (%s) in %s/.",
                len(names),
                pipeline.human_bytes(total),
                self.config["output_dir"],
                len(names),
                pipeline.human_bytes(total),
                self.config["output_dir"],
            )
        if not self.settings.get("VOCES_PREVIEW"):
            # Only entries no build used for a while: a preview running beside this build
            # (voces ver) may be using its drafts' entries. Withdrawn stories' entries
            # were removed at once (_forget_withdrawn).
            gone = self.cache.prune(used_keys, older_than_days=self.config["cache_days"])
            if gone:
                logger.info(
                    "Audio: %d entradas viejas borradas de la caché. / Audio: %d old cache "
                    "entries removed.",
                    gone,
                    gone,
                )
        from . import listen  # the page of every recorded testimony

        listen.write(self, writer, final)
        self.timings["write"] = time.perf_counter() - started
