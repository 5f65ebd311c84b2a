#!/usr/bin/env bash
# One-shot questions with `scalewise call` (prints the result object only).
set -euo pipefail
sw=${SCALEWISE_BIN:-scalewise}
echo "loss of 7e9 params on 1.4e12 tokens (Chinchilla):"
"$sw" call scaling/predict '{"params": 7e9, "tokens": 1.4e12, "law": "chinchilla"}' | jq '.loss'
echo "least compute reaching loss 2.0 (Epoch refit):"
"$sw" call scaling/optimal '{"targetLoss": 2.0, "law": "chinchilla-epoch"}' | jq '{flops, params, tokens}'
