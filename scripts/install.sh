#!/usr/bin/env bash
# Installs a built binary (stripped) into BINDIR and data/ and protocol/ into SHAREDIR, replacing
# what an earlier install put there. Called by `make install`.
# usage: scripts/install.sh BINARY BINDIR SHAREDIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$1 bindir=$2 sharedir=$3
[ -x "$bin" ] || { echo "install: no binary at $bin (run make release)" >&2; exit 1; }
install -d "$bindir" "$sharedir"
install -m 0755 "$bin" "$bindir/scalewise.tmp"
strip "$bindir/scalewise.tmp"
mv -f "$bindir/scalewise.tmp" "$bindir/scalewise"
rm -rf "$sharedir/data" "$sharedir/protocol" "$sharedir/LICENSE"
cp -R "$root/data" "$sharedir/data"
cp -R "$root/protocol" "$sharedir/protocol"
install -m 0644 "$root/LICENSE" "$sharedir/LICENSE"
echo "install: $bindir/scalewise, $sharedir/{data,protocol}"
