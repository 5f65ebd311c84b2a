"""cost/*, hardware/* and scaling/optimal with a dollar budget, against hand calculations.

Reference figures (REFERENCES.md, data/hardware.json's cited rows, checked in the Swift loader
test against an independent Foundation decoding):
  H100 SXM: dense bf16 peak 989e12 FLOP/s, 80 GB, 3.35 TB/s, 700 W TDP, price 2.85–4.20 $/h.
"""
import json

import pytest

from conftest import ROOT, Daemon

H100_PEAK = 989e12
H100_LOW, H100_HIGH = 2.85, 4.20
H100_MID = (H100_LOW + H100_HIGH) / 2  # 3.525
PUE = 1.58  # Uptime Institute 2023 industry average, the daemon's default


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(a), abs(b))


# ---------------------------------------------------------------- cost/training

def test_gpt3_training_cost_by_hand(daemon):
    r = daemon.result("cost/training", {"params": 175e9, "tokens": 300e9, "hardware": "h100-sxm",
                                        "gpus": 1024, "mfu": 0.4, "pue": 1.58})
    # GPT-3: C = 6·N·D = 6 × 175e9 × 300e9 = 3.15e23 FLOPs
    flops = 6 * 175e9 * 300e9
    assert flops == 3.15e23
    assert close(r["flops"], 3.15e23)
    assert r["flopsMethod"] == "6ND"
    # GPU-hours = FLOPs / (peak · MFU · 3600) = 3.15e23 / (989e12 × 0.4 × 3600)
    #           = 3.15e23 / 1.42416e18 = 221,183.01
    gpu_hours = 3.15e23 / (989e12 * 0.4 * 3600)
    assert close(gpu_hours, 221183.0131, rel=1e-8)
    assert close(r["gpuHours"], gpu_hours)
    # wall clock = 221,183.01 / 1024 GPUs / 24 h = 9.00 days
    assert close(r["wallClockDays"], gpu_hours / 1024 / 24)
    assert 8.99 < r["wallClockDays"] < 9.01
    # dollars = GPU-hours × 2.85 / 3.525 / 4.20 $/h = 630,372 / 779,670 / 928,969
    assert close(r["usd"]["low"], gpu_hours * 2.85)
    assert close(r["usd"]["mid"], gpu_hours * 3.525)
    assert close(r["usd"]["high"], gpu_hours * 4.20)
    assert 630_371 < r["usd"]["low"] < 630_372
    # energy = GPU-hours × 0.7 kW × PUE 1.58 = 244,628 kWh
    assert close(r["energyKwh"], gpu_hours * 0.7 * 1.58)
    assert r["hardware"] == {"id": "h100-sxm", "name": "NVIDIA H100 SXM", "origin": "builtin"}
    assert any("MFU 40 %" in a for a in r["assumptions"])
    assert any("6·N·D" in a for a in r["assumptions"])
    assert r["sources"]


def test_training_given_flops_default_mfu_and_given_price(daemon):
    r = daemon.result("cost/training", {"flops": 1e24, "hardware": "h100-sxm", "gpus": 512,
                                        "pricePerHour": {"low": 2, "high": 3}, "overhead": {"low": 0.25, "high": 0.4}})
    # default MFU: the Hopper band 43 % (Llama 3 405B) down to 43 / 1.75 %, mid 33.786 %, with
    # goodput 0.85–0.95 (mid 0.9): GPU-hours mid = 1e24 / (989e12 × 3600 × 0.337857 × 0.9) = 923,688.6
    mfu_mid = (0.43 + 0.43 / 1.75) / 2
    gpu_hours = 1e24 / (989e12 * 3600 * mfu_mid * 0.9)
    assert r["flopsMethod"] == "given" and close(r["mfu"], mfu_mid)
    assert close(r["gpuHours"], gpu_hours)
    # usd = GPU-hours × price × (1 + overhead), bound by bound: the low hours use MFU 43 % and
    # goodput 0.95, the high ones 43 / 1.75 % and 0.85; low 2 × 1.25, mid 2.5 × 1.325, high 3 × 1.4
    hours_low = 1e24 / (989e12 * 3600 * 0.43 * 0.95)
    hours_high = 1e24 / (989e12 * 3600 * 0.43 / 1.75 * 0.85)
    assert close(r["usd"]["low"], hours_low * 2 * 1.25)
    assert close(r["usd"]["mid"], gpu_hours * 2.5 * 1.325)
    assert close(r["usd"]["high"], hours_high * 3 * 1.4)
    assert any("utilisation table" in a for a in r["assumptions"])


def test_training_ranges_energy_co2_and_pricing(daemon):
    # Llama 2 70B's run (Touvron et al. 2023, Table 2: 1,720,320 A100-80GB GPU-hours, 2.0T tokens).
    n, d = 68976648192, 2.0e12
    r = daemon.result("cost/training", {"params": n, "tokens": d, "hardware": "a100-80gb-sxm", "gpus": 2048})
    # Ampere band: best published MFU 56.3 % (Korthikanti et al. 2022) down to 56.3 / 1.75 %;
    # goodput 0.85–0.95. hours = 6·N·D / (312e12 · 3600 · MFU · goodput)
    per_hour = 312e12 * 3600
    hi, lo = 0.563, 0.563 / 1.75
    flops = 6 * n * d
    assert r["mfuBasis"] == "table" and r["utilizationBand"] == "ampere"
    assert close(r["gpuHoursRange"]["low"], flops / (per_hour * hi * 0.95))
    assert close(r["gpuHoursRange"]["mid"], flops / (per_hour * (hi + lo) / 2 * 0.9))
    assert close(r["gpuHoursRange"]["high"], flops / (per_hour * lo * 0.85))
    assert r["gpuHoursRange"]["low"] <= 1_720_320 <= r["gpuHoursRange"]["high"]
    assert r["gpuHoursRange"]["high"] / r["gpuHoursRange"]["low"] < 2
    assert r["gpuHours"] == r["gpuHoursRange"]["mid"]
    # energy = hours × 0.4 kW × PUE 1.10–1.58; CO2 = kWh × 0.48 kg/kWh
    assert close(r["energyKwhRange"]["low"], r["gpuHoursRange"]["low"] * 0.4 * 1.10)
    assert close(r["energyKwhRange"]["high"], r["gpuHoursRange"]["high"] * 0.4 * 1.58)
    assert close(r["co2Kg"]["mid"], r["energyKwhRange"]["mid"] * 0.48)
    assert r["pricing"] == "onDemand" and r["carbonIntensity"] == 480
    # spot: 60–91 % off the row's 1.85–2.50 $/h
    s = daemon.result("cost/training", {"params": n, "tokens": d, "hardware": "a100-80gb-sxm", "gpus": 2048,
                                        "pricing": "spot", "carbonIntensity": 57})
    assert s["pricing"] == "spot"
    assert close(s["usd"]["low"], s["gpuHoursRange"]["low"] * 1.85 * 0.09)
    assert close(s["usd"]["high"], s["gpuHoursRange"]["high"] * 2.50 * 0.40)
    assert close(s["co2Kg"]["mid"], s["energyKwhRange"]["mid"] * 0.057)
    assert any("pricing spot" in a for a in s["assumptions"])


def test_training_mfu_range_goodput_and_moe_model(daemon):
    # mfu as a range, goodput given: hours = 1e24 / (989e12 · 3600 · MFU · 0.9)
    r = daemon.result("cost/training", {"flops": 1e24, "hardware": "h100-sxm", "gpus": 1024,
                                        "mfu": {"low": 0.38, "high": 0.43}, "goodput": 0.9})
    assert r["mfuBasis"] == "given" and "utilizationBand" not in r
    assert close(r["gpuHoursRange"]["low"], 1e24 / (989e12 * 3600 * 0.43 * 0.9))
    assert close(r["gpuHoursRange"]["high"], 1e24 / (989e12 * 3600 * 0.38 * 0.9))
    # DeepSeek-V3 from models/list: 6 × 37e9 active × 14.8e12 tokens on the H800 at fp8
    v3 = daemon.result("cost/training", {"model": "deepseek-v3", "tokens": 14.8e12, "hardware": "h800",
                                         "gpus": 2048, "precision": "fp8"})
    assert close(v3["flops"], 6 * 37e9 * 14.8e12)
    # the report's 2,664K pre-training H800-hours (Table 1) fall inside the answer
    assert v3["gpuHoursRange"]["low"] <= 2.664e6 <= v3["gpuHoursRange"]["high"]


def test_training_precision_the_chip_does_not_publish(daemon):
    e = daemon.error("cost/training", {"flops": 1e21, "hardware": "v100-sxm2-32gb", "gpus": 8, "precision": "bf16"})
    assert e["code"] == -32602 and e["data"]["field"] == "params.precision"
    assert "published: fp32, fp16" in e["data"]["reason"]
    # fp16 on V100 (datasheet: 125 TFLOPS tensor): GPT-3's 3.14e23 FLOPs at MFU 21.3 % (PaLM Table 3)
    r = daemon.result("cost/training", {"flops": 3.14e23, "hardware": "v100-sxm2-32gb", "gpus": 10000,
                                        "precision": "fp16", "mfu": 0.213})
    assert close(r["gpuHours"], 3.14e23 / (125e12 * 0.213 * 3600))


def test_training_from_architecture_counts_more_than_6nd(daemon):
    # GPT-3 175B shape: 96 layers, d 12288, 96 heads, FFN 4d, vocab 50257, sequence 2048.
    arch = {"layers": 96, "hidden": 12288, "heads": 96, "kvHeads": 96, "ffnHidden": 4 * 12288,
            "vocab": 50257, "sequenceLength": 2048}
    base = {"tokens": 300e9, "architecture": arch, "hardware": "h100-sxm", "gpus": 1024}
    r = daemon.result("cost/training", dict(base, attentionFlops="full"))
    # Cookbook per token (forward+backward = 3 × forward), every query scoring the whole sequence:
    #   QKV 3·2·l·h·3h, scores 3·2·l·s·h, over values 3·2·l·s·h, out proj 3·2·l·h², FFN 3·2·2·l·h·4h, embedding 6·h·V
    l, h, s, v = 96, 12288, 2048, 50257
    weights = 3 * 2 * l * h * 3 * h + 3 * 2 * l * h * h + 3 * 2 * 2 * l * h * 4 * h + 6 * h * v
    per_token = weights + 2 * 3 * 2 * l * s * h
    assert r["flopsMethod"] == "architecture"
    assert close(r["flopsPerTokenBreakdown"]["total"], per_token)
    assert close(r["flops"], per_token * 300e9)
    assert r["flops"] > 3.15e23  # attention and embedding on top of 6ND
    # Default: causal, query i scores i keys, (s + 1) / 2 = 1024.5 on average.
    c = daemon.result("cost/training", base)
    assert close(c["flopsPerTokenBreakdown"]["total"], weights + 2 * 3 * 2 * l * 1024.5 * h)
    assert any("causal" in a for a in c["assumptions"])


def test_training_counts_a_mixture_of_experts_on_its_active_parameters(daemon):
    # Mixtral 8x7B from data/models.json at 4,096 tokens: the model's architecture with sequenceLength.
    r = daemon.result("cost/training", {"model": "mixtral-8x7b", "sequenceLength": 4096, "tokens": 1e12,
                                        "hardware": "h100-sxm", "gpus": 256})
    b = r["flopsPerTokenBreakdown"]
    # 32 layers · (2 of 8 experts · 3 · 4096 · 14336 + router 4096 · 8) · 6 (config.json of mistralai/Mixtral-8x7B-v0.1)
    assert b["ffn"] == 6 * 32 * (2 * 3 * 4096 * 14336 + 4096 * 8)
    assert r["flopsMethod"] == "architecture"


# ---------------------------------------------------------------- cost/inference

def test_llama2_70b_kv_cache_by_hand(daemon):
    r = daemon.result("cost/inference", {
        "params": 70e9, "architecture": {"layers": 80, "kvHeads": 8, "headDim": 128},
        "hardware": "h100-sxm", "contextTokens": 1000, "outputTokens": 200, "tokensPerMonth": 1e9})
    # KV cache per token = 2 (K and V) · 80 layers · 8 KV heads · 128 head dim · 2 bytes (bf16)
    assert 2 * 80 * 8 * 128 * 2 == 327_680
    assert r["kvCacheBytesPerToken"] == 327_680
    # per sequence of 1,200 tokens: 327,680 × 1,200 = 393,216,000 bytes
    assert r["kvCacheBytesPerSequence"] == 327_680 * 1200
    # weights = 70e9 × 2 bytes = 140 GB > 80 GB × 0.9 usable → at least 2 GPUs per replica
    assert r["weightBytes"] == 140e9
    assert r["gpusPerReplica"] >= 2
    m = r["usdPerMillionTokens"]
    assert m["low"] <= m["mid"] <= m["high"]
    assert close(m["high"] / m["low"], 4.20 / 2.85, rel=1e-6)  # one price range, one GPU count
    assert r["apiComparison"] and all("source" in a for a in r["apiComparison"])
    assert any("KV cache per token" in a for a in r["assumptions"])


def test_serving_ranges_hold_nims_published_latencies(daemon):
    # NVIDIA NIM 1.8.0, Llama-3.3-70b-instruct on 2 x H100 80G, fp8 TP2, 5000 input / 500 output
    # tokens, concurrency 1: TTFT 406.77 ms, ITL 18.58 ms (data/serving-measurements.json). Llama 3.1
    # 70B has the same shape (80 layers, hidden 8192, 64 heads, 8 KV heads, head dim 128).
    r = daemon.result("cost/inference", {
        "model": "llama-3.1-70b", "hardware": "h100-sxm", "precision": "fp8", "kvCacheBytesPerElement": 1,
        "contextTokens": 5000, "outputTokens": 500, "batch": 1, "tensorParallel": 2})
    s = r["serving"]
    assert s["tensorParallel"] == 2 and s["batch"] == 1
    assert s["timeToFirstTokenSeconds"]["low"] <= 0.40677 <= s["timeToFirstTokenSeconds"]["high"]
    assert s["timePerOutputTokenSeconds"]["low"] <= 0.01858 <= s["timePerOutputTokenSeconds"]["high"]
    # two ring all-reduces per layer of one token: 160 · (2·(1/2)·8192·2 bytes / 450e9 + 10 µs latency at mid)
    assert close(s["allReduceSecondsPerStep"]["mid"], 160 * (16384 / 450e9 + 10e-6))
    assert s["tokensPerSecond"]["low"] < s["tokensPerSecond"]["mid"] < s["tokensPerSecond"]["high"]
    assert any("NVLink" in c["title"] or "HGX H100" in c["title"] for c in s["sources"])


def test_mixture_of_experts_weights_from_total_flops_from_active(daemon):
    # Mixtral 8x7B (Mistral AI, 'Mixtral of experts'): 46.7B parameters in total, 12.9B per token;
    # config.json: 32 layers, hidden 4096, 32 heads, 8 KV heads, head dim 128.
    r = daemon.result("cost/inference", {
        "params": 46.7e9, "activeParams": 12.9e9, "hardware": "h100-sxm", "contextTokens": 1000, "outputTokens": 200,
        "architecture": {"layers": 32, "hidden": 4096, "heads": 32, "kvHeads": 8, "headDim": 128}})
    assert r["weightBytes"] == 93.4e9  # 46.7e9 × 2 bytes
    assert close(r["prefillTokensPerSecond"], 989e12 * 0.3 / (2 * 12.9e9))  # 11,500 tokens/s at MFU 0.3
    # 93.4e9 bytes need two H100 (0.9 · 80e9 = 72e9 each): the least power of two that fits.
    assert r["serving"]["tensorParallel"] == 2
    err = daemon.error("cost/inference", {
        "params": 46.7e9, "activeParams": 50e9, "hardware": "h100-sxm", "contextTokens": 1, "outputTokens": 1,
        "architecture": {"layers": 32, "kvHeads": 8, "headDim": 128}})
    assert err["code"] == -32602 and "activeParams" in err["message"]


def test_serving_a_mixture_of_experts_reads_the_experts_its_batch_touches(daemon):
    # Mixtral 8x7B (data/models.json, config.json: 32 layers, hidden 4096, 8 experts of 3 · 4096 · 14336
    # = 176,160,768 parameters, 2 per token, 8 KV heads of 128) in FP8 on one H100, 4 requests.
    r = daemon.result("cost/inference", {
        "model": "mixtral-8x7b", "hardware": "h100-sxm", "precision": "fp8", "kvCacheBytesPerElement": 1,
        "contextTokens": 1000, "outputTokens": 1000, "batch": 4, "tensorParallel": 1})
    s = r["serving"]
    # 4 tokens touch 8 · (1 − 0.75^4) = 5.46875 experts per layer: 1,605,636,096 non-expert bytes
    # + 32 · 5.46875 · 176,160,768 = 32,433,770,496 bytes, and 4 · 65,536 · 1500 bytes of KV cache,
    # at 0.75 · 3.35e12 bytes/s, + 35 µs (4 · active would be the whole 46.7e9 bytes).
    assert close(s["decodeStepSeconds"]["mid"], (32_433_770_496 + 393_216_000) / (3.35e12 * 0.75) + 35e-6)
    assert any(a.startswith("mixture of experts: a decode step of 4 tokens") for a in s["assumptions"])
    # TensorRT-LLM's MoE layout on two H100: attention data parallel, experts split, busiest rank paces.
    adp = daemon.result("cost/inference", {
        "model": "mixtral-8x7b", "hardware": "h100-sxm", "precision": "fp8", "kvCacheBytesPerElement": 1,
        "contextTokens": 1000, "outputTokens": 1000, "tensorParallel": 2, "attentionDataParallel": True})
    assert any(a.startswith("attention data parallel with 2-way expert parallelism") for a in adp["serving"]["assumptions"])
    err = daemon.error("cost/inference", {
        "model": "llama-3.1-8b", "hardware": "h100-sxm", "contextTokens": 1, "outputTokens": 1, "attentionDataParallel": True})
    assert err["code"] == -32602 and "attentionDataParallel" in err["message"]


# ------------------------------------- break-even (course module rules of thumb)

def test_course_module_break_even_examples(daemon):
    # $10M training, $0.01 per request, 1e9 requests/day: 1e7 / (0.01 × 1e9) = 1 day
    r = daemon.result("cost/tco", {"trainingUsd": 10e6, "usdPerRequest": 0.01, "requestsPerDay": 1e9})
    assert r["daysUntilInferenceExceedsTraining"] == 1.0
    assert any("The Science of Model Scaling" in s["title"] for s in r["sources"])
    # $5M extra training, $0.001 saved per request, 1e7 requests/day: 5e6 / (0.001 × 1e7) = 500 days
    r = daemon.result("cost/overtrain", {"extraTrainingUsd": 5e6, "savingPerRequest": 0.001, "requestsPerDay": 1e7})
    assert r["breakEvenDays"] == {"low": 500.0, "mid": 500.0, "high": 500.0}
    assert any("The Science of Model Scaling" in s["title"] for s in r["sources"])


def test_overtrain_full_form_by_hand(daemon):
    r = daemon.result("cost/overtrain", {
        "large": {"params": 70e9, "tokens": 1.4e12}, "small": {"params": 35e9, "tokens": 4e12},
        "requestsPerDay": 1e7, "tokensPerRequest": 1000, "hardware": "h100-sxm"})
    # extra training = 6·35e9·4e12 − 6·70e9·1.4e12 = 8.4e23 − 5.88e23 = 2.52e23 FLOPs
    assert close(r["extraTrainingFlops"], 2.52e23)
    # saved per day = 2·(70e9 − 35e9)·1000·1e7 = 7e20 FLOPs
    assert close(r["inferenceFlopsSavedPerDay"], 7e20)
    # same price and MFU on both sides: days = 2.52e23 / 7e20 = 360 at every bound
    for k in ("low", "mid", "high"):
        assert close(r["breakEvenDays"][k], 360)
    # utilisation: mid of the Hopper band 43 % … 43 / 1.75 % (35e9 ≥ 20B: no scale factor) = 33.786 %,
    # × mid goodput 0.9 = 30.407 %; extra training $ at mid = 2.52e23 / (989e12 × 0.30407 × 3600) × 3.525
    utilisation = (0.43 + 0.43 / 1.75) / 2 * 0.9
    assert close(r["extraTrainingUsd"]["mid"], 2.52e23 / (989e12 * utilisation * 3600) * H100_MID)


# ---------------------------------------------------------------- cost/tco

TCO = {
    "months": 12, "tokensPerMonth": 5e9, "growthPerMonth": 0.1, "contextTokens": 1000, "outputTokens": 250,
    "training": {"usd": {"low": 100000, "high": 150000}},
    "options": [
        {"name": "api", "kind": "api", "apiPrice": "gpt-4o-mini"},
        {"name": "self", "kind": "selfHosted",
         "inference": {"params": 8e9, "architecture": {"layers": 32, "kvHeads": 8, "headDim": 128}, "hardware": "h100-sxm"},
         "people": [{"role": "devOpsAI", "fte": 0.5}]},
    ],
}


def test_tco_rows_sum_to_totals(daemon):
    r = daemon.result("cost/tco", TCO)
    assert [o["name"] for o in r["options"]] == ["api", "self"]
    for opt in r["options"]:
        months = opt["months"]
        assert [m["month"] for m in months] == list(range(1, 13))
        for k in ("low", "mid", "high"):
            for m in months:
                parts = sum(m[c][k] for c in ("training", "inference", "infrastructure", "operations", "people"))
                assert close(m["total"][k], parts)
            assert close(sum(m["total"][k] for m in months), opt["totals"]["total"][k])
            assert close(months[-1]["cumulative"][k], opt["totals"]["total"][k])
            for c in ("training", "inference", "infrastructure", "operations", "people"):
                assert close(sum(m[c][k] for m in months), opt["totals"][c][k], rel=1e-9) or opt["totals"][c][k] == 0
    api, own = r["options"]
    # month 2 traffic = 5e9 × 1.1
    assert close(api["months"][1]["tokens"], 5.5e9)
    # gpt-4o-mini blended for 1000 in + 250 out: (1000 × 0.15 + 250 × 0.60) / 1250 = 0.24 $/1M
    assert close(api["months"][0]["inference"]["mid"], 5e9 / 1e6 * 0.24)
    # training lands in month 1 of the self-hosted option only (not on the API by default)
    assert own["months"][0]["training"] == {"low": 100000, "mid": 125000, "high": 150000}
    assert api["totals"]["training"]["mid"] == 0
    # people: 0.5 FTE × 65–95 $/h × 40 h × 52 / 12 each month
    hours = 40 * 52 / 12
    assert close(own["months"][0]["people"]["low"], 0.5 * 65 * hours)
    assert r["breakEven"] and r["sources"]
    # talent rates and overheads: Troughia's survey, labelled as rules of thumb
    assert any("Troughia" in s["title"] and "rules of thumb" in s.get("detail", "") for s in r["sources"])


# ---------------------------------------------------------------- scaling/optimal with dollars

def test_optimal_with_a_dollar_budget(daemon):
    r = daemon.result("scaling/optimal", {"usd": 1e6, "hardware": "h100-sxm", "mfu": 0.4})
    # FLOPs per $ = peak × MFU × 3600 / price; $1M at the mid price 3.525 $/h:
    #   1e6 / 3.525 × 989e12 × 0.4 × 3600 = 283,687.9 GPU-hours × 1.42416e18 = 4.0402e23 FLOPs
    per_hour = 989e12 * 0.4 * 3600
    b = r["budget"]
    assert close(b["flops"]["mid"], 1e6 / 3.525 * per_hour)
    assert close(b["flops"]["low"], 1e6 / 4.20 * per_hour)   # dearest price buys least
    assert close(b["flops"]["high"], 1e6 / 2.85 * per_hour)
    assert close(b["gpuHours"]["mid"], 1e6 / 3.525)
    assert b["hardware"]["id"] == "h100-sxm" and b["mfu"] == 0.4
    assert close(r["flops"], b["flops"]["mid"], rel=1e-6)
    same = daemon.result("scaling/optimal", {"flops": b["flops"]["mid"]})
    assert close(r["params"], same["params"]) and close(r["tokens"], same["tokens"])
    assert any(a.startswith("budget:") for a in r["assumptions"])


# ---------------------------------------------------------------- hardware/*

def test_hardware_list_get_and_initialize(daemon):
    init = daemon.result("initialize", {})
    ids = [h["id"] for h in init["hardware"]]
    assert "h100-sxm" in ids and ids == sorted(ids)
    rows = daemon.result("hardware/list", {})["accelerators"]
    assert [a["id"] for a in rows] == ids
    amd = daemon.result("hardware/list", {"vendor": "amd"})["accelerators"]
    assert amd and all(a["vendor"] == "AMD" for a in amd)
    h = daemon.result("hardware/get", {"id": "h100-sxm"})["accelerator"]
    assert h["peakFlopsPerSecond"]["bf16"] == H100_PEAK
    assert h["price"]["low"] == H100_LOW and h["price"]["high"] == H100_HIGH
    assert close(h["price"]["mid"], H100_MID)
    assert "Troughia" in h["price"]["source"]["title"] and "Table VII" in h["price"]["source"]["title"]
    assert h["origin"] == "builtin"
    assert "peakFlopsPerSecond.bf16" in h["sources"]


def test_unknown_hardware_lists_known_ids(daemon):
    e = daemon.error("hardware/get", {"id": "h100"})
    assert e["code"] == -32602 and e["data"]["field"] == "params.id"
    assert "h100-sxm" in e["data"]["reason"] and "a100-80gb-sxm" in e["data"]["reason"]
    e = daemon.error("cost/training", {"params": 7e9, "tokens": 1e12, "hardware": "h1000", "gpus": 8})
    assert e["code"] == -32602 and e["data"]["field"] == "params.hardware"
    assert "h100-sxm" in e["data"]["reason"]


def test_hardware_set_persists_across_restart_and_reset_restores(stateful):
    d = stateful()
    # a negotiated price on a built-in row
    r = d.result("hardware/set", {"id": "h100-sxm", "price": {"low": 2.0, "high": 2.5, "date": "2026-01"}})
    assert r["created"] is False and r["persisted"] is True
    assert r["accelerator"]["origin"] == "user" and r["accelerator"]["price"]["mid"] == 2.25
    assert r["accelerator"]["peakFlopsPerSecond"]["bf16"] == H100_PEAK  # other figures kept
    # a new user row
    new = {"id": "my-asic", "name": "My ASIC", "vendor": "Me", "peakFlopsPerSecond": {"bf16": 5e14},
           "memoryBytes": 64e9, "memoryBandwidthBytesPerSecond": 2e12, "powerWatts": 400}
    assert d.result("hardware/set", new)["created"] is True
    d.close()

    d2 = stateful()
    h = d2.result("hardware/get", {"id": "h100-sxm"})["accelerator"]
    assert h["price"]["low"] == 2.0 and h["origin"] == "user"
    mine = d2.result("hardware/get", {"id": "my-asic"})["accelerator"]
    assert mine["memoryBytes"] == 64e9 and mine["sources"]["memoryBytes"]["title"].startswith("given by the user")
    # the override is used by cost answers: 1e21 FLOPs / (989e12 × 0.5 × 3600) GPU-hours × 2.0 $/h
    c = d2.result("cost/training", {"flops": 1e21, "hardware": "h100-sxm", "gpus": 8, "mfu": 0.5})
    assert close(c["usd"]["low"], 1e21 / (989e12 * 0.5 * 3600) * 2.0)

    r = d2.result("hardware/reset", {"id": "h100-sxm"})
    assert r["restored"] == ["h100-sxm"] and r["removed"] == []
    h = d2.result("hardware/get", {"id": "h100-sxm"})["accelerator"]
    assert h["price"]["low"] == H100_LOW and h["origin"] == "builtin"
    r = d2.result("hardware/reset", {})
    assert r["removed"] == ["my-asic"]
    d2.close()

    d3 = stateful()
    assert d3.error("hardware/get", {"id": "my-asic"})["code"] == -32602
    assert d3.result("hardware/get", {"id": "h100-sxm"})["accelerator"]["origin"] == "builtin"
    d3.close()


def test_failed_hardware_set_changes_nothing(stateful):
    d = stateful()
    before = d.result("hardware/get", {"id": "h100-sxm"})["accelerator"]
    # low > high: refused, naming the field; memoryBytes would have been valid but is not applied
    e = d.error("hardware/set", {"id": "h100-sxm", "memoryBytes": 1e9,
                                 "price": {"low": 5, "high": 3, "date": "2026-01"}})
    assert e["code"] == -32602 and e["data"]["field"] == "params.price.low"
    e = d.error("hardware/set", {"id": "h100-sxm", "matmulFraction": 1.5})
    assert e["data"]["field"] == "params.matmulFraction"
    e = d.error("hardware/set", {"id": "new-chip", "name": "New"})  # a new row needs the full figures
    assert e["code"] == -32602 and e["data"]["field"] == "params.vendor"
    e = d.error("hardware/set", {"id": "Bad Id!", "name": "x", "vendor": "x", "memoryBytes": 1, "memoryBandwidthBytesPerSecond": 1})
    assert e["data"]["field"] == "params.id"
    assert d.result("hardware/get", {"id": "h100-sxm"})["accelerator"] == before
    assert d.error("hardware/get", {"id": "new-chip"})["code"] == -32602
    d.close()
    d2 = stateful()
    assert d2.result("hardware/get", {"id": "h100-sxm"})["accelerator"] == before
    d2.close()


def test_corrupt_hardware_state_is_quarantined(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    (state / "hardware.json").write_text('{"version": 1, "accelerators": [{"id": "x"')
    d = Daemon(state_dir=state)
    h = d.result("hardware/get", {"id": "h100-sxm"})["accelerator"]
    assert h["origin"] == "builtin"
    d.close()
    assert not (state / "hardware.json").exists()
    assert any(p.name.startswith("hardware.json.corrupt-") for p in state.iterdir())
    assert "hardware.json" in "".join(d.stderr)


# ---------------------------------------------------------------- bad input

TRAIN = {"params": 7e9, "tokens": 1e12, "hardware": "h100-sxm", "gpus": 8}


@pytest.mark.parametrize("method,params,field", [
    ("cost/training", {**TRAIN, "mfu": 0}, "params.mfu"),
    ("cost/training", {**TRAIN, "mfu": 1.5}, "params.mfu"),
    ("cost/training", {**TRAIN, "gpus": 0}, "params.gpus"),
    ("cost/training", {**TRAIN, "pricePerHour": {"low": 5, "high": 3}}, "params.pricePerHour.low"),
    ("cost/training", {**TRAIN, "precision": "fp4"}, "params.precision"),
    ("cost/training", {**TRAIN, "gpuz": 8}, "params.gpuz"),
    ("cost/training", {"params": 7e9, "hardware": "h100-sxm", "gpus": 8}, "params.tokens"),
    ("cost/training", {**TRAIN, "precision": "fp8", "hardware": "a100-80gb-sxm"}, "params.precision"),
    ("cost/training", {**TRAIN, "mfu": {"low": 0.5, "high": 0.3}}, "params.mfu.low"),
    ("cost/training", {**TRAIN, "goodput": 1.2}, "params.goodput"),
    ("cost/training", {**TRAIN, "pricing": "reserved"}, "params.pricing"),
    ("cost/training", {**TRAIN, "activeParams": 8e9}, "params.activeParams"),
    ("cost/tco", {**TCO, "months": -3}, "params.months"),
    ("cost/tco", {**TCO, "tokensPerMonth": -1e9}, "params.tokensPerMonth"),
    ("cost/tco", {**TCO, "options": [{"name": "x", "kind": "api", "apiPrice": "nope"}]}, "params.options[0].apiPrice"),
    ("cost/tco", {**TCO, "options": [{"name": "s", "kind": "selfHosted", "inference": {
        "params": 8e9, "architecture": {"layers": 32, "kvHeads": 8, "headDim": 128}, "hardware": "h100"}}]},
     "params.options[0].inference.hardware"),
    ("cost/tco", {"trainingUsd": 1e7, "usdPerRequest": 0.01, "requestsPerDay": -5}, "params.requestsPerDay"),
    ("cost/inference", {"params": 70e9, "architecture": {"layers": 80, "kvHeads": 8, "headDim": 128},
                        "hardware": "h100-sxm", "contextTokens": 100, "outputTokens": 10, "tokensPerMonth": -1},
     "params.tokensPerMonth"),
    ("cost/inference", {"params": 70e9, "architecture": {"layers": 80, "kvHeads": 8, "headDim": 128},
                        "hardware": "h100-sxm", "contextTokens": 100, "outputTokens": 10, "mfu": 2}, "params.mfu"),
    ("cost/overtrain", {"large": {"params": 70e9, "tokens": 1.4e12}, "small": {"params": 35e9, "tokens": 4e12},
                        "requestsPerDay": -1, "tokensPerRequest": 1000, "hardware": "h100-sxm"}, "params.requestsPerDay"),
    ("cost/overtrain", {"large": {"params": 70e9, "tokens": 1.4e12}, "small": {"params": 35e9, "tokens": 4e12},
                        "requestsPerDay": 1e6, "tokensPerRequest": 1000, "hardware": "h100-sxm",
                        "pricePerHour": {"low": 3, "high": 1}}, "params.pricePerHour.low"),
    ("scaling/optimal", {"usd": 1e6, "hardware": "h100-sxm", "mfu": 0}, "params.mfu"),
    ("scaling/optimal", {"usd": 1e6, "hardware": "nope"}, "params.hardware"),
    ("scaling/optimal", {"usd": 1e6, "flops": 1e23, "hardware": "h100-sxm"}, "params.usd"),
    ("scaling/optimal", {"flops": 1e23, "hardware": "h100-sxm"}, "params.hardware"),
    ("hardware/reset", {"id": "nope"}, "params.id"),
])
def test_bad_input_names_the_field(lines_daemon, method, params, field):
    e = lines_daemon.error(method, params)
    assert e["code"] == -32602, e
    assert e["data"]["field"] == field, e
    assert e["data"]["reason"]
    # the daemon is still up and answers
    assert lines_daemon.result("hardware/get", {"id": "h100-sxm"})["accelerator"]["origin"] == "builtin"


def test_pricing_plans_discount_inference_and_tco(daemon):
    # Google Cloud committed use discounts (1 year: 28–37 % off on-demand): the self-hosted
    # $/1M tokens scale by (1 − discount), low price with the deepest discount.
    base = {"model": "llama-3.1-8b", "hardware": "h100-sxm", "contextTokens": 1000, "outputTokens": 200}
    on_demand = daemon.result("cost/inference", base)
    committed = daemon.result("cost/inference", {**base, "pricing": "committed1y"})
    assert on_demand["pricing"] == "onDemand" and committed["pricing"] == "committed1y"
    od, c = on_demand["usdPerMillionTokens"], committed["usdPerMillionTokens"]
    assert c["low"] == pytest.approx(od["low"] * (1 - 0.37), rel=1e-9)
    assert c["high"] == pytest.approx(od["high"] * (1 - 0.28), rel=1e-9)
    assert c["mid"] == pytest.approx(od["mid"] * (1 - 0.325), rel=1e-9)
    assert any("committed1y" in a for a in committed["assumptions"])
    assert any("Committed use discounts" in s["title"] for s in committed["sources"])
    err = daemon.error("cost/inference", {**base, "pricing": "reserved"})
    assert err["data"]["field"] == "params.pricing" and "committed3y" in err["data"]["reason"]
    option = {"name": "own", "kind": "selfHosted", "inference": {"model": "llama-3.1-8b", "hardware": "h100-sxm"}}
    tco = {"months": 2, "tokensPerMonth": 1e9, "contextTokens": 1000, "outputTokens": 200, "options": [option]}
    spot = daemon.result("cost/tco", {**tco, "pricing": "spot"})
    full = daemon.result("cost/tco", tco)
    assert spot["pricing"] == "spot" and full["pricing"] == "onDemand"
    s, f = spot["options"][0]["totals"]["inference"], full["options"][0]["totals"]["inference"]
    assert s["mid"] == pytest.approx(f["mid"] * (1 - 0.755), rel=1e-9)  # spot: 60–91 % off, mid 75.5 %


def test_models_get_shows_reported_training_beside_the_estimate(daemon):
    # Touvron et al. 2023 (Llama 2), Table 2: 70B trained in 1,720,320 A100-80GB GPU-hours.
    r = daemon.result("models/get", {"id": "llama-2-70b"})
    run = next(x for x in r["reportedRuns"] if x["id"] == "llama-2-70b")
    assert run["reportedHours"] == 1_720_320 and run["accelerator"].startswith("a100-80gb")
    est = daemon.result("cost/training", {"model": "llama-2-70b", "tokens": run["tokens"], "hardware": run["accelerator"], "gpus": 2048})
    assert run["estimatedHours"]["mid"] == pytest.approx(est["gpuHoursRange"]["mid"], rel=1e-9)
    assert run["ratio"] == pytest.approx(1_720_320 / est["gpuHoursRange"]["mid"], rel=1e-9)
    assert run["inside"] == (est["gpuHoursRange"]["low"] <= 1_720_320 <= est["gpuHoursRange"]["high"])


def test_overtrain_takes_model_ids(daemon):
    base = {"requestsPerDay": 1e6, "tokensPerRequest": 500, "hardware": "h100-sxm"}
    by_params = daemon.result("cost/overtrain", {**base, "large": {"params": 70_553_706_496, "tokens": 1.4e12},
                                                 "small": {"params": 8_030_261_248, "tokens": 15e12}})
    by_model = daemon.result("cost/overtrain", {**base, "large": {"model": "llama-3.1-70b", "tokens": 1.4e12},
                                                "small": {"model": "llama-3.1-8b", "tokens": 15e12}})
    assert by_model["breakEvenDays"] == by_params["breakEvenDays"]
    err = daemon.error("cost/overtrain", {**base, "large": {"model": "llama-3.1-70b", "params": 7e10, "tokens": 1e12},
                                          "small": {"params": 8e9, "tokens": 15e12}})
    assert err["data"]["field"] == "params.large.model"


def test_api_prices_are_listed_with_their_sources(daemon):
    # data/api-prices.json read independently: every row comes back with its id and source.
    rows = json.loads((ROOT / "data" / "api-prices.json").read_text())["prices"]
    listed = daemon.result("cost/apiPrices", {})["prices"]
    assert [p["id"] for p in listed] == [r["id"] for r in rows]
    gpt = next(p for p in listed if p["id"] == "gpt-4o-mini")
    row = next(r for r in rows if r["id"] == "gpt-4o-mini")
    assert gpt["usdPerMillionInputTokens"] == row["usdPerMillionInputTokens"] and gpt["source"]["title"]
    openai = daemon.result("cost/apiPrices", {"provider": "openai"})["prices"]
    assert openai and all(p["provider"] == "OpenAI" for p in openai)
    err = daemon.error("cost/apiPrices", {"provider": "nobody"})
    assert err["data"]["field"] == "params.provider" and "OpenAI" in err["data"]["reason"]
    # Ids are case-insensitive, as model and hardware ids are.
    assert daemon.result("hardware/get", {"id": "H100-SXM"})["accelerator"]["id"] == "h100-sxm"
