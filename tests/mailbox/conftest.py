"""The mailbox every module tests against: its own folder and one server per module
(test_security and test_whatsapp define their own)."""

from __future__ import annotations

import pytest
from mailbox_helpers import Server, mailbox_env


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return mailbox_env(tmp_path_factory.mktemp("buzon"))


@pytest.fixture(scope="module")
def server(env):
    srv = Server(env)
    yield srv
    srv.stop()
