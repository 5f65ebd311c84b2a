"""Runs the shell examples in clients/shell against the real daemon and checks what
they print (jq required)."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN

SHELL = Path(__file__).resolve().parents[2] / "shell"
pytestmark = pytest.mark.skipif(shutil.which("jq") is None, reason="jq not installed (apt-get install jq)")


def run(script, *args):
    done = subprocess.run([str(SHELL / script), *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "SCALEWISE_BIN": BIN})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_optimal():
    out = run("optimal.sh", "1e24", "chinchilla-epoch")
    assert out.strip() == '{"params":95861000000,"tokens":1739000000000,"tokensPerParam":18.1,"loss":1.963}'


def test_frontier_table():
    lines = run("frontier.sh").strip().splitlines()
    assert lines[0].split("\t") == ["flops", "params", "tokens", "tokens_per_param", "loss"]
    assert len(lines) == 8
    params = [int(line.split("\t")[1]) for line in lines[1:]]
    assert params == sorted(params)
    losses = [float(line.split("\t")[4]) for line in lines[1:]]
    assert losses == sorted(losses, reverse=True)


def test_compare_laws():
    out = run("compare-laws.sh")
    ids = [line.split("\t")[0] for line in out.strip().splitlines()]
    assert "chinchilla" in ids and "chinchilla-epoch" in ids


def test_call():
    out = run("call.sh")
    assert "2.0358" in out and '"flops"' in out


def test_errors():
    out = run("errors.sh").splitlines()
    assert out[0].startswith('{"id":1,"code":-32602,"field":"params.flop"')
    assert out[1].startswith('{"id":2,"params":')
    assert out[2] == "call exit status: 1"


def test_lsp_framing():
    out = json.loads(run("lsp-framing.sh"))
    # The default law, chinchilla-epoch (Besiroglu et al. 2024): N = G·(C/6)^(β/(α+β)).
    A, B, alpha, beta = 482.01, 2085.43, 0.3478, 0.3658
    g = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    assert abs(out["params"] / (g * (1e24 / 6) ** (beta / (alpha + beta))) - 1) < 1e-9
