"""Each theme template compiled once, not once per generator and build.

Pelican gives every generator (articles, pages, static, the plugins' own) its own
Jinja environment, and each compiles the templates it renders: on the sample site
that was ~126 compilations of some 25 templates per build, about a third of a warm
build. Jinja's bytecode cache keeps the compiled code, checked against the SHA-1 of
the template's source (an edited template is compiled again), in memory for this
process and in ``CACHE_PATH/plantillas/`` for the next build.

The compiled code also depends on how the environment is set up (block delimiters,
``trim_blocks``, extensions, which filters take the context...), which Jinja's own
key leaves out; so the key here covers those too, and two environments set up
differently never share code. ``voces revisar`` (``VOCES_CHECK_ONLY``) renders
nothing and writes no cache.

A template's globals are one dict (``flat_globals``), not Jinja's ``ChainMap`` over
the environment's: every ``{% from ... import %}`` of a partial (an icon in each card,
~25,000 a warm build at 1,000 stories) compares the two key sets, and a ``ChainMap``
answers each key through a generator (~11% of a warm build's profile). The plugins
set their globals at ``generator_init``, before any template is loaded (what Jinja
asks of a ChainMap too: "avoid modifying any globals after a template is loaded").
"""

from __future__ import annotations

import functools
import hashlib
import weakref
from pathlib import Path

from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.utils import _PassArg

SUBDIR = "plantillas"
_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)


def _callable_name(value) -> str:
    if callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', '?')}"
    return repr(value)


def environment_key(environment) -> str:
    """What, besides the source, the compiled code of a template depends on."""
    parts = [f"{name}={getattr(environment, name, None)!r}" for name in _OPTIONS]
    parts.append(f"autoescape={_callable_name(environment.autoescape)}")
    parts.append(
        f"finalize={_PassArg.from_obj(environment.finalize) if environment.finalize else None}"
    )
    parts.extend(f"ext={name}" for name in sorted(environment.extensions))
    for kind, table in (("filter", environment.filters), ("test", environment.tests)):
        parts.extend(f"{kind}={name}:{_PassArg.from_obj(table[name])}" for name in sorted(table))
    return "\n".join(parts)


class TemplateCodeCache(FileSystemBytecodeCache):
    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        super().__init__(str(directory), "%s.jinja")
        self._memory: dict[str, bytes] = {}
        self._environments: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def get_bucket(self, environment, name, filename, source):
        env_key = self._environments.get(environment)
        if env_key is None:
            env_key = self._environments[environment] = environment_key(environment)
        key = hashlib.sha256(f"{name}\0{filename}\0{env_key}".encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._memory.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)
            if bucket.code is not None:
                return
        super().load_bytecode(bucket)  # a missing or stale file leaves bucket.code None

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._memory[bucket.key] = bucket.bytecode_to_string()
        try:
            super().dump_bytecode(bucket)  # written to a temporary file, then renamed
        except OSError:
            pass  # no room or no permission: compiled again next build, never wrong


_CACHES: dict[str, TemplateCodeCache] = {}


def use_code_cache(generator) -> None:
    """generator_init: give the generator's Jinja environment the shared code cache."""
    settings = generator.settings
    env = getattr(generator, "env", None)
    if env is None or settings.get("VOCES_CHECK_ONLY") or not settings.get("CACHE_PATH"):
        return
    if env.bytecode_cache is not None:
        return  # one given in JINJA_ENVIRONMENT (the tests keep theirs in memory) wins
    directory = Path(settings["CACHE_PATH"]) / SUBDIR
    cache = _CACHES.get(str(directory))
    if cache is None:
        try:
            cache = _CACHES[str(directory)] = TemplateCodeCache(directory)
        except OSError:
            return  # the cache folder cannot be made: templates are compiled as before
    env.bytecode_cache = cache


def flat_globals(generator) -> None:
    """generator_init: templates of this generator take the environment's globals as
    they are when the template is loaded, in one dict."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.make_globals = functools.partial(_flat, env)


def _flat(env, template_globals):
    return {**env.globals, **(template_globals or {})}
