#!/usr/bin/env bash
# Writes a jansson.pc into DIR that links Debian's static archive (libjansson.a, from
# libjansson-dev; jansson is MIT-licensed), so a release binary does not need libjansson4 at run
# time. The archive is linked into DIR/lib, the only -L the .pc names: both pkg-config's -ljansson
# and the one the CJansson module map adds then find libjansson.a before the shared library.
# Without the archive the .pc names the system library: the binary then links it dynamically.
# usage: scripts/static-jansson-pc.sh DIR
set -euo pipefail
dir=$1
mkdir -p "$dir"
libdir=$(pkg-config --variable=libdir jansson)
includedir=$(pkg-config --variable=includedir jansson)
version=$(pkg-config --modversion jansson)
if [ -f "$libdir/libjansson.a" ]; then
  mkdir -p "$dir/lib"
  ln -sf "$libdir/libjansson.a" "$dir/lib/libjansson.a"
  libs="-L$(cd "$dir/lib" && pwd) -ljansson"
else
  echo "static-jansson-pc: no $libdir/libjansson.a; jansson stays a shared library" >&2
  libs="-L$libdir -ljansson"
fi
cat > "$dir/jansson.pc.tmp" <<PC
Name: Jansson
Description: jansson for the scalewise release binary
Version: $version
Libs: $libs
Cflags: -I$includedir
PC
mv "$dir/jansson.pc.tmp" "$dir/jansson.pc"
