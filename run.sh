#!/usr/bin/env bash
# Voces: the README's commands / los comandos del README.
#
#   ./run.sh          prepara todo, construye el sitio de muestra (con sus PDF) en output/
#                     y lo sirve en http://127.0.0.1:8000  (set up, build, serve)
#   ./run.sh build    prepara todo y solo construye en output/  (set up and build only)
#   ./run.sh test     prepara todo, también lo de las pruebas (chromium), y corre todas
#                     las pruebas  (set up with test tools and run the whole test suite)
#
# Needs Python 3.11+ (python3). As root it installs the Debian packages it needs.
set -euo pipefail
cd "$(dirname "$0")"
# Python keeps each module it compiles (and pytest each test module it rewrites) in
# __pycache__/ (git-ignored). A machine that sets PYTHONDONTWRITEBYTECODE, as some CI
# images do, makes every process compile everything again: collecting the tests took
# 9.9 s instead of 2.1 s, and each of the suite's ~130 Python subprocesses paid it too.
unset PYTHONDONTWRITEBYTECODE

PYTHON=${PYTHON:-python3}
VENV=.venv
BASE_DEBS="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core ffmpeg"
TEST_DEBS="chromium poppler-utils libimage-exiftool-perl espeak-ng"

note() { printf '\n==> %s\n' "$*" >&2; }

missing_debs() {
  local missing=""
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing="$missing $pkg"
  done
  echo "$missing"
}

ensure_debs() {
  command -v dpkg-query >/dev/null || return 0
  local missing
  missing=$(missing_debs "$@")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    note "Instalando paquetes de Debian / installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    note "Faltan paquetes de Debian / missing Debian packages:$missing
    Instálelos con / install them with:  sudo apt-get install$missing"
    return 1
  fi
}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    note "Creando el entorno de Python / creating the Python environment ($VENV)"
    if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      ensure_debs python3-venv
      "$PYTHON" -m venv "$VENV"
    fi
  fi
  local stamp="$VENV/.voces-installed" want
  want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    note "Instalando dependencias de Python / installing Python dependencies"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[test]"
    echo "$want" > "$stamp"
  fi
}

cmd=${1:-serve}
case "$cmd" in
  serve|ver)
    ensure_debs $BASE_DEBS
    ensure_venv
    note "Construyendo y sirviendo / building and serving on http://127.0.0.1:8000"
    exec "$VENV/bin/voces" ver --produccion
    ;;
  build|construir)
    ensure_debs $BASE_DEBS
    ensure_venv
    exec "$VENV/bin/voces" construir
    ;;
  test|pruebas)
    ensure_debs $BASE_DEBS $TEST_DEBS || [ "${CI:-}" != "true" ]
    ensure_venv
    shift || true
    if [ $# -eq 0 ]; then
      note "Ruff: estilo del código / code style"
      "$VENV/bin/ruff" check . && "$VENV/bin/ruff" format --check . || exit 1
    fi
    set +e
    if [ $# -eq 0 ]; then
      # The whole suite: one worker per core (pytest-xdist); a module's tests stay on
      # one worker, so a module's shared build is made once, and the modules that build
      # the sample project share one worker (tests/conftest.py). Slowest tests last.
      "$VENV/bin/python" -m pytest -n auto --dist loadscope --durations=25
    else
      "$VENV/bin/python" -m pytest "$@"
    fi
    code=$?
    # pytest exits 5 when it collected no test: that is a failure here, never a pass.
    exit $code
    ;;
  *)
    echo "uso / usage: ./run.sh [serve|build|test]" >&2
    exit 2
    ;;
esac
