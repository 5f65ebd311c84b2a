#!/usr/bin/env bash
# Builds the libFuzzer harnesses (framing, json, dispatch) and runs each for SECONDS.
#   Fuzz/run.sh SECONDS [harness...]      e.g. Fuzz/run.sh 300, Fuzz/run.sh 20 framing
# The library targets are compiled with -sanitize=fuzzer,address into .build-fuzz (a SwiftPM
# executable target cannot hold the fuzz entry point), then each harness is linked with swiftc.
# Seeds: Fuzz/corpus/NAME (committed); the growing corpus: .build-fuzz/corpus/NAME; crashers:
# .build-fuzz/crashes/NAME-*. Exits 0 with a message when the toolchain cannot build with
# -sanitize=fuzzer (macOS toolchains, for one); exits 1 when a harness found a crash.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_EACH=${1:?usage: Fuzz/run.sh SECONDS [framing|json|dispatch ...]}
shift
HARNESSES=("$@")
[ ${#HARNESSES[@]} -gt 0 ] || HARNESSES=(framing json dispatch)
SCRATCH=.build-fuzz
SWIFTC=${SWIFTC:-swiftc}
SWIFT=${SWIFT:-swift}

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
cat > "$probe/p.swift" <<'SW'
@_cdecl("LLVMFuzzerTestOneInput") public func f(_ d: UnsafePointer<UInt8>, _ n: Int) -> Int32 { 0 }
SW
if ! "$SWIFTC" -sanitize=fuzzer,address -parse-as-library "$probe/p.swift" -o "$probe/p" >"$probe/log" 2>&1; then
    echo "fuzz: SKIPPED — this toolchain cannot build with -sanitize=fuzzer,address:"
    head -3 "$probe/log" | sed 's/^/  /'
    exit 0
fi

echo "fuzz: building the library targets with -sanitize=fuzzer,address into $SCRATCH"
"$SWIFT" build --scratch-path "$SCRATCH" -Xswiftc -sanitize=fuzzer,address --target ScalewiseServer 2>&1 | grep -E "error|warning: |Build" || true
BIN="$SCRATCH/debug"
[ -f "$BIN/ScalewiseServer.build/Server.swift.o" ] || { echo "fuzz: library build failed"; exit 1; }

link() { # name, source, targets...
    local name=$1 src=$2; shift 2
    local objs=()
    # The objects of the sources there are now (a build directory keeps those of deleted files).
    for t in "$@"; do
        while IFS= read -r file; do objs+=("$BIN/$t.build/$(basename "$file").o"); done < <(find "Sources/$t" -name '*.swift' | sort)
    done
    "$SWIFTC" -sanitize=fuzzer,address -parse-as-library "$src" -I "$BIN/Modules" \
        -I Sources/CJansson -I Sources/CNLopt "${objs[@]}" -ljansson -lnlopt \
        -o "$SCRATCH/fuzz-$name" 2>&1 | grep -v "Cannot export local symbol" || true
    [ -x "$SCRATCH/fuzz-$name" ] || { echo "fuzz: linking $name failed"; exit 1; }
}

status=0
for h in "${HARNESSES[@]}"; do
    case $h in
        framing) link framing Fuzz/FramingFuzz.swift JSON RPC ;;
        json) link json Fuzz/JSONFuzz.swift JSON ;;
        dispatch) link dispatch Fuzz/DispatchFuzz.swift JSON RPC ScalingCore ScalewiseServer ;;
        *) echo "fuzz: unknown harness $h"; exit 2 ;;
    esac
    mkdir -p "$SCRATCH/corpus/$h" "$SCRATCH/crashes"
    log="$SCRATCH/fuzz-$h.log"
    echo "fuzz: $h for ${SECONDS_EACH}s (log: $log)"
    set +e
    SCALEWISE_DATA_DIR="$ROOT/data" ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
        "$SCRATCH/fuzz-$h" -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=4096 \
        -max_len=8192 -print_final_stats=1 -artifact_prefix="$SCRATCH/crashes/$h-" \
        "$SCRATCH/corpus/$h" "Fuzz/corpus/$h" > "$log" 2>&1
    rc=$?
    set -e
    grep -E "^(Done|stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)|ERROR|SUMMARY|Test unit written|Fatal error|Precondition failed" "$log" | sed "s/^/  $h: /" || true
    if [ $rc -ne 0 ]; then
        echo "fuzz: $h FAILED (exit $rc); crasher under $SCRATCH/crashes/"
        status=1
    fi
done
exit $status
