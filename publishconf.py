"""Ajustes de producción / Production settings: ``from pelicanconf import *`` plus overrides."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# Set VOCES_SITEURL to the address the site is served from (e.g. GitHub Pages).
SITEURL = os.environ.get("VOCES_SITEURL", "")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# The production output is rebuilt clean: no stale page of a withdrawn story.
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = []

# Never preview drafts or stories in review in production.
VOCES_PREVIEW = False
