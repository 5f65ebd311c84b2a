#!/bin/sh
# Prints the serving model's {low, mid, high} next to every published measurement in
# data/serving-measurements.json (bench/RESULTS.md, "Serving"). The numbers come from the
# Swift model itself: ServingMeasurementTests computes them and prints the table on request.
set -eu
cd "$(dirname "$0")/../.."
swift build --build-tests >/dev/null
SCALEWISE_SERVING_TABLE=1 swift test --skip-build --filter ServingMeasurementTests 2>/dev/null \
    | grep -E '^(\||inside|held out|ablation|Calibration|Held-out|$)' | cat -s
