#!/usr/bin/env bash
# Builds and runs the structure-aware fuzzer (Fuzz/FieldFuzz.swift) for SECONDS in total.
#   Fuzz/fields.sh SECONDS [--keep-going]
# It links against the debug build's objects (swift build), compiled apart with swiftc into
# .build-fuzz/, so the main targets' build is not slowed. Seeds: Fuzz/corpus/fields (valid
# requests, one or more per method, MCP tool and LSP message). A crash writes its input to
# .build-fuzz/crashes/fields-<seed>-<n>.json. Without --keep-going the first crash ends the
# run with exit 1 (make test); with it, the fuzzer restarts with the next seed and the
# crashes are counted (make fuzz), exit 1 at the end if there was any.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TOTAL=${1:?usage: Fuzz/fields.sh SECONDS [--keep-going]}
KEEP_GOING=${2:-}
SWIFT=${SWIFT:-swift}
SWIFTC=${SWIFTC:-swiftc}
OUT=.build-fuzz
BIN=.build/debug
mkdir -p "$OUT/crashes"

"$SWIFT" build --target ScalewiseServer 2>&1 | grep -E "error|Build" || true
[ -f "$BIN/ScalewiseServer.build/Server.swift.o" ] || { echo "fuzz-fields: library build failed"; exit 1; }
EXE="$OUT/fuzz-fields"
objs=()
# The objects of the sources there are now (a build directory keeps those of deleted files).
for t in JSON RPC ScalingCore ScalewiseServer; do
    while IFS= read -r src; do
        o="$BIN/$t.build/$(basename "$src").o"
        [ -f "$o" ] || { echo "fuzz-fields: $o is missing; run swift build"; exit 1; }
        objs+=("$o")
    done < <(find "Sources/$t" -name '*.swift' | sort)
done
if [ ! -x "$EXE" ] || [ -n "$(find Fuzz/FieldFuzz.swift "${objs[@]}" -newer "$EXE" -print -quit)" ]; then
    echo "fuzz-fields: linking $EXE"
    "$SWIFTC" -parse-as-library Fuzz/FieldFuzz.swift -I "$BIN/Modules" -I Sources/CJansson -I Sources/CNLopt \
        "${objs[@]}" -ljansson -lnlopt -o "$EXE" 2>&1 | grep -v "Cannot export local symbol" || true
    [ -x "$EXE" ] || { echo "fuzz-fields: linking failed"; exit 1; }
fi

export SCALEWISE_DATA_DIR="$ROOT/data"
seed=1
execs=0
crashes=0
start=$(date +%s)
while :; do
    left=$(( TOTAL - ($(date +%s) - start) ))
    [ "$left" -gt 0 ] || break
    set +e
    "$EXE" Fuzz/corpus/fields --seconds "$left" --seed "$seed" --crash-dir "$OUT/crashes" > "$OUT/fuzz-fields.log" 2>&1
    rc=$?
    set -e
    grep -vE "^fuzz-fields: stats" "$OUT/fuzz-fields.log" | grep -E "^fuzz-fields|^  [0-9]+ ×|CRASH|Fatal error|failed" | sed 's/^/  /' || true
    n=$(sed -n 's/.*stats executions=\([0-9]*\).*/\1/p' "$OUT/fuzz-fields.log")
    if [ $rc -eq 0 ]; then execs=$(( execs + ${n:-0} )); break; fi
    crashes=$(( crashes + 1 ))
    crash=$(find "$OUT/crashes" -name "fields-$seed-*.json" -newer "$OUT/fuzz-fields.log" -print -quit)
    [ -n "$crash" ] || crash=$(ls -t "$OUT"/crashes/fields-"$seed"-*.json 2>/dev/null | sed -n 1p || true)
    # The crash file is named after the execution that crashed (fields-SEED-N.json: N before it).
    n=$(basename "${crash:-x-0-0.json}" .json | sed 's/.*-//')
    execs=$(( execs + ${n:-0} + 1 ))
    echo "fuzz-fields: crash with seed $seed (exit $rc): $crash"
    [ "$KEEP_GOING" = "--keep-going" ] || { echo "fuzz-fields: FAILED"; exit 1; }
    seed=$(( seed + 1 ))
done
echo "fuzz-fields: total: $execs executions, $crashes crash(es) in ${TOTAL}s"
[ $crashes -eq 0 ]
