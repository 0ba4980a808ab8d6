"""The readers' tests share one small site per test process (readers_helpers)."""

from readers_helpers import readers_server, readers_site  # noqa: F401  (fixtures)
