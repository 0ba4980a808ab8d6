"""Ajustes de producción / Production settings: ``from pelicanconf import *`` plus overrides."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403
from voces.local_settings import setting

# VOCES_SITEURL: the address the site is served from (e.g. GitHub Pages), from the
# environment or the git-ignored voces.local.toml next to this file.
SITEURL = setting("VOCES_SITEURL", os.path.dirname(os.path.abspath(__file__)))
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# The production output is rebuilt clean: no stale page of a withdrawn story.
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = []

# Never preview drafts or stories in review in production.
VOCES_PREVIEW = False
