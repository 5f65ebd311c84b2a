"""Published fine-tuning and model configs opened in the real daemon as an editor would
(LSP didOpen, then the pushed diagnostics and textDocument/inlayHint). The figures are worked
out by hand in Tests/ScalewiseServerTests/DocumentTests.swift (PublishedConfigTests): Llama-3-8B's
shape 8,030,261,248 parameters; LoRA r=32 on every linear layer 83,886,080; QLoRA weights
5,702,295,552 B (5.70 GB) plus 16 B per adapter parameter."""
from pathlib import Path

import pytest

from conftest import Daemon

CONFIGS = Path(__file__).parent / "fixtures" / "configs"


def hints_for(name):
    d = Daemon(framing="content-length")
    try:
        d.result("initialize", {"processId": None, "capabilities": {}})
        d.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        uri = f"file:///work/{name}"
        text = (CONFIGS / name).read_text()
        d.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
        while True:
            msg = d.read()
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
                diagnostics = msg["params"]["diagnostics"]
                break
        hints = d.result("textDocument/inlayHint", {"textDocument": {"uri": uri},
                                                    "range": {"start": {"line": 0, "character": 0},
                                                              "end": {"line": 500, "character": 0}}})
        return diagnostics, hints
    finally:
        d.proc.kill()


@pytest.mark.parametrize("name, expected", [
    ("axolotl-llama-3-qlora.yml", [
        (0, "base model Llama 3.1 8B · 8.03B params"),
        (25, "LoRA r=32 on all linear layers ≈ 83.9M trainable params (1%)"),
        (8, "QLoRA memory ≈ 5.70 GB 4-bit weights + 1.34 GB LoRA r=32 with AdamW (before activations)")]),
    ("torchtune-llama3_1-8B_qlora_single_device.yaml", [
        (19, "base model Llama 3.1 8B · 8.03B params"),
        (23, "LoRA r=8 on all linear layers ≈ 21.0M trainable params (0.26%)"),
        (19, "QLoRA memory ≈ 5.70 GB 4-bit weights + 336 MB LoRA r=8 with AdamW (before activations)")]),
    ("llama-factory-llama3-lora-sft-otfq.yaml", [
        (1, "base model Llama 3.1 8B · 8.03B params"),
        (10, "LoRA r=8 on all linear layers ≈ 21.0M trainable params (0.26%)"),
        (2, "QLoRA memory ≈ 5.70 GB 4-bit weights + 336 MB LoRA r=8 with AdamW (before activations)")]),
])
def test_fine_tuning_configs_name_the_base_model_adapters_and_memory(name, expected):
    diagnostics, hints = hints_for(name)
    assert [(d["range"]["start"]["line"], d["message"]) for d in diagnostics] == expected
    assert [(h["position"]["line"], h["label"]) for h in hints] == expected


def test_nemo_llama3_8b_yaml_counts_the_tokenizer_vocabulary():
    # num_layers 32, hidden 4096, ffn 14336, 32 heads, 8 query groups, fast-swiglu, untied; the
    # vocabulary (128,256) from the tokenizer meta-llama/Meta-Llama-3-8B → the models table.
    diagnostics, _ = hints_for("nemo-launcher-llama3_8b.yaml")
    messages = [d["message"] for d in diagnostics]
    assert messages[0].startswith("≈ 8.03B params"), messages
    # max_steps 300,000 × global_batch_size 2,048 × encoder_seq_length 8,192 = 5.03T tokens.
    assert any(m.startswith("5.03T tokens · 627 tok/param") for m in messages), messages


def test_megatron_swiglu_yaml_is_gated():
    # Non-embedding count by hand: 6,476,271,616 (a plain MLP would give 5.03B).
    diagnostics, _ = hints_for("megatron-lm-baichuan-7b.yaml")
    assert diagnostics[0]["message"].startswith("≈ 6.48B params"), diagnostics
