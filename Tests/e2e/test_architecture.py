"""Mixtures of experts, latent and windowed attention through models/get and finetune/recommend, end to end.
Every expected number is worked out by hand from the model's published config (Hugging Face config.json)."""


def test_deepseek_v3_counts_and_latent_kv_cache(daemon):
    # deepseek-ai/DeepSeek-V3 config.json: 61 layers, hidden 7168, kv_lora_rank 512, qk_rope_head_dim 64.
    m = daemon.result("models/get", {"id": "deepseek-v3"})
    d = m["derived"]
    assert d["attention"] == "mla" and d["moeLayers"] == 61 - 3
    # MLA caches the latent and the shared RoPE key: 61 · (512 + 64) · 2 bytes = 70,272 per token.
    assert d["kvCacheBytesPerToken"] == 61 * (512 + 64) * 2 == 70_272
    c = d["parameterCount"]
    # Report: 671B total, 37B activated. Routed experts: 58 layers · 256 · 3 · 7168 · 2048.
    assert c["breakdown"]["experts"] == 58 * 256 * 3 * 7168 * 2048
    assert c["activeBreakdown"]["experts"] == 58 * 8 * 3 * 7168 * 2048
    assert abs(c["total"] / 671e9 - 1) < 0.01
    assert abs(c["active"] - 37e9) <= 1e9
    # The published row figures are kept as printed.
    assert m["parameters"] == 671e9 and m["activeParameters"] == 37e9


def test_mistral_window_caps_the_cache(daemon):
    # mistralai/Mistral-7B-v0.1: sliding_window 4096 on all 32 layers, 8 KV heads of 128.
    m = daemon.result("models/get", {"id": "mistral-7b"})
    a, d = m["architecture"], m["derived"]
    assert a["slidingWindow"] == {"size": 4096, "localLayers": 1, "globalLayers": 0}
    per_token = 2 * 32 * 8 * 128 * 2
    assert d["kvCacheBytesPerToken"] == per_token == 131_072
    # At its 8192-token context the rolling buffer holds 4096 tokens per layer.
    assert d["kvCacheBytesAtContext"] == 4096 * per_token
    assert d["windowedLayers"] == 32 and d["attention"] == "gqa"


def test_gemma3_and_gpt_oss_windows(daemon):
    # google/gemma-3-27b-pt text_config: 62 layers, 5 local (window 1024) per global, 16 KV heads of 128, 131072 context.
    g = daemon.result("models/get", {"id": "gemma-3-27b"})["derived"]
    assert g["windowedLayers"] == 52
    assert g["kvCacheBytesAtContext"] == 2 * 16 * 128 * 2 * (52 * 1024 + 10 * 131072)
    # openai/gpt-oss-120b: 36 layers alternating 128-token windows and full attention; model card 116.83B, 5.13B active.
    o = daemon.result("models/get", {"id": "gpt-oss-120b"})
    assert o["derived"]["windowedLayers"] == 18
    c = o["derived"]["parameterCount"]
    assert abs(c["total"] / 116.83e9 - 1) < 0.001
    assert abs(c["activeWithoutEmbedding"] / 5.13e9 - 1) < 0.01
    assert o["architecture"]["attentionSinks"] and o["architecture"]["moe"]["expertBias"]


def test_models_list_has_the_deployed_models(daemon):
    ids = {m["id"] for m in daemon.result("models/list", {})["models"]}
    wanted = {"deepseek-v3", "mixtral-8x7b", "qwen3-30b-a3b", "qwen3-235b-a22b", "gpt-oss-20b", "gpt-oss-120b",
              "llama-4-scout", "llama-4-maverick", "gemma-3-27b", "gemma-3-4b", "mistral-7b", "qwen2.5-7b",
              "qwen2.5-72b", "phi-4", "olmo-2-7b", "olmo-2-13b"}
    assert wanted <= ids and len(ids) >= 25


def test_a_row_passes_back_as_params_and_architecture(daemon):
    # models/get's architecture is accepted as a request's architecture, experts and windows included.
    m = daemon.result("models/get", {"id": "mixtral-8x7b"})
    by_id = daemon.result("finetune/recommend", {"model": "mixtral-8x7b", "examples": 500, "tokensPerExample": 512,
                                                 "hardware": "h100-sxm", "gpus": 8})
    by_shape = daemon.result("finetune/recommend", {"params": m["parameters"], "architecture": m["architecture"], "examples": 500,
                                                    "tokensPerExample": 512, "hardware": "h100-sxm", "gpus": 8})
    assert by_id["approaches"] == by_shape["approaches"]


def test_mixtral_fine_tuning_memory_and_time(daemon):
    # Full fine-tuning holds all 46,702,792,704 parameters; FLOPs follow the 12,879,925,248 a token uses:
    # (6 + 2 recomputation) · N_active per token · 500 · 512 tokens.
    r = daemon.result("finetune/recommend", {"model": "mixtral-8x7b", "examples": 500, "tokensPerExample": 512,
                                             "hardware": "h100-sxm", "gpus": 8})
    full = next(a for a in r["approaches"] if a["approach"] == "full")
    assert full["trainableParameters"] == 46_702_792_704
    assert full["memoryBytes"]["gradients"] == 2 * 46_702_792_704 / 8
    assert full["training"]["flops"] == 8 * 12_879_925_248 * 500 * 512


def test_unchunked_logits_and_indivisible_heads(daemon):
    base = {"model": "llama-3.1-8b", "examples": 500, "tokensPerExample": 4096, "hardware": "h100-sxm"}
    plain = daemon.result("finetune/recommend", base)
    chunked = daemon.result("finetune/recommend", {**base, "options": {"chunkedLoss": True}})
    lora = lambda r: next(a for a in r["approaches"] if a["approach"] == "lora")
    # 4096 tokens · 128,256 vocabulary: 16 bytes each unchunked, 2 chunked.
    assert lora(plain)["memoryBytes"]["logits"] == 4096 * 128256 * 16
    assert lora(chunked)["memoryBytes"]["logits"] == 4096 * 128256 * 2
    e = daemon.error("finetune/recommend", {"params": 1e9, "architecture": {"layers": 2, "hidden": 4100, "heads": 32,
                     "vocabulary": 100, "context": 128, "intermediate": 64}, "examples": 10, "tokensPerExample": 10,
                     "hardware": "h100-sxm"})
    assert e["code"] == -32602 and e["data"]["field"] == "params.architecture.heads"


def test_head_dim_is_never_truncated_and_huge_widths_error(daemon):
    # hidden 4100 over 32 heads is not a whole head dimension: refused, not silently 128.
    e = daemon.error("cost/inference", {"params": 7e9, "architecture": {"layers": 32, "kvHeads": 8, "hidden": 4100, "heads": 32},
                                        "hardware": "h100-sxm", "contextTokens": 1000, "outputTokens": 100})
    assert e["code"] == -32602 and e["data"]["field"] == "params.architecture.heads"
    shape = {"layers": 2, "hidden": 4100, "heads": 32, "kvHeads": 32, "ffnHidden": 64, "vocab": 100, "sequenceLength": 128}
    e = daemon.error("cost/training", {"architecture": shape, "tokens": 1e9, "hardware": "h100-sxm", "gpus": 8})
    assert e["code"] == -32602 and e["data"]["field"] == "params.architecture.heads"
    # 2^40 heads of 128: an error naming heads, and the daemon keeps serving.
    huge = {**shape, "hidden": 4096, "heads": 2 ** 40, "kvHeads": 2 ** 40, "headDim": 128}
    e = daemon.error("cost/training", {"architecture": huge, "tokens": 1e9, "hardware": "h100-sxm", "gpus": 8})
    assert e["code"] == -32602 and e["data"]["field"] == "params.architecture.heads"
    assert daemon.result("models/get", {"id": "mistral-7b"})["id"] == "mistral-7b"


def test_cost_inference_caches_by_attention_kind(daemon):
    # DeepSeek-V3 (config: 61 layers, kv_lora_rank 512, qk_rope_head_dim 64): 70,272 bytes per token, not the
    # 2 · 61 · 128 · 128 · 2 = 3,997,696 of multi-head attention; 1000 + 100 tokens per sequence.
    r = daemon.result("cost/inference", {"model": "deepseek-v3", "hardware": "h100-sxm", "contextTokens": 1000, "outputTokens": 100})
    assert r["kvCacheBytesPerToken"] == 70_272
    assert r["kvCacheBytesPerSequence"] == 70_272 * 1100
    # Mistral 7B at 32k: the 4096-token rolling buffer (sliding_window 4096), 4096 · 131,072 bytes, not 8× more.
    r = daemon.result("cost/inference", {"model": "mistral-7b", "hardware": "h100-sxm", "contextTokens": 32_768, "outputTokens": 100})
    assert r["kvCacheBytesPerToken"] == 131_072
    assert r["kvCacheBytesPerSequence"] == 4096 * 131_072
    assert any("sliding window" in a for a in r["assumptions"])
