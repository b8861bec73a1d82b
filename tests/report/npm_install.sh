#!/usr/bin/env bash
# npm_install.sh SRC_DIR DEST: installs the pinned node packages of the report tests (package.json +
# package-lock.json of SRC_DIR) into DEST/node_modules: `npm ci --offline` (from the npm cache) first,
# then `npm ci`. Skipped (77) without node/npm. Nothing is installed into the source tree.
set -euo pipefail
SRC=$1 DEST=$2
command -v node > /dev/null && command -v npm > /dev/null || { echo "SKIP: node/npm not installed"; exit 77; }
mkdir -p "$DEST"
if [ -f "$DEST/.stamp" ] && cmp -s "$DEST/.stamp" "$SRC/package-lock.json" && [ -d "$DEST/node_modules" ]; then
    echo "node packages already installed in $DEST"
    exit 0
fi
cp "$SRC/package.json" "$SRC/package-lock.json" "$DEST/"
cd "$DEST"
if ! npm ci --offline --no-audit --no-fund > npm.log 2>&1; then
    npm ci --no-audit --no-fund >> npm.log 2>&1 || { cat npm.log >&2; echo "FAIL: npm ci"; exit 1; }
fi
cp "$SRC/package-lock.json" .stamp
echo "node packages installed in $DEST"
