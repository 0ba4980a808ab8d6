"""``voces publicar``: only the built site, to its own repository, never the sources'.

Real git throughout: the sources are a newsroom made by ``voces nueva-redaccion`` with
one commit, pushed to a bare repository (``origin``); the site repository is another
bare repository. Every refusal is checked for what did NOT happen too: no ref of any
repository changed, no site branch anywhere near the sources, nothing built.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from newsroom_helpers import (
    add_published_story,
    bare,
    git,
    git_env,
    make_newsroom,
    refs,
    voces_here,
)

from voces.site_remote import publish, repo_key

SITEURL = "https://colectiva.example.org/sitio"
GITHUB_SOURCES = "git@github.com:Colectiva/Voces-Fuentes.git"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    """Sources with a published story and a drawing, pushed to a bare ``origin``; a
    second remote ``github`` names the same sources on a host (never contacted)."""
    base = tmp_path_factory.mktemp("publicar")
    # Both commits only set the scene (what the hook lets through: test_pre_commit_hook).
    root = make_newsroom(base / "redaccion", hook=False)
    add_published_story(root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "--no-verify", "-m", "primera historia", cwd=root)
    origin = bare(base / "remotos" / "fuentes.git")
    git("remote", "add", "origin", str(origin), cwd=root)
    git("remote", "add", "github", GITHUB_SOURCES, cwd=root)
    git("push", "-q", "origin", "HEAD:refs/heads/main", cwd=root)
    return root, origin


def _spellings(root: Path, origin: Path):
    return [
        str(origin),
        str(origin) + "/",
        str(origin)[: -len(".git")],
        "file://" + str(origin),
        "file://" + str(origin) + "/",
        os.path.relpath(origin, root),
        str(origin.parent / "." / origin.name),
        "origin",
        "github",
        str(root),
        str(root / ".git"),
        ".",
        "https://github.com/colectiva/voces-fuentes",
        "https://GitHub.com/Colectiva/Voces-Fuentes.git/",
        "https://editora@www.github.com/colectiva/voces-fuentes/",
        "ssh://git@github.com/colectiva/voces-fuentes.git",
        "ssh://git@github.com:22/Colectiva/Voces-Fuentes",
        "git@github.com:colectiva/voces-fuentes",
        "git@GITHUB.COM:Colectiva/Voces-Fuentes.git/",
        "git://github.com/colectiva/voces-fuentes.git",
    ]


def _state(root: Path, origin: Path) -> tuple:
    """The sources' remote refs and when output/ was last built (None: never)."""
    marker = root / "output" / ".voces-output"
    return refs(origin), marker.stat().st_mtime_ns if marker.exists() else None


def _no_site_anywhere(root: Path, origin: Path, before: tuple):
    origin_refs, built = before
    assert refs(origin) == origin_refs, "the sources' remote changed"
    assert "refs/heads/gh-pages" not in refs(root), "the sources hold a site branch"
    assert _state(root, origin)[1] == built, "a build ran although publishing was refused"


def test_every_spelling_of_the_sources_address_is_one_repository(newsroom):
    root, origin = newsroom
    keys = {repo_key(s, root) for s in _spellings(root, origin) if s not in ("origin", "github")}
    # Two repositories: the local one (folder, .git, bare origin are told apart only by
    # path; origin and the folder are different places) and the one on github.com.
    assert ("host", "github.com", "colectiva/voces-fuentes") in keys
    assert repo_key(str(origin), root) == repo_key("file://" + str(origin) + "/", root)
    assert repo_key(str(root / ".git"), root) == repo_key(".", root)
    assert repo_key("git@github.com:org/x.git", root) != repo_key("git@gitlab.com:org/x", root)
    assert repo_key("https://github.com/org/x", root) != repo_key("https://github.com/org/y", root)


@pytest.mark.parametrize("index", range(20))
def test_publishing_to_the_sources_own_repository_is_refused(newsroom, index, monkeypatch, capsys):
    root, origin = newsroom
    spelling = _spellings(root, origin)[index]
    before = _state(root, origin)
    monkeypatch.setenv("VOCES_SITEURL", SITEURL)
    monkeypatch.setenv("VOCES_SITE_REMOTE", spelling)
    code = publish(root, message="Publicar", push=True)
    err = capsys.readouterr().err
    assert code == 2, (spelling, err)
    assert "No se publica" in err or "nombre de un remoto" in err, err
    assert "fuentes" in err and "/ " in err  # Spanish, then English
    _no_site_anywhere(root, origin, before)


def test_without_a_site_repository_nothing_is_published(newsroom, monkeypatch, capsys):
    root, origin = newsroom
    before = _state(root, origin)
    monkeypatch.setenv("VOCES_SITEURL", SITEURL)
    monkeypatch.delenv("VOCES_SITE_REMOTE", raising=False)
    assert publish(root, message="Publicar") == 2
    err = capsys.readouterr().err
    assert "falta VOCES_SITE_REMOTE" in err and "docs/guia-publicar.md" in err
    assert "VOCES_SITE_REMOTE, the site's PUBLIC repository" in err
    _no_site_anywhere(root, origin, before)


def test_a_copy_of_the_sources_under_another_name_is_refused(newsroom, monkeypatch, capsys):
    """A mirror or fork shares the sources' commits: refused even though its URL differs."""
    root, origin = newsroom
    copy = origin.parent / "copia-con-otro-nombre.git"
    git("clone", "-q", "--bare", str(origin), str(copy), cwd=origin.parent)
    before, copy_before = _state(root, origin), refs(copy)
    monkeypatch.setenv("VOCES_SITEURL", SITEURL)
    monkeypatch.setenv("VOCES_SITE_REMOTE", str(copy))
    assert publish(root, message="Publicar") == 2
    assert "comparte historia" in capsys.readouterr().err
    assert refs(copy) == copy_before
    _no_site_anywhere(root, origin, before)


def _repo_with(path: Path, branch: str, files: dict[str, str]) -> Path:
    work = path.parent / (path.name + "-trabajo")
    work.mkdir()
    git("init", "-q", cwd=work)
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text, encoding="utf-8")
    git("add", "-A", cwd=work)
    git("commit", "-q", "--no-verify", "-m", "algo", cwd=work)
    bare(path)
    git("push", "-q", str(path), f"HEAD:refs/heads/{branch}", cwd=work)
    return path


@pytest.mark.parametrize(
    "branch, files, words",
    [
        ("gh-pages", {"index.html": "<p>otro sitio</p>"}, "no es un sitio de Voces"),
        (
            "main",
            {"pelicanconf.py": "SITENAME = 'x'\n", "content/a.md": "título: a\n"},
            "tiene fuentes",
        ),
    ],
    ids=["another-site", "other-sources"],
)
def test_a_repository_that_is_not_a_voces_site_is_refused(
    newsroom, tmp_path, monkeypatch, capsys, branch, files, words
):
    root, origin = newsroom
    other = _repo_with(tmp_path / "otro.git", branch, files)
    before, other_before = _state(root, origin), refs(other)
    monkeypatch.setenv("VOCES_SITEURL", SITEURL)
    monkeypatch.setenv("VOCES_SITE_REMOTE", str(other))
    assert publish(root, message="Publicar") == 2
    assert words in capsys.readouterr().err
    assert refs(other) == other_before
    _no_site_anywhere(root, origin, before)


@pytest.fixture(scope="module")
def published(newsroom, tmp_path_factory):
    """``voces publicar`` run as an editor runs it, settings in voces.local.toml."""
    root, origin = newsroom
    origin_before = refs(origin)
    site = bare(tmp_path_factory.mktemp("sitio") / "sitio.git")
    (root / "voces.local.toml").write_text(
        f'VOCES_SITEURL = "{SITEURL}"\nVOCES_SITE_REMOTE = "{site}"\n', encoding="utf-8"
    )
    proc = voces_here("publicar", cwd=root, env=git_env())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root, origin, origin_before, site, proc


def _site_files(site: Path, branch="gh-pages") -> set[str]:
    return set(git("ls-tree", "-r", "--name-only", branch, cwd=site).stdout.split())


def _output_files(output: Path) -> set[str]:
    return {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}


def test_the_site_repository_holds_exactly_the_built_site_in_one_commit(published):
    root, _origin, _before, site, proc = published
    assert "Publicado" in proc.stderr
    files = _site_files(site)
    built = _output_files(root / "output")
    # ghp-import adds .nojekyll (GitHub Pages would otherwise skip folders like _x/).
    assert files == built | {".nojekyll"}
    assert "index.html" in files and any(f.startswith("imagenes/") for f in files)
    assert ".voces-output" in files  # what tells the next publish this is a Voces site
    assert not any(f.endswith((".md", ".toml", ".py")) for f in files)
    assert not any(f.startswith(("content/", "drafts/")) for f in files)
    assert git("rev-list", "--count", "gh-pages", cwd=site).stdout.strip() == "1"
    assert list(refs(site)) == ["refs/heads/gh-pages"]


def test_the_site_address_comes_from_voces_local_toml(published):
    root, _origin, _before, site, _proc = published
    feed = git("show", "gh-pages:feeds/todos.atom.xml", cwd=site).stdout
    assert f"{SITEURL}/articulos/hola-desde-la-colectiva/" in feed
    assert (root / "output" / "feeds" / "todos.atom.xml").read_text(encoding="utf-8") == feed


def test_the_public_commit_names_no_editor(published):
    _root, _origin, _before, site, _proc = published
    who = git("log", "-1", "--format=%an <%ae> / %cn <%ce>", "gh-pages", cwd=site).stdout
    assert "Editora" not in who and "editora.real" not in who
    assert who.strip() == "Voces <voces@localhost> / Voces <voces@localhost>"


def test_the_sources_remotes_never_receive_a_site_branch(published):
    root, origin, origin_before, _site, _proc = published
    assert refs(origin) == origin_before
    assert "refs/heads/gh-pages" not in refs(root)
    assert git("branch", "--list", "gh-pages", cwd=root).stdout.strip() == ""
    # The settings file with the addresses is never committed.
    assert git("check-ignore", "-q", "voces.local.toml", cwd=root, check=False).returncode == 0


def test_publishing_again_replaces_the_site_without_history(published, monkeypatch, capsys):
    root, origin, origin_before, site, _proc = published
    first = refs(site)["refs/heads/gh-pages"]
    (root / "content" / "comunidad" / "segunda.md").write_text(
        "título: Segunda nota\nfecha: 2026-11-02\nautora: Ana\nestado: publicado\n\nOtra.\n",
        encoding="utf-8",
    )
    try:
        monkeypatch.delenv("VOCES_SITE_REMOTE", raising=False)
        monkeypatch.delenv("VOCES_SITEURL", raising=False)
        assert publish(root, message="Otra vez") == 0, capsys.readouterr().err
    finally:
        (root / "content" / "comunidad" / "segunda.md").unlink()
    assert refs(site)["refs/heads/gh-pages"] != first
    assert git("rev-list", "--count", "gh-pages", cwd=site).stdout.strip() == "1"
    assert "articulos/segunda-nota/index.html" in _site_files(site)
    assert refs(origin) == origin_before


def test_a_site_branch_left_in_the_sources_is_pointed_out(published, capsys):
    """An earlier Voces published gh-pages in the sources' repository: say how to delete it."""
    root, origin, origin_before, site, _proc = published
    git("branch", "gh-pages", cwd=root)
    try:
        assert publish(root, message="Aviso", push=False) == 0
    finally:
        git("branch", "-D", "gh-pages", cwd=root)
    err = capsys.readouterr().err
    assert "refs/heads/gh-pages" in err and "git branch -D gh-pages" in err
    assert refs(origin) == origin_before


def test_no_push_prepares_the_commit_and_pushes_nothing(published, monkeypatch, capsys):
    root, origin, origin_before, site, _proc = published
    site_before = refs(site)
    assert publish(root, message="Sin subir", push=False) == 0
    assert "sin subir" in capsys.readouterr().err.lower()
    assert refs(site) == site_before and refs(origin) == origin_before
    work = root / ".cache" / "sitio-publicar"
    assert git("rev-list", "--count", "gh-pages", cwd=work).stdout.strip() == "1"
    assert git("check-ignore", "-q", ".cache/sitio-publicar", cwd=root, check=False).returncode == 0
