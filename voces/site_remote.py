"""Publishing the built site to its own repository, never to the sources' one.

The sources (drafts, stories in review, consent dates, original photos, withdrawn
stories in the history) live in a private repository. The public site lives in a
second repository, named by ``VOCES_SITE_REMOTE`` (environment or
``voces.local.toml``): a git URL or a local path. :func:`publish` builds, checks the
images, then pushes ``output/`` as one commit without history (ghp-import, as before)
from a scratch repository in ``.cache/`` — the sources' repository never holds a site
branch and its remotes never receive one.

It refuses, before building and with nothing pushed, when:

* no site repository is named;
* the site repository is the sources' repository or one of its remotes (URLs compared
  normalised: ``git@host:org/x.git``, ``https://host/org/x``, ``ssh://``, ``.git`` and
  ``/`` at the end, the host's case, ``insteadOf`` rewrites, local paths resolved), or a
  remote's name;
* the site repository shares a commit with the sources (another spelling of the same
  repository, a mirror, a fork);
* the site repository already has content that is not a Voces site: its site branch
  lacks the marker ``build_guard`` writes into every output folder, or another branch
  holds sources (``pelicanconf.py``, ``content/``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

from . import local_settings

#: What ``build_guard`` writes into every output folder (output_folder.MARKER).
SITE_MARKER = ".voces-output"
DEFAULT_BRANCH = "gh-pages"
#: The scratch repository the site commit is made in (git-ignored, in .cache/).
WORK_DIR = Path(".cache") / "sitio-publicar"
#: The site's public commits carry no editor's name or e-mail.
NEUTRAL_IDENTITY = {
    "GIT_AUTHOR_NAME": "Voces",
    "GIT_AUTHOR_EMAIL": "voces@localhost",
    "GIT_COMMITTER_NAME": "Voces",
    "GIT_COMMITTER_EMAIL": "voces@localhost",
}
#: Files at the top of a branch that say "these are sources, not a built site".
SOURCE_SIGNS = ("pelicanconf.py", "publishconf.py", "content")
GUIDE = "docs/guia-publicar.md"
#: GitLab Pages publishes what a CI job puts in public/: this job copies the site as it is.
GITLAB_CI = """\
# Escrito por voces publicar: GitLab Pages publica el sitio tal cual.
# Written by voces publicar: GitLab Pages publishes the site as it is.
pages:
  stage: deploy
  script:
    - mkdir .public
    - cp -r ./* .public
    - rm -f .public/.gitlab-ci.yml
    - mv .public public
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"""


class Refused(Exception):
    """Publishing must not go on; nothing was pushed."""

    def __init__(self, es: str, en: str):
        super().__init__(f"{es} / {en}")
        self.es = es
        self.en = en


def say(es: str, en: str) -> None:
    print(f"{es}\n  / {en}", file=sys.stderr, flush=True)


# -- comparing repository addresses ------------------------------------------------------

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://(.*)$", re.IGNORECASE | re.DOTALL)
_SCP = re.compile(r"^(?:[^@/:]+@)?(\[[^\]]+\]|[^:/]+):(.*)$", re.DOTALL)


def _host_key(host: str, path: str) -> tuple[str, str, str]:
    host = host.lower().strip("[]")
    for prefix in ("www.", "ssh."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    path = unquote(path).replace("\\", "/")
    path = re.sub(r"/+", "/", path).strip("/")
    if path.startswith("~"):
        path = path[1:]
    while path.lower().endswith(".git"):
        path = path[:-4].rstrip("/")
    return ("host", host, path.lower())


def _local_key(path: str, base: Path) -> tuple[str, str, str]:
    full = Path(os.path.expanduser(path))
    if not full.is_absolute():
        full = base / full
    resolved = os.path.realpath(full)
    for suffix in ("/.git", ".git"):
        if resolved.endswith(suffix) and len(resolved) > len(suffix):
            resolved = resolved[: -len(suffix)]
            break
    return ("path", "", resolved.rstrip("/") or "/")


def repo_key(url: str, base: Path | str = ".") -> tuple[str, str, str]:
    """One spelling-independent key per repository address.

    ``git@GitHub.com:Org/x.git``, ``https://github.com/org/x/``, ``ssh://git@github.com/
    org/x`` and ``git://github.com/org/x.git`` share a key; a local path (relative to
    ``base``) is resolved, with a final ``.git`` or ``/.git`` dropped as git does.
    """
    base = Path(base).resolve()
    url = url.strip()
    match = _SCHEME.match(url)
    if match:
        scheme, rest = match.group(1).lower(), match.group(2)
        if scheme == "file":
            if not rest.startswith("/"):
                rest = "/" + rest.partition("/")[2]  # file://host/path: the host is ignored
            return _local_key(unquote(rest), base)
        netloc, _, path = rest.partition("/")
        host = netloc.rpartition("@")[2]
        # Drop the port: "host:22", "[::1]:22".
        host = host.partition("]")[0] + "]" if host.startswith("[") else host.partition(":")[0]
        return _host_key(host, path)
    match = _SCP.match(url)
    # "C:/x" (a drive letter) and "./a:b" are paths; "host:path" is scp-like ssh.
    if match and len(match.group(1)) > 1 and "/" not in match.group(1):
        return _host_key(match.group(1), match.group(2))
    return _local_key(url, base)


#: Variables that point git at another repository than the folder it runs in. Git sets
#: them for its hooks (and an editor may export them): the scratch repository's init,
#: fetch, commit and push would then all happen in the sources' repository.
GIT_LOCATION_VARS = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)


def git_env(extra=None) -> dict:
    """This process's environment without ``GIT_LOCATION_VARS``, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in GIT_LOCATION_VARS}
    return {**env, **(extra or {})}


def _git(args, cwd, env=None, check=False):
    proc = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=git_env(env),  # git may ask for the account's password/token
    )
    if check and proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, args, proc.stdout, proc.stderr)
    return proc


def _is_git_repo(root: Path) -> bool:
    return _git(["rev-parse", "--git-dir"], root).returncode == 0


def source_remotes(root: Path) -> dict[str, list[str]]:
    """Remote name -> every URL it fetches from or pushes to (insteadOf applied)."""
    if not _is_git_repo(root):
        return {}
    listing = _git(["config", "--get-regexp", r"^remote\..*\.(url|pushurl)$"], root).stdout
    remotes: dict[str, list[str]] = {}
    for line in listing.splitlines():
        key, _, value = line.partition(" ")
        name = key[len("remote.") :].rsplit(".", 1)[0]
        remotes.setdefault(name, []).append(value.strip())
    for name, urls in remotes.items():
        for args in (
            ["remote", "get-url", "--all", name],
            ["remote", "get-url", "--push", "--all", name],
        ):
            urls.extend(u.strip() for u in _git(args, root).stdout.splitlines() if u.strip())
    return remotes


def source_keys(root: Path) -> dict[tuple, str]:
    """Key -> how an editor would recognise it (the folder, or the remote's name)."""
    keys = {repo_key(str(root), root): f"{root}"}
    if _is_git_repo(root):
        for flag in ("--absolute-git-dir", "--git-common-dir"):
            found = _git(["rev-parse", flag], root).stdout.strip()
            if found:
                keys.setdefault(repo_key(found, root), str(root))
    for name, urls in source_remotes(root).items():
        for url in urls:
            keys.setdefault(repo_key(url, root), f"{name} ({url})")
    return keys


def check_not_source(root: Path, site: str) -> None:
    """Refuse a site repository that is the sources' repository or one of its remotes."""
    root = Path(root).resolve()
    remotes = source_remotes(root)
    if site in remotes:
        raise Refused(
            f"VOCES_SITE_REMOTE es «{site}», el nombre de un remoto del repositorio de las "
            "fuentes: ahí se subirían los borradores y las fotos originales. Escriba la "
            f"dirección del repositorio PÚBLICO del sitio (vea {GUIDE}).",
            f"VOCES_SITE_REMOTE is '{site}', the name of a remote of the sources' "
            "repository: drafts and original photos would go there. Write the address of "
            f"the site's PUBLIC repository (see {GUIDE}).",
        )
    spellings = {site}
    if _is_git_repo(root):
        expanded = _git(["ls-remote", "--get-url", site], root).stdout.strip()
        if expanded:
            spellings.add(expanded)
    known = source_keys(root)
    for spelling in spellings:
        key = repo_key(spelling, root)
        if key in known:
            raise Refused(
                f"No se publica: el repositorio del sitio ({site}) es el mismo que el de "
                f"las fuentes ({known[key]}). Ahí están los borradores, los consentimientos "
                "y las fotos originales: el sitio va en OTRO repositorio, público, y las "
                f"fuentes en uno privado. Vea {GUIDE}.",
                f"Not published: the site repository ({site}) is the sources' repository "
                f"({known[key]}). It holds drafts, consents and original photos: the site "
                f"goes to ANOTHER, public repository, the sources to a private one. See "
                f"{GUIDE}.",
            )


# -- looking at what the site repository holds -------------------------------------------


def _push_url(site: str, root: Path) -> str:
    """A local path made absolute (it is used from the scratch repository)."""
    key = repo_key(site, root)
    if key[0] == "path" and not _SCHEME.match(site.strip()):
        path = Path(os.path.expanduser(site.strip()))
        return str(path if path.is_absolute() else (root / path).resolve())
    return site.strip()


def remote_heads(url: str, cwd: Path) -> dict[str, str]:
    """Every ref of the site repository: name -> commit."""
    proc = _git(["ls-remote", url], cwd)
    if proc.returncode != 0:
        detail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        raise Refused(
            f"No se pudo leer el repositorio del sitio {url} ({detail}). Revise "
            "VOCES_SITE_REMOTE, la conexión y que su cuenta tenga acceso; el repositorio "
            f"tiene que existir antes de publicar (vea {GUIDE}).",
            f"Could not read the site repository {url} ({detail}). Check "
            "VOCES_SITE_REMOTE, the connection and that your account has access; the "
            f"repository must exist before publishing (see {GUIDE}).",
        )
    refs = {}
    for line in proc.stdout.splitlines():
        sha, _, ref = line.partition("\t")
        if sha and ref:
            refs[ref.strip()] = sha.strip()
    return refs


def check_site_content(root: Path, url: str, branch: str, work: Path) -> None:
    """Refuse when the site repository holds anything but a Voces site (or nothing)."""
    refs = remote_heads(url, work)
    if _is_git_repo(root):
        for ref, sha in refs.items():
            if _git(["cat-file", "-e", f"{sha}^{{commit}}"], root).returncode == 0:
                raise Refused(
                    f"No se publica: el repositorio del sitio {url} comparte historia con "
                    f"el de las fuentes (su {ref} es un commit de las fuentes): es el mismo "
                    "repositorio con otro nombre, una copia o un fork. Use un repositorio "
                    f"nuevo y vacío para el sitio (vea {GUIDE}).",
                    f"Not published: the site repository {url} shares history with the "
                    f"sources (its {ref} is a commit of the sources): it is the same "
                    "repository under another name, a copy or a fork. Use a new, empty "
                    f"repository for the site (see {GUIDE}).",
                )
    heads = {ref[len("refs/heads/") :] for ref in refs if ref.startswith("refs/heads/")}
    if not heads:
        return  # a new, empty repository: the first publication
    fetched = _git(["fetch", "-q", "--depth", "1", url, "+refs/heads/*:refs/remotes/sitio/*"], work)
    if fetched.returncode != 0:
        detail = (fetched.stderr.strip().splitlines() or ["?"])[-1]
        raise Refused(
            f"No se pudo leer el contenido del repositorio del sitio {url} ({detail}).",
            f"Could not read the content of the site repository {url} ({detail}).",
        )
    for head in sorted(heads):
        top = set(
            _git(["ls-tree", "--name-only", f"refs/remotes/sitio/{head}"], work).stdout.split()
        )
        if head == branch and SITE_MARKER not in top:
            raise Refused(
                f"No se publica: la rama «{branch}» de {url} ya tiene archivos y no es un "
                f"sitio de Voces (le falta {SITE_MARKER}); publicar la borraría. Revise "
                "VOCES_SITE_REMOTE: el sitio va en un repositorio propio, nuevo y vacío.",
                f"Not published: the '{branch}' branch of {url} already has files and is "
                f"not a Voces site ({SITE_MARKER} is missing); publishing would erase it. "
                "Check VOCES_SITE_REMOTE: the site goes to a repository of its own, new "
                "and empty.",
            )
        signs = sorted(top & set(SOURCE_SIGNS))
        if head != branch and signs:
            raise Refused(
                f"No se publica: la rama «{head}» de {url} tiene fuentes de un periódico "
                f"({', '.join(signs)}): ese no es el repositorio del sitio. Revise "
                "VOCES_SITE_REMOTE.",
                f"Not published: the '{head}' branch of {url} holds a newspaper's sources "
                f"({', '.join(signs)}): that is not the site repository. Check "
                "VOCES_SITE_REMOTE.",
            )


# -- publishing ----------------------------------------------------------------------------


def site_settings(root: Path) -> tuple[str, str, str]:
    """(site URL, site repository, branch), from the environment or voces.local.toml."""
    siteurl = local_settings.setting("VOCES_SITEURL", root)
    remote = local_settings.setting("VOCES_SITE_REMOTE", root)
    branch = local_settings.setting("VOCES_SITE_BRANCH", root, DEFAULT_BRANCH)
    if not siteurl.startswith("https://"):
        raise Refused(
            "No se publica: falta VOCES_SITEURL, la dirección https:// del sitio. Sin ella "
            "los feeds no funcionan y los códigos QR de los PDF llevarían a una dirección "
            f"de ejemplo. Escríbala en {local_settings.FILE_NAME}, por ejemplo: "
            'VOCES_SITEURL = "https://colectiva.github.io/voces-sitio"',
            "Not published: VOCES_SITEURL, the site's https:// address, is missing. Without "
            "it feeds break and the PDFs' QR codes would point to a sample address. Write "
            f"it in {local_settings.FILE_NAME}.",
        )
    if not remote:
        raise Refused(
            "No se publica: falta VOCES_SITE_REMOTE, el repositorio PÚBLICO del sitio "
            "(distinto del repositorio privado de las fuentes). Escríbalo en "
            f"{local_settings.FILE_NAME}, por ejemplo: "
            'VOCES_SITE_REMOTE = "git@github.com:colectiva/voces-sitio.git". '
            f"Paso a paso: {GUIDE}.",
            "Not published: VOCES_SITE_REMOTE, the site's PUBLIC repository (not the "
            "sources' private one), is missing. Write it in "
            f"{local_settings.FILE_NAME}. Step by step: {GUIDE}.",
        )
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/-]*", branch) or ".." in branch:
        raise Refused(
            f"VOCES_SITE_BRANCH «{branch}» no es un nombre de rama válido (p. ej. gh-pages).",
            f"VOCES_SITE_BRANCH '{branch}' is not a valid branch name (e.g. gh-pages).",
        )
    return siteurl, remote, branch


def _fresh_work_dir(root: Path) -> Path:
    work = root / WORK_DIR
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _git(["init", "-q"], work, check=True)
    return work


def check_push_target(root: Path, url: str, work: Path) -> None:
    """Refuse when git, in the scratch repository, would push or fetch the sources.

    The push goes from ``work``, where the editor's global git config still applies:
    ``url.<sources>.pushInsteadOf = <site>`` (or ``insteadOf``) sends a push for the
    site to the sources although the site's address itself looks harmless. The URLs
    git will really use are asked of git and compared like the address.
    """
    probe = "voces-comprobar"
    _git(["remote", "remove", probe], work)
    _git(["remote", "add", probe, url], work, check=True)
    try:
        urls = set()
        for args in (["--push", "--all"], ["--all"]):
            found = _git(["remote", "get-url", *args, probe], work).stdout
            urls.update(u.strip() for u in found.splitlines() if u.strip())
    finally:
        _git(["remote", "remove", probe], work)
    known = source_keys(root)
    for real in sorted(urls):
        key = repo_key(real, work)
        if key in known:
            raise Refused(
                f"No se publica: git enviaría el sitio ({url}) a {real}, que es el "
                f"repositorio de las fuentes ({known[key]}), por una regla insteadOf o "
                "pushInsteadOf de su configuración de git (git config --global --list). "
                f"Quite esa regla o use otra dirección para el sitio (vea {GUIDE}).",
                f"Not published: git would send the site ({url}) to {real}, the sources' "
                f"repository ({known[key]}), through an insteadOf or pushInsteadOf rule in "
                "your git config (git config --global --list). Remove that rule or use "
                f"another address for the site (see {GUIDE}).",
            )


def preflight(root: Path) -> tuple[str, str, str, Path]:
    """Every refusal that needs no build: (siteurl, push URL, branch, scratch repo)."""
    root = Path(root).resolve()
    siteurl, remote, branch = site_settings(root)
    check_not_source(root, remote)
    url = _push_url(remote, root)
    work = _fresh_work_dir(root)
    check_push_target(root, url, work)
    check_site_content(root, url, branch, work)
    return siteurl, url, branch, work


def build(root: Path, siteurl: str, output: Path) -> int:
    """The production build (publishconf.py), in this process, as ``voces construir``."""
    from .commands.common import build as run_build

    return run_build(root, "publishconf.py", output, env={"VOCES_SITEURL": siteurl})


def images_clean(output: Path) -> bool:
    from voces_plugins.images.check import scan_tree

    problems = scan_tree(str(output)).problems
    for line in problems:
        print(line, file=sys.stderr)
    return not problems


def push_site(output: Path, url: str, branch: str, work: Path, message: str, push: bool) -> int:
    """One commit, no history, made by ghp-import in the scratch repository."""
    _git(["remote", "add", "sitio", url], work, check=True)
    cmd = ["ghp-import", "-n", "-o", "-m", message, "-b", branch, "-r", "sitio"]
    if push:
        cmd += ["-p", "-f"]
    cmd.append(str(output))
    ghp = Path(sys.executable).with_name("ghp-import")
    if ghp.exists():
        cmd[0] = str(ghp)
    return subprocess.run(cmd, cwd=work, env=git_env(NEUTRAL_IDENTITY)).returncode


def old_site_branches(root: Path) -> list[str]:
    """Site branches an earlier Voces left in the sources' repository (gh-pages)."""
    if not _is_git_repo(root):
        return []
    listing = _git(["for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes"], root)
    return [ref for ref in listing.stdout.split() if ref.rsplit("/", 1)[-1] == DEFAULT_BRANCH]


def warn_old_site_branches(root: Path) -> None:
    for ref in old_site_branches(root):
        parts = ref.split("/")
        if parts[1] == "remotes":
            fix = f"git push {parts[2]} --delete {DEFAULT_BRANCH}"
        else:
            fix = f"git branch -D {DEFAULT_BRANCH}"
        say(
            f"Aviso: el repositorio de las fuentes tiene una rama {DEFAULT_BRANCH} de una "
            f"versión anterior de Voces ({ref}). El sitio ya no se publica ahí; bórrela: {fix}",
            f"Notice: the sources' repository has a {DEFAULT_BRANCH} branch from an earlier "
            f"Voces ({ref}). The site is no longer published there; delete it: {fix}",
        )


def publish(root: Path, *, message: str, push: bool = True, output: str = "output") -> int:
    """``voces publicar``: refuse, or build, check and push the site. Returns an exit code."""
    root = Path(root).resolve()
    try:
        siteurl, url, branch, work = preflight(root)
    except (Refused, local_settings.LocalSettingsError) as refusal:
        say(refusal.es, refusal.en)
        return 2
    warn_old_site_branches(root)
    out = (root / output).resolve()
    code = build(root, siteurl, out)
    if code:
        say(
            "No se publica: la construcción falló; lea los mensajes de arriba.",
            "Not published: the build failed; read the messages above.",
        )
        return code
    if not images_clean(out):
        say(
            "No se publica: hay imágenes con metadatos.",
            "Not published: some images still carry metadata.",
        )
        return 1
    if local_settings.setting("VOCES_SITE_HOST", root).lower() == "gitlab":
        (out / ".gitlab-ci.yml").write_text(GITLAB_CI, encoding="utf-8")
    code = push_site(out, url, branch, work, message, push)
    if code:
        say(
            f"No se pudo subir el sitio a {url} (código {code}); lea los mensajes de arriba. "
            "El sitio publicado no cambió.",
            f"Could not push the site to {url} (code {code}); read the messages above. "
            "The published site did not change.",
        )
        return code
    if push:
        say(
            f"Publicado: la rama «{branch}» de {url} tiene ahora solo el sitio construido "
            "(un commit, sin historial).",
            f"Published: the '{branch}' branch of {url} now holds only the built site "
            "(one commit, no history).",
        )
    else:
        say(
            f"Preparado sin subir: el commit del sitio está en {work} (rama «{branch}»).",
            f"Prepared, not pushed: the site commit is in {work} ('{branch}' branch).",
        )
    return 0
