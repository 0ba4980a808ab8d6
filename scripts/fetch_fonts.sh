#!/bin/sh
# Descarga las fuentes del tema (OFL) desde npm y copia solo los archivos
# woff2 del subconjunto latino que usa theme/static/css/site.css.
# Fetches the theme fonts (OFL) from npm and copies only the Latin-subset
# woff2 files that theme/static/css/site.css uses.
#
# Uso / usage:  sh scripts/fetch_fonts.sh
# Needs: npm (only the registry is contacted, with `npm pack`; nothing is installed).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST="$ROOT/theme/static/fonts"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Pinned versions: change them here and run the script again.
SANS_PKG="@fontsource/atkinson-hyperlegible@5.3.0"
SERIF_PKG="@fontsource/source-serif-4@5.3.1"

cd "$WORK"
npm pack --silent "$SANS_PKG" "$SERIF_PKG" >/dev/null
for tgz in *.tgz; do
    mkdir "${tgz%.tgz}"
    tar -xzf "$tgz" -C "${tgz%.tgz}"
done
SANS=$(ls -d fontsource-atkinson-hyperlegible-*/package)
SERIF=$(ls -d fontsource-source-serif-4-*/package)

mkdir -p "$DEST"
# Body: Atkinson Hyperlegible (Braille Institute), regular, bold, italic.
for f in latin-400-normal latin-700-normal latin-400-italic; do
    cp "$SANS/files/atkinson-hyperlegible-$f.woff2" "$DEST/"
done
# Headlines: Source Serif 4 bold.
cp "$SERIF/files/source-serif-4-latin-700-normal.woff2" "$DEST/"

cp "$SANS/LICENSE" "$DEST/LICENSE-atkinson-hyperlegible.txt"
cp "$SERIF/LICENSE" "$DEST/LICENSE-source-serif-4.txt"

echo "Fuentes copiadas / fonts copied to $DEST:"
ls -l "$DEST"/*.woff2
du -cb "$DEST"/*.woff2 | tail -n 1
