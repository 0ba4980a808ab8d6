"""``voces.local.toml``: the site's address and repository typed once, never committed."""

from __future__ import annotations

import sys

import pytest
from newsroom_helpers import git

from voces import local_settings
from voces.newsroom import create
from voces.site_remote import publish


@pytest.fixture
def newsroom(tmp_path, monkeypatch):
    monkeypatch.delenv("VOCES_SITEURL", raising=False)
    monkeypatch.delenv("VOCES_SITE_REMOTE", raising=False)
    return create(tmp_path / "redaccion")


def test_the_file_is_read_and_the_environment_wins(newsroom, monkeypatch):
    (newsroom / "voces.local.toml").write_text(
        'VOCES_SITEURL = "https://archivo.example.org"\n'
        'VOCES_SITE_REMOTE = "git@codeberg.org:colectiva/voces-sitio.git"\n',
        encoding="utf-8",
    )
    assert local_settings.setting("VOCES_SITEURL", newsroom) == "https://archivo.example.org"
    monkeypatch.setenv("VOCES_SITEURL", "https://entorno.example.org")
    assert local_settings.setting("VOCES_SITEURL", newsroom) == "https://entorno.example.org"
    assert git("check-ignore", "-q", "voces.local.toml", cwd=newsroom, check=False).returncode == 0


def test_publishconf_takes_the_site_address_from_the_file(newsroom, monkeypatch):
    from pelican.settings import read_settings

    (newsroom / "voces.local.toml").write_text(
        'VOCES_SITEURL = "https://archivo.example.org/sitio"\n', encoding="utf-8"
    )
    monkeypatch.chdir(newsroom)
    monkeypatch.setattr(sys, "path", list(sys.path))  # publishconf puts its folder first
    saved = {name: sys.modules.pop(name, None) for name in ("pelicanconf", "publishconf")}
    try:
        settings = read_settings(str(newsroom / "publishconf.py"))
    finally:  # the newsroom's settings modules never stay behind for other tests
        for name, module in saved.items():
            sys.modules.pop(name, None)
            if module is not None:
                sys.modules[name] = module
    assert settings["SITEURL"] == "https://archivo.example.org/sitio"
    assert settings["FEED_DOMAIN"] == "https://archivo.example.org/sitio"


@pytest.mark.parametrize(
    "text, words",
    [
        ('VOCES_SITE_REMOTO = "x"\n', "nombre desconocido VOCES_SITE_REMOTO"),
        ("VOCES_SITEURL = https://sin-comillas\n", "no se puede leer"),
        ("VOCES_SITEURL = 3\n", "entre comillas"),
    ],
)
def test_a_mistake_in_the_file_is_named_and_nothing_is_published(newsroom, capsys, text, words):
    (newsroom / "voces.local.toml").write_text(text, encoding="utf-8")
    assert publish(newsroom, message="x") == 2
    err = capsys.readouterr().err
    assert words in err and "voces.local.toml" in err and "/ " in err
    assert not (newsroom / "output").exists()
