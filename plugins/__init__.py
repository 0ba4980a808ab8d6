"""Voces's Pelican plugins, one folder per capability, importable as ``voces_plugins``.

The folder stays at the top of the repository, where Pelican users look for it;
``pyproject.toml`` installs it under the project's own name (setuptools' ``package-dir``)
so that plugins are listed in ``PLUGINS`` by a dotted name no other package uses.
A plugin may import ``voces_plugins.core``, never another plugin.
"""
