"""LSP document features end to end with pytest-lsp (PyPI), impersonating the saved client
capabilities of VS Code, Neovim and Emacs. Expected figures are computed here from the
Chinchilla constants in data/laws.json and parameter counts written out by hand."""
import asyncio
import json
import math
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import BIN, ROOT

LAWS = {law["id"]: law for law in json.loads((ROOT / "data" / "laws.json").read_text())["laws"]}

# meta-llama/Llama-3.1-8B's config.json as published on the Hugging Face Hub.
LLAMA_31_8B = (Path(__file__).parent / "fixtures" / "llama-3.1-8b-config.json").read_text()
LLAMA_PARAMS = 8_030_261_248  # by hand in Tests/ScalewiseServerTests/DocumentTests.swift
URI = "file:///work/model/config.json"


def chinchilla_tokens_for(n, law="chinchilla-epoch"):
    """D_opt for a model of n parameters: invert N = G·(C/6)^(β/(α+β)) (Hoffmann et al. 2022)."""
    p = LAWS[law]["parameters"]
    a, b, A, B = p["alpha"], p["beta"], p["A"], p["B"]
    g = (a * A / (b * B)) ** (1 / (a + b))
    x = (n / g) ** ((a + b) / b)
    return x ** (a / (a + b)) / g


def short(x):
    """The hint's number format: 3 significant figures with K/M/B/T."""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(x) >= scale:
            v = x / scale
            break
    else:
        v, suffix = x, ""
    text = f"{v:.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.2f}"
    return text + suffix


def sci(x):
    """Two significant figures: 5.4e21, 2e22."""
    e = math.floor(math.log10(x))
    m = round(x / 10**e, 1)
    if m >= 10:
        m, e = m / 10, e + 1
    return f"{int(m)}e{e}" if m == int(m) else f"{m:.1f}e{e}"


def sig3(x):
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


CLIENTS = ["visual-studio-code", "neovim", "emacs"]


def make_config():
    return ClientServerConfig(server_command=[BIN, "serve", "--no-state"])


@pytest_lsp.fixture(config=make_config(), params=CLIENTS)
async def client(lsp_client: LanguageClient, request):
    params = types.InitializeParams(
        capabilities=pytest_lsp.client_capabilities(request.param),
        initialization_options={"scalewise": {"peakFlops": 989e12, "mfu": 0.4, "gpus": 64}},
    )
    result = await lsp_client.initialize_session(params)
    lsp_client.init_result = result
    yield
    await lsp_client.shutdown_session()


async def open_doc(client, uri, text, language_id):
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language_id, version=1, text=text)))
    await asyncio.wait_for(client.wait_for_notification("textDocument/publishDiagnostics"), 30)
    return list(client.diagnostics[uri])


async def change(client, uri, version, changes):
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=changes))
    await asyncio.wait_for(client.wait_for_notification("textDocument/publishDiagnostics"), 30)
    return list(client.diagnostics[uri])


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines()) if needle in line)


@pytest.mark.asyncio
async def test_capabilities(client: LanguageClient):
    caps = client.init_result.capabilities
    assert caps.hover_provider is True
    assert caps.inlay_hint_provider is not None
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    assert caps.text_document_sync.open_close is True


@pytest.mark.asyncio
async def test_config_json_hints_hover_and_settings(client: LanguageClient):
    diags = await open_doc(client, URI, LLAMA_31_8B, "json")
    d_opt = chinchilla_tokens_for(LLAMA_PARAMS)
    flops = 6 * LLAMA_PARAMS * d_opt
    gpu_hours = flops / (989e12 * 0.4) / 3600
    expected = (f"≈ 8.03B params · {sig3(d_opt / LLAMA_PARAMS)} tok/param → {short(d_opt)} tokens optimal"
                f" · {sci(flops)} FLOPs · {short(gpu_hours)} GPU-h")
    assert len(diags) == 1, diags
    assert diags[0].severity == types.DiagnosticSeverity.Hint
    assert diags[0].message.startswith(expected), (diags[0].message, expected)
    anchor = line_of(LLAMA_31_8B, '"hidden_size"')  # the first architecture key in the file
    assert diags[0].range.start.line == anchor

    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=types.TextDocumentIdentifier(uri=URI),
        range=types.Range(start=types.Position(0, 0), end=types.Position(200, 0))))
    assert [h.label for h in hints] == [diags[0].message]
    assert hints[0].position == types.Position(anchor, len(LLAMA_31_8B.splitlines()[anchor]))

    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI),
        position=types.Position(line_of(LLAMA_31_8B, '"num_key_value_heads"'), 5)))
    assert hover.contents.kind == types.MarkupKind.Markdown
    text = hover.contents.value
    assert "8,030,261,248" in text and "Hoffmann et al. 2022" in text and "Assumptions" in text
    assert "grouped-query attention" in text
    none = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(0, 0)))
    assert none is None

    # Settings change: another law (the printed constants) and a price → hints are re-published and say so.
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"scalewise": {"law": "chinchilla", "peakFlops": 989e12, "mfu": 0.5, "pricePerHour": 2.0}}))
    await asyncio.wait_for(client.wait_for_notification("textDocument/publishDiagnostics"), 30)
    d_epoch = chinchilla_tokens_for(LLAMA_PARAMS, "chinchilla")
    message = client.diagnostics[URI][0].message
    assert f"{short(d_epoch)} tokens optimal" in message, message
    hours = 6 * LLAMA_PARAMS * d_epoch / (989e12 * 0.5) / 3600
    assert f"{short(hours)} GPU-h" in message and f"${short(hours * 2.0)}" in message, message

    # Incremental edit (UTF-16 range): 32 → 16 layers. By hand: 16 × 218,112,000 + 4,096
    # + 1,050,673,152 = 4,540,469,248.
    layers = line_of(LLAMA_31_8B, '"num_hidden_layers"')
    col = LLAMA_31_8B.splitlines()[layers].index("32")
    diags = await change(client, URI, 2, [types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(layers, col), end=types.Position(layers, col + 2)), text="16")])
    assert diags[0].message.startswith("≈ 4.54B params"), diags[0].message


@pytest.mark.asyncio
async def test_bad_input_mid_edit_then_recovery(client: LanguageClient):
    assert await open_doc(client, URI, '{"num_hidden_la', "json") == []
    diags = await change(client, URI, 2, [types.TextDocumentContentChangeWholeDocument(
        text='{"num_hidden_layers": 1e999, "hidden_size": NaN, "vocab_size": 32000')])
    assert diags == []
    diags = await change(client, URI, 3, [types.TextDocumentContentChangeWholeDocument(
        text='{"num_hidden_layers": 12, "hidden_size": 768, "num_attention_heads": 12, "vocab_size": 50257,\n')])
    # No model type and no rms_norm_eps: LayerNorm and biases, as GPT-2. 12 layers × (4·768²
    # + 3,072 + 2·768·3,072 + 3,840 + 3,072) + 1,536 + 50,257·768 (tied) = 123,653,376
    assert diags and diags[0].message.startswith("≈ 124M params"), diags
    # Binary content: no hints, no crash; a hover on it answers null.
    diags = await change(client, URI, 4, [types.TextDocumentContentChangeWholeDocument(text="\x00\x01\x02" * 100)])
    assert diags == []
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(0, 0)))
    assert hover is None


@pytest.mark.asyncio
async def test_huge_document_gets_no_hints(client: LanguageClient):
    big = '{"num_hidden_layers": 32, "hidden_size": 4096,\n' + ("x" * 1023 + "\n") * (50 * 1024)
    assert len(big) > 50_000_000
    assert await open_doc(client, "file:///big.json", big, "json") == []
    # The daemon is alive and still serves other documents.
    diags = await open_doc(client, "file:///small.py", "n_params = 7e9\n", "python")
    assert diags[0].message.startswith("≈ 7.00B params")


@pytest.mark.asyncio
async def test_yaml_undertrained_warning_and_python(client: LanguageClient):
    yaml = ("model:\n  n_layer: 12\n  n_head: 12\n  n_embd: 768\n  vocab_size: 50257\n  block_size: 1024\n"
            "training:\n  batch_size: 12\n  gradient_accumulation_steps: 40\n  max_iters: 1000\n")
    diags = await open_doc(client, "file:///train.yaml", yaml, "yaml")
    tokens = 1000 * 12 * 40 * 1024
    warnings = [d for d in diags if d.severity == types.DiagnosticSeverity.Warning]
    assert len(warnings) == 1 and warnings[0].range.start.line == 9
    # GPT-2 small with learned positions, no biases read from YAML → count from the YAML's keys;
    # the warning's factor is D_opt(N) / D with N taken from the Hint on line 1.
    n_text = diags[0].message.split(" params")[0].lstrip("≈ ")
    assert n_text == "124M"
    n = 12 * (4 * 768**2 + 4 * 768 + 2 * 768 * 3072 + 3072 + 768 + 4 * 768) + 2 * 768 + 50257 * 768 + 1024 * 768
    factor = chinchilla_tokens_for(n) / tokens
    assert warnings[0].message.startswith(f"undertrained by Chinchilla: {sig3(factor)}× fewer tokens than compute-optimal")

    py = "import torch\nn_params = 7_000_000_000\ntrain_tokens = 2e12  # 2T\nlr = 3e-4\n"
    diags = await open_doc(client, "file:///train.py", py, "python")
    assert [d.range.start.line for d in diags] == [1, 2]
    assert diags[1].message.startswith(f"2.00T tokens · {sig3(2e12 / 7e9)} tok/param · {sci(6 * 7e9 * 2e12)} FLOPs")


def test_replies_match_protocol_schemas():
    """The same features over the raw wire, each reply validated against protocol/schemas."""
    from conftest import Daemon, schema_ref
    d = Daemon(framing="headers")
    try:
        init = d.result("initialize", {"processId": None, "capabilities": {}, "rootUri": None})
        assert init["capabilities"]["textDocumentSync"]["change"] == 2
        d.notify("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "json", "version": 1, "text": LLAMA_31_8B}})
        note = d.read()
        assert note["method"] == "textDocument/publishDiagnostics"
        schema_ref("urn:scalewise:textDocument/publishDiagnostics#/$defs/params").validate(note["params"])
        hints = d.result("textDocument/inlayHint", {"textDocument": {"uri": URI},
                                                    "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}})
        assert len(hints) == 1
        hover = d.result("textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": 9, "character": 0}})
        assert "8,030,261,248" in hover["contents"]["value"]
        assert d.result("textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}) is None
    finally:
        d.close()


@pytest.mark.asyncio
async def test_mixture_of_experts_config_shows_total_and_active(client: LanguageClient):
    # mistralai/Mixtral-8x7B-v0.1 config.json (fixtures/mixtral-8x7b-config.json). Jiang et al.
    # 2024, "Mixtral of Experts": 47B parameters, 13B active per token; Mistral AI's release
    # post gives 46.7B total and 12.9B used per token.
    uri = "file:///work/model/mixtral/config.json"
    text = (Path(__file__).parent / "fixtures" / "mixtral-8x7b-config.json").read_text()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="json", version=1, text=text)))
    await asyncio.wait_for(client.wait_for_notification("textDocument/publishDiagnostics"), 30)
    label = client.diagnostics[uri][0].message
    assert label.startswith("≈ 46.7B params, 12.9B active · "), label
    # The allocation is for the active parameters (they set the compute per token).
    d_opt = chinchilla_tokens_for(12.9e9)
    assert abs(float(label.split(" tokens optimal")[0].split("→ ")[1].rstrip("B")) * 1e9 / d_opt - 1) < 0.01, label
    line = line_of(text, '"num_hidden_layers"')
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, 3)))
    # By hand from the config: per layer attention 4096·(4096 + 2·1024 + 4096) = 41,943,040, one
    # expert 3·4096·14336 = 176,160,768, router 4096·8, two RMSNorms 2·4096; embeddings and head
    # 2·32000·4096, final norm 4096. Total: 32·(41,943,040 + 8·176,160,768 + 32,768 + 8,192)
    # + 262,144,000 + 4,096 = 46,702,792,704; active (2 experts): 32·394,305,536 + 262,148,096.
    assert "46,702,792,704 in total" in hover.contents.value and "12,879,925,248 active" in hover.contents.value
    assert "2 of 8 routed experts" in hover.contents.value


@pytest.mark.asyncio
async def test_hint_without_mfu_shows_the_published_range_on_the_hardware(client: LanguageClient):
    from conftest import Daemon
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"scalewise": {"hardware": "h100-sxm", "gpus": 64}}))
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=URI, language_id="json", version=1, text=LLAMA_31_8B)))
    await asyncio.wait_for(client.wait_for_notification("textDocument/publishDiagnostics"), 30)
    label = client.diagnostics[URI][0].message
    # The same range cost/training answers for the optimal run's FLOPs on 64 H100s.
    d_opt = chinchilla_tokens_for(LLAMA_PARAMS)
    d = Daemon()
    try:
        r = d.result("cost/training", {"params": LLAMA_PARAMS, "tokens": d_opt, "hardware": "h100-sxm", "gpus": 64})
    finally:
        d.close()
    low, high = short(r["gpuHoursRange"]["low"]), short(r["gpuHoursRange"]["high"])
    if low[-1] == high[-1] and low[-1] in "KMBT":
        low = low[:-1]
    assert f"{low}–{high} GPU-h" in label, label
    assert " d on 64)" in label and "$" in label, label
