"""Red team: the site's address looks harmless, but git's own config sends the push to
the sources.

``voces publicar`` compared the site's address (and its ``insteadOf`` expansion) with
the sources' addresses, then pushed from a scratch repository. A ``pushInsteadOf``
rule in the editor's global git config rewrites only pushes: the checks saw the empty
site repository, and ghp-import pushed the built site (and would push again and again)
into the sources' remote. Real git, bare repositories in a temporary folder, the global
config given through ``GIT_CONFIG_GLOBAL``.
"""

from __future__ import annotations

import subprocess

import pytest

from voces import site_remote


def git(*args, cwd):
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repos(tmp_path, monkeypatch):
    sources_remote = tmp_path / "fuentes.git"
    site = tmp_path / "sitio.git"
    git("init", "-q", "--bare", str(sources_remote), cwd=tmp_path)
    git("init", "-q", "--bare", str(site), cwd=tmp_path)
    root = tmp_path / "redaccion"
    root.mkdir()
    git("init", "-q", cwd=root)
    git(
        "-c",
        "user.name=a",
        "-c",
        "user.email=a@b",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "x",
        cwd=root,
    )
    git("remote", "add", "origin", str(sources_remote), cwd=root)
    git("push", "-q", "origin", "HEAD:refs/heads/main", cwd=root)
    monkeypatch.setenv("VOCES_SITEURL", "https://colectiva.example.org/sitio")
    monkeypatch.setenv("VOCES_SITE_REMOTE", str(site))
    return root, sources_remote, site


@pytest.mark.parametrize("rule", ["pushInsteadOf", "insteadOf"])
def test_a_global_rewrite_of_the_site_address_to_the_sources_is_refused(
    repos, tmp_path, monkeypatch, rule
):
    root, sources_remote, site = repos
    config = tmp_path / "gitconfig"
    config.write_text(f'[url "{sources_remote}"]\n\t{rule} = {site}\n', encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    before = git("for-each-ref", cwd=sources_remote)

    with pytest.raises(site_remote.Refused) as refusal:
        site_remote.preflight(root)
    assert refusal.value.es.startswith("No se publica")
    if rule == "pushInsteadOf":  # insteadOf is caught earlier, by the address check
        assert str(sources_remote) in refusal.value.es
        assert "pushInsteadOf" in refusal.value.en
    assert site_remote.publish(root, message="sitio") == 2
    assert git("for-each-ref", cwd=sources_remote) == before, "the sources' remote changed"
    assert "gh-pages" not in git("for-each-ref", cwd=sources_remote)


def test_without_a_rewrite_the_same_site_passes_the_checks(repos, tmp_path, monkeypatch):
    root, _sources_remote, site = repos
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "vacio"))
    _siteurl, url, _branch, work = site_remote.preflight(root)
    assert url == str(site)
    # The probe remote is gone: the scratch repository is as push_site expects it.
    assert git("remote", cwd=work).strip() == ""


def test_git_variables_of_a_hook_do_not_turn_the_sources_into_the_scratch_repository(
    repos, tmp_path, monkeypatch
):
    """Inside a git hook (a post-commit that publishes) git sets GIT_DIR: the scratch
    repository's init, fetch, commit and push all happened in the sources' repository,
    which got a gh-pages branch and a 'sitio' remote."""
    root, sources_remote, site = repos
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "vacio"))
    monkeypatch.setenv("GIT_DIR", str(root / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(root))
    monkeypatch.setenv("GIT_INDEX_FILE", str(root / ".git" / "index"))
    _siteurl, url, branch, work = site_remote.preflight(root)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("<p>sitio</p>", encoding="utf-8")
    (output / site_remote.SITE_MARKER).write_text("", encoding="utf-8")
    assert site_remote.push_site(output, url, branch, work, "sitio", True) == 0
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name)
    assert "gh-pages" in git("for-each-ref", cwd=site)
    assert git("remote", cwd=root).split() == ["origin"], "the sources got a new remote"
    assert "gh-pages" not in git("for-each-ref", cwd=root)
    assert "gh-pages" not in git("for-each-ref", cwd=sources_remote)
