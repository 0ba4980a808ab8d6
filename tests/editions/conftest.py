"""Fixtures of the editions tests."""

from editions_helpers import tiny_site  # noqa: F401 - a fixture, found by pytest by name
