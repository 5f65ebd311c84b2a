"""The CLI's cost, tco, hardware, models and finetune commands: `--json` prints what the daemon
answers for the same params, and the tables show the answer's figures."""
import json
import subprocess

import pytest

from conftest import BIN


def cli(*args):
    p = subprocess.run([BIN, *args, "--no-state"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout


# (command line, method, params the command sends)
SAME_AS_DAEMON = [
    (["cost", "training", "--params", "175B", "--tokens", "300B", "--hardware", "h100-sxm", "--gpus", "1024", "--mfu", "0.4"],
     "cost/training", {"params": 175e9, "tokens": 300e9, "hardware": "h100-sxm", "gpus": 1024, "mfu": 0.4}),
    (["cost", "inference", "--model", "llama-3.1-8b", "--hardware", "h100-sxm", "--context", "1000", "--output", "200",
      "--api", "gpt-4o-mini"],
     "cost/inference", {"model": "llama-3.1-8b", "hardware": "h100-sxm", "contextTokens": 1000, "outputTokens": 200,
                        "apis": ["gpt-4o-mini"]}),
    (["tco", "--months", "2", "--tokens-per-month", "1B", "--context", "1000", "--output", "200", "--api", "gpt-4o-mini"],
     "cost/tco", {"months": 2, "tokensPerMonth": 1e9, "growthPerMonth": 0, "contextTokens": 1000, "outputTokens": 200,
                  "options": [{"name": "gpt-4o-mini", "kind": "api", "apiPrice": "gpt-4o-mini"}]}),
    (["hardware", "list", "--vendor", "amd"], "hardware/list", {"vendor": "amd"}),
    (["hardware", "get", "h100-sxm"], "hardware/get", {"id": "h100-sxm"}),
    (["models", "list"], "models/list", {}),
    (["models", "get", "llama-3.1-8b"], "models/get", {"id": "llama-3.1-8b"}),
    (["finetune", "--model", "llama-3.1-8b", "--examples", "5000", "--tokens-per-example", "512", "--hardware", "rtx-4090"],
     "finetune/recommend", {"model": "llama-3.1-8b", "examples": 5000, "tokensPerExample": 512, "hardware": "rtx-4090"}),
]


@pytest.mark.parametrize("args,method,params", SAME_AS_DAEMON, ids=[m for _, m, _ in SAME_AS_DAEMON])
def test_cli_json_is_the_daemons_answer(lines_daemon, args, method, params):
    assert json.loads(cli(*args, "--json")) == lines_daemon.result(method, params)


def test_cli_cost_tables_show_the_figures():
    # 6 × 175e9 × 300e9 = 3.15e23 FLOPs; / (989e12 × 0.4 × 3600) = 221,183 GPU-hours.
    text = cli("cost", "training", "--params", "175B", "--tokens", "300B", "--hardware", "h100-sxm", "--gpus", "1024",
               "--mfu", "0.4")
    assert "NVIDIA H100 SXM × 1024" in text and "3.2e23 FLOPs (6ND)" in text and "221K GPU-h" in text
    # Llama 3.1 8B: 2 · 32 layers · 8 KV heads · 128 · 2 bytes = 131072 bytes per token.
    text = cli("cost", "inference", "--model", "llama-3.1-8b", "--hardware", "h100-sxm", "--context", "1000", "--output", "200")
    assert "131072 bytes per token" in text and "16.1 GB" in text
    # 1e9 tokens a month of GPT-4o mini at 0.225 $/1M blended: $225 a month, $450 over two.
    text = cli("tco", "--months", "2", "--tokens-per-month", "1B", "--context", "1000", "--output", "200", "--api", "gpt-4o-mini")
    assert "$225" in text and "$450" in text
    text = cli("tco", "--months", "2", "--tokens-per-month", "5B", "--context", "1000", "--output", "200",
               "--api", "gpt-4o-2024-08-06", "--hardware", "h100-sxm", "--model", "llama-3.1-70b")
    assert "self-hosted h100-sxm costs less than gpt-4o-2024-08-06 from" in text


def test_cli_hardware_and_models_tables():
    text = cli("hardware", "get", "h100-sxm")
    assert "peak bf16        989 TFLOP/s dense" in text and "80 GB" in text
    text = cli("models", "get", "llama-3.1-8b")
    # The model card's 1.46M H100 GPU-hours, beside cost/training's estimate for that run.
    assert "published runs" in text and "1.46M" in text
    assert "deepseek-v3" in cli("models", "list")
