"""models/*, finetune/recommend, inference/testTimeCompute and `model` in scaling/predict, end to end.
Every expected number is worked out by hand in the test from a published figure or a stated formula."""
import math
import subprocess

import pytest

from conftest import BIN

# Llama 3.1 8B, Hugging Face config.json (meta-llama/Llama-3.1-8B): 32 layers, hidden 4096, 32 heads,
# 8 KV heads (head dim 128), intermediate 14336, vocabulary 128256, max_position_embeddings 131072.
N_8B = 8_030_261_248
# RTX 4090: 24 GB, 165.2 TFLOP/s dense BF16 (data/hardware.json), $0.34–0.60 per GPU-hour.
RTX4090_MEMORY = 24e9
RTX4090_PEAK = 165.2e12


def approach(result, kind, rank=None):
    found = [a for a in result["approaches"] if a["approach"] == kind and a.get("rank") == rank]
    assert len(found) == 1, (kind, rank, [a["label"] for a in result["approaches"]])
    return found[0]


def ft(daemon, examples, hardware="rtx-4090", gpus=1, tokens=512, **extra):
    return daemon.result("finetune/recommend", {"model": "llama-3.1-8b", "examples": examples,
                                                "tokensPerExample": tokens, "hardware": hardware, "gpus": gpus, **extra})


# ---------------------------------------------------------------- models

def test_models_get_matches_the_published_config(daemon):
    m = daemon.result("models/get", {"id": "llama-3.1-8b"})
    a = m["architecture"]
    assert (a["layers"], a["hidden"], a["heads"], a["kvHeads"], a["headDim"]) == (32, 4096, 32, 8, 128)
    assert (a["intermediate"], a["vocabulary"], a["context"]) == (14336, 128256, 131072)
    assert m["parameters"] == N_8B
    # Parameter count by hand: per layer q 4096·4096 + k, v 2·4096·1024 + o 4096·4096 = 41,943,040;
    # MLP 3·4096·14336 = 176,160,768; two norms 2·4096 = 8,192 → 218,112,000 × 32 = 6,979,584,000;
    # untied embeddings + head 2·128256·4096 = 1,050,673,152; final norm 4,096 → 8,030,261,248.
    per_layer = 4096 * 4096 + 2 * 4096 * 1024 + 4096 * 4096 + 3 * 4096 * 14336 + 2 * 4096
    assert per_layer == 218_112_000
    assert m["derived"]["denseParameterCount"] == 32 * per_layer + 2 * 128256 * 4096 + 4096 == N_8B
    # KV cache per token in bf16: 2 (K, V) · 32 layers · 8·128 · 2 bytes = 131,072 bytes.
    assert m["derived"]["kvCacheBytesPerToken"] == 2 * 32 * 1024 * 2 == 131_072
    assert m["training"]["tokens"] == 15e12 and m["training"]["flops"] is None
    assert any("config.json" in s["title"] for s in m["sources"])


def test_models_list_and_initialize_agree(daemon):
    listed = daemon.result("models/list", {})["models"]
    ids = [m["id"] for m in listed]
    assert {"llama-3.1-8b", "llama-3.1-70b", "mistral-7b", "deepseek-v3"} <= set(ids)
    init = daemon.result("initialize", {"processId": None, "capabilities": {}})
    assert [m["id"] for m in init["models"]] == ids
    assert {"models/list", "models/get", "finetune/recommend", "inference/testTimeCompute"} <= set(init["capabilities"]["methods"])
    dsv3 = next(m for m in listed if m["id"] == "deepseek-v3")
    assert dsv3["parameters"] == 671e9 and dsv3["activeParameters"] == 37e9


def test_unknown_model_lists_close_matches(daemon):
    e = daemon.error("models/get", {"id": "llama-3-8b"})
    assert e["code"] == -32602 and e["data"]["field"] == "params.id"
    assert "llama-3.1-8b" in e["data"]["reason"]
    e = daemon.error("finetune/recommend", {"model": "lama-3.1-8b", "examples": 100, "tokensPerExample": 512, "hardware": "rtx-4090"})
    assert e["code"] == -32602 and e["data"]["field"] == "params.model" and "llama-3.1-8b" in e["data"]["reason"]


def test_scaling_predict_takes_a_model_id(daemon):
    by_id = daemon.result("scaling/predict", {"model": "llama-3.1-8b", "tokens": 15e12, "law": "chinchilla"})
    by_params = daemon.result("scaling/predict", {"params": N_8B, "tokens": 15e12, "law": "chinchilla"})
    assert by_id["loss"] == by_params["loss"]
    assert by_id["params"] == N_8B and by_id["model"]["id"] == "llama-3.1-8b"
    # Chinchilla (Hoffmann et al. 2022 eq. 10): 1.69 + 406.4/N^0.34 + 410.7/D^0.28.
    expected = 1.69 + 406.4 / N_8B ** 0.34 + 410.7 / 15e12 ** 0.28
    assert by_id["loss"] == pytest.approx(expected, rel=1e-12)
    e = daemon.error("scaling/predict", {"model": "llama-3.1-8b", "params": 1e9, "tokens": 1e12})
    assert e["code"] == -32602 and e["data"]["field"] == "params.model"
    e = daemon.error("scaling/predict", {"model": "deepseek-v3", "tokens": 1e12})
    assert e["code"] == -32602 and "mixture-of-experts" in e["data"]["reason"]


# ---------------------------------------------------------------- finetune/recommend

def test_full_fine_tuning_is_16_bytes_per_param_and_does_not_fit_on_a_4090(daemon):
    r = ft(daemon, 50_000)
    full = approach(r, "full")
    m = full["memoryBytes"]
    # Mixed-precision AdamW: bf16 weights 2 + bf16 gradients 2 + fp32 master 4 + fp32 m and v 8 = 16 bytes/param.
    assert m["weights"] == 2 * N_8B
    assert m["gradients"] == 2 * N_8B
    assert m["optimizerState"] == 12 * N_8B
    assert m["weights"] + m["gradients"] + m["optimizerState"] == 16 * N_8B == 128_484_179_968
    assert full["trainableParameters"] == N_8B
    assert full["fits"] is False and m["total"] > RTX4090_MEMORY
    assert any(line.startswith("full fine-tuning does not fit on 1×24.0 GB") for line in r["reasons"])
    # > 10K examples: full or QLoRA; full does not fit, so QLoRA at the default rank 64.
    assert r["recommended"] == {"approach": "qlora", "rank": 64, "label": "QLoRA r64 (NF4)"}
    assert approach(r, "qlora", 64)["fits"] is True


def test_lora_adapter_counts_for_llama_3_1_8b(daemon):
    r = ft(daemon, 5_000)
    # r·(d_in + d_out) per adapted matrix (Hu et al. 2021), GQA-aware k and v (4096 → 8·128 = 1024):
    # q 4096+4096, k 4096+1024, v 4096+1024, o 4096+4096, gate 4096+14336, up 4096+14336, down 14336+4096
    per_rank_per_layer = 8192 + 5120 + 5120 + 8192 + 3 * 18432
    assert per_rank_per_layer == 81_920
    for rank in (8, 16, 32, 64):
        lora = approach(r, "lora", rank)
        assert lora["trainableParameters"] == rank * per_rank_per_layer * 32
        # adapters: bf16 weights 2 B and gradients 2 B; AdamW state with fp32 master 12 B
        assert lora["memoryBytes"]["adapters"] == 2 * lora["trainableParameters"]
        assert lora["memoryBytes"]["optimizerState"] == 12 * lora["trainableParameters"]
        assert lora["memoryBytes"]["weights"] == 2 * N_8B
    assert approach(r, "lora", 8)["trainableParameters"] == 20_971_520


def test_lora_r64_time_and_cost_by_hand(daemon):
    r = ft(daemon, 5_000)
    lora = approach(r, "lora", 64)
    t = lora["training"]
    tokens = 5_000 * 512 * 1                     # examples · tokensPerExample · epochs
    adapters = 64 * 81_920 * 32                  # 167,772,160
    # LoRA: 4·N (frozen forward + input gradients) + 6·N_adapter, + 2·N for full recomputation
    flops = (4 * N_8B + 6 * adapters + 2 * N_8B) * tokens
    seconds = flops / (1 * RTX4090_PEAK * 0.30)  # default MFU 0.30 (Epoch AI)
    assert t["tokens"] == tokens
    assert t["flops"] == pytest.approx(flops, rel=1e-12)
    assert t["seconds"] == pytest.approx(seconds, rel=1e-12)
    assert t["costUsd"]["low"] == pytest.approx(seconds / 3600 * 0.34, rel=1e-9)
    assert t["costUsd"]["high"] == pytest.approx(seconds / 3600 * 0.60, rel=1e-9)
    assert t["costUsd"]["mid"] == pytest.approx(seconds / 3600 * 0.47, rel=1e-9)
    # Quality (course module rule of thumb): rank 64 ≈ full → ceiling 1; data fraction 1 − exp(−3·5000/D_sat), D_sat 100K/31.6K/10K.
    q = lora["quality"]
    assert q["low"] == pytest.approx(1 - math.exp(-3 * 5000 / 100_000), rel=1e-12)
    assert q["mid"] == pytest.approx(1 - math.exp(-3 * 5000 / 10 ** 4.5), rel=1e-12)
    assert q["high"] == pytest.approx(1 - math.exp(-3 * 5000 / 10_000), rel=1e-12)
    assert approach(r, "prompting")["quality"] is None
    assert any("rtx-4090" in a for a in r["assumptions"])
    assert any("RunPod" in s["title"] or "Deploybase" in s["title"] for s in r["sources"])


@pytest.mark.parametrize("examples, hardware, gpus, expected", [
    (50, "rtx-4090", 1, {"approach": "prompting", "label": "few-shot prompting"}),               # < 100
    (500, "rtx-4090", 1, {"approach": "lora", "rank": 16, "label": "LoRA r16"}),                  # 100–1K: rank 8–16
    (5_000, "rtx-4090", 1, {"approach": "lora", "rank": 64, "label": "LoRA r64"}),                # 1K–10K: rank 32–64
    (50_000, "rtx-4090", 1, {"approach": "qlora", "rank": 64, "label": "QLoRA r64 (NF4)"}),       # > 10K, full too big
    (50_000, "h100-sxm", 8, {"approach": "full", "label": "full fine-tuning"}),                   # > 10K, FSDP over 8
])
def test_data_size_bands_pick_the_rule_of_thumb_approach(daemon, examples, hardware, gpus, expected):
    r = ft(daemon, examples, hardware=hardware, gpus=gpus)
    assert r["recommended"] == expected, r["reasons"]


def test_full_on_8_h100_is_sharded(daemon):
    r = ft(daemon, 50_000, hardware="h100-sxm", gpus=8)
    full = approach(r, "full")
    assert r["sharding"] == "fsdp"
    # FSDP: 16·N / 8 GPUs of weights, gradients and optimizer state, plus one all-gathered bf16 layer:
    # one layer's projections 218,112,000 − 8,192 plus its two norms 8,192 = 218,112,000 params × 2 bytes.
    m = full["memoryBytes"]
    assert m["gradients"] + m["optimizerState"] == pytest.approx(14 * N_8B / 8, rel=1e-12)
    assert m["weights"] == pytest.approx(2 * N_8B / 8 + 2 * 218_112_000, rel=1e-12)
    assert full["fits"] is True


def test_inline_device_matches_the_catalog_row(daemon):
    by_id = ft(daemon, 5_000)
    inline = daemon.result("finetune/recommend", {
        "model": "llama-3.1-8b", "examples": 5_000, "tokensPerExample": 512,
        "device": {"name": "my 4090", "memoryBytes": 24e9, "peakFlopsBF16": 165.2e12, "pricePerHour": {"low": 0.34, "high": 0.60}}})
    for a, b in zip(by_id["approaches"], inline["approaches"]):
        assert a["memoryBytes"] == b["memoryBytes"] and a["training"] == b["training"]
    assert inline["recommended"] == by_id["recommended"]
    no_price = daemon.result("finetune/recommend", {
        "model": "llama-3.1-8b", "examples": 5_000, "tokensPerExample": 512,
        "device": {"memoryBytes": 24e9, "peakFlopsBF16": 165.2e12}})
    assert approach(no_price, "lora", 64)["training"]["costUsd"] is None


def test_params_with_architecture_equals_the_model_id(daemon):
    arch = daemon.result("models/get", {"id": "llama-3.1-8b"})["architecture"]
    explicit = daemon.result("finetune/recommend", {"params": N_8B, "architecture": arch, "examples": 5_000,
                                                    "tokensPerExample": 512, "hardware": "rtx-4090"})
    by_id = ft(daemon, 5_000)
    assert [a["memoryBytes"] for a in explicit["approaches"]] == [a["memoryBytes"] for a in by_id["approaches"]]


@pytest.mark.parametrize("params, field", [
    ({"examples": 0}, "params.examples"),
    ({"examples": 12.5}, "params.examples"),
    ({"gpus": 1.5}, "params.gpus"),
    ({"options": {"loraRanks": [8.5]}}, "params.options.loraRanks[0]"),
    ({"options": {"loraRanks": [16, 0]}}, "params.options.loraRanks[1]"),
    ({"options": {"loraRanks": [8, -4]}}, "params.options.loraRanks[1]"),
    ({"options": {"loraRanks": [8192]}}, "params.options.loraRanks[0]"),        # above hidden (4096)
    ({"options": {"seqLen": 200_000}}, "params.options.seqLen"),                 # beyond context 131072
    ({"options": {"seqLen": 2048.5}}, "params.options.seqLen"),
    ({"options": {"microBatch": 0}}, "params.options.microBatch"),
    ({"options": {"optimizer": "adam"}}, "params.options.optimizer"),
    ({"options": {"loraRank": [8]}}, "params.options.loraRank"),
    ({"hardware": "rtx-4099"}, "params.hardware"),
    ({"tokensPerExample": 200_000}, "params.tokensPerExample"),                  # seqLen defaults to it
])
def test_bad_finetune_inputs_name_the_field(daemon, params, field):
    base = {"model": "llama-3.1-8b", "examples": 5_000, "tokensPerExample": 512, "hardware": "rtx-4090"}
    e = daemon.error("finetune/recommend", {**base, **params})
    assert e["code"] == -32602, e
    assert e["data"]["field"] == field, e


def test_models_the_estimate_cannot_cover(daemon):
    # Gopher's feed-forward width is not published (intermediate null): adapters cannot be sized.
    e = daemon.error("finetune/recommend", {"model": "gopher-280b", "examples": 5_000, "tokensPerExample": 512, "hardware": "h100-sxm"})
    assert e["code"] == -32602 and e["data"]["field"] == "params.model" and "intermediate" in e["data"]["reason"]
    # Mixture of experts (issue 14): answered, with memory for all 671B parameters: nothing fits one 80 GB GPU
    # (bf16 weights alone are 2 · 671e9 bytes).
    r = daemon.result("finetune/recommend", {"model": "deepseek-v3", "examples": 5_000, "tokensPerExample": 512, "hardware": "h100-sxm"})
    assert r["recommended"] is None
    prompting = next(a for a in r["approaches"] if a["approach"] == "prompting")
    assert prompting["memoryBytes"]["weights"] == 2 * 671e9 and not prompting["fits"]


def test_missing_hardware_and_both_devices(daemon):
    base = {"model": "llama-3.1-8b", "examples": 5_000, "tokensPerExample": 512}
    e = daemon.error("finetune/recommend", base)
    assert e["code"] == -32602 and e["data"]["field"] == "params.hardware"
    e = daemon.error("finetune/recommend", {**base, "hardware": "rtx-4090", "device": {"memoryBytes": 1e9, "peakFlopsBF16": 1e12}})
    assert e["code"] == -32602 and e["data"]["field"] == "params.device"
    e = daemon.error("finetune/recommend", {"params": 8e9, "examples": 10, "tokensPerExample": 10, "hardware": "rtx-4090"})
    assert e["code"] == -32602 and e["data"]["field"] == "params.architecture"


# ---------------------------------------------------------------- inference/testTimeCompute

def test_test_time_compute_by_hand_on_an_inline_device(daemon):
    r = daemon.result("inference/testTimeCompute", {
        "small": {"params": 7e9}, "large": {"params": 70e9}, "samples": 10, "tokensPerRequest": 1000,
        "device": {"peakFlopsBF16": 1e15, "pricePerHour": {"low": 3.6}}, "mfu": 0.5})
    # 2·N FLOPs per token: 2·7e9·1000 = 1.4e13 FLOPs at 0.5 × 1e15 FLOP/s = 0.028 s × $3.6/3600 s = $2.8e-5.
    assert r["small"]["costPerRequestUsd"]["mid"] == pytest.approx(2.8e-5, rel=1e-12)
    assert r["large"]["costPerRequestUsd"]["mid"] == pytest.approx(2.8e-4, rel=1e-12)
    assert r["sampledCostPerRequestUsd"]["mid"] == pytest.approx(10 * 2.8e-5, rel=1e-12)
    # The curve passes through the course module's rule-of-thumb point: 10 samples ≈ +30 %.
    assert r["expectedImprovement"] == pytest.approx(0.30, abs=1e-9)


def test_test_time_compute_with_models_hardware_and_api_prices(daemon):
    r = daemon.result("inference/testTimeCompute", {
        "small": {"model": "llama-3.1-8b"}, "large": {"apiPrice": "gpt-4o-2024-08-06"}, "samples": 100,
        "inputTokensPerRequest": 800, "outputTokensPerRequest": 200, "hardware": "h100-sxm",
        "targetImprovement": 0.3, "largeImprovement": 0.3})
    # small: 2·8,030,261,248·1000 FLOPs at 0.30·989e12 → seconds; × $2.85 / $4.20 per hour.
    seconds = 2 * N_8B * 1000 / (989e12 * 0.30)
    assert r["small"]["costPerRequestUsd"]["low"] == pytest.approx(seconds * 2.85 / 3600, rel=1e-12)
    assert r["small"]["costPerRequestUsd"]["high"] == pytest.approx(seconds * 4.20 / 3600, rel=1e-12)
    # GPT-4o list price: (800·$2.50 + 200·$10)/1e6 = $0.004 per request.
    assert r["large"]["costPerRequestUsd"]["mid"] == pytest.approx(0.004, rel=1e-12)
    assert r["samples"] == 100 and r["expectedImprovement"] == pytest.approx(0.50, abs=1e-9)
    assert r["samplesForTarget"] == 10
    assert r["cheaperForTarget"] == "small"


@pytest.mark.parametrize("params, field", [
    ({"samples": 2.5}, "params.samples"),
    ({"samples": 0}, "params.samples"),
    ({"small": {"model": "llama-9"}}, "params.small.model"),
    ({"small": {"params": 7e9, "costPerRequestUsd": 1}}, "params.small.costPerRequestUsd"),
    ({"large": {"apiPrice": "gpt-4o-2024-08-06"}}, "params.large.apiPrice"),   # needs input/output split
])
def test_bad_test_time_inputs(daemon, params, field):
    base = {"small": {"params": 7e9}, "large": {"params": 70e9}, "samples": 4, "tokensPerRequest": 1000, "hardware": "h100-sxm"}
    e = daemon.error("inference/testTimeCompute", {**base, **params})
    assert e["code"] == -32602 and e["data"]["field"] == field, e


# ---------------------------------------------------------------- CLI

def run_cli(*args):
    return subprocess.run([BIN, *args, "--no-state"], capture_output=True, text=True, timeout=60)


def test_cli_finetune_table_and_json():
    p = run_cli("finetune", "--model", "llama-3.1-8b", "--examples", "5000", "--hardware", "rtx-4090", "--gpus", "1")
    assert p.returncode == 0, p.stderr
    assert "LoRA r64" in p.stdout and "full fine-tuning" in p.stdout and "recommended" in p.stdout
    p = run_cli("finetune", "--model", "llama-3.1-8b", "--examples", "5000", "--hardware", "rtx-4090", "--json")
    import json
    assert json.loads(p.stdout)["recommended"]["rank"] == 64


def test_cli_exit_codes():
    assert run_cli("finetune", "--model", "llama-9", "--examples", "5000", "--hardware", "rtx-4090").returncode == 1
    assert run_cli("finetune", "--model", "llama-3.1-8b", "--examples", "5000").returncode == 2
    assert run_cli("models", "get", "llama-3.1-8b").returncode == 0
    p = run_cli("models", "get", "llama-3-8b")
    assert p.returncode == 1 and "llama-3.1-8b" in p.stderr
    p = run_cli("models")
    assert p.returncode == 0 and "llama-3.1-8b" in p.stdout
