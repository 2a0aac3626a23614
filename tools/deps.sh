#!/bin/sh
# Installs what liandong needs and is missing: the Debian packages listed in
# packaging/debian-packages.txt, Node.js if there is none, and the npm packages from the
# committed lock files (repository root: data packages and test tools; web/: the SPA).
# Installs nothing that is already there, so a second run is quick and needs no network.
set -eu
cd "$(dirname "$0")/.."

missing=""
for p in $(grep -v '^#' packaging/debian-packages.txt | grep -v '^$'); do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
  echo "deps: installing Debian packages:$missing"
  if [ "$(id -u)" -ne 0 ]; then
    echo "deps: run as root (or install them yourself):$missing" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

# npm ci only when the lock changed since the last install (node_modules keeps a copy).
npm_install() {
  dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.liandong-lock"; then
    echo "deps: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$dir/node_modules/.liandong-lock"
  fi
}
npm_install .
[ -f web/package-lock.json ] && npm_install web
exit 0
