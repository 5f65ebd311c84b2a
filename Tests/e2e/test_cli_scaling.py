"""The CLI's scaling commands (optimal, laws, inference-optimal, overtrain, sweep, api-prices,
plan, fit): `--json` prints what the daemon answers for the same params, and the table shows
the answer's own figures (computed here from that JSON)."""
import json
import subprocess

import pytest

from conftest import BIN, ROOT


def cli(*args, state=None):
    extra = ["--state-dir", str(state)] if state else ["--no-state"]
    p = subprocess.run([BIN, *args, *extra], capture_output=True, text=True, timeout=300)
    return p


def ok(*args, state=None):
    p = cli(*args, state=state)
    assert p.returncode == 0, p.stderr
    return p.stdout


def cli_json(*args, state=None):
    return json.loads(ok(*args, "--json", state=state))


def row(text, label):
    """The value column of the table row `label`."""
    for line in text.splitlines():
        if line.startswith(label + "  "):
            return line[len(label):].strip()
    raise AssertionError(f"no row {label!r} in:\n{text}")


@pytest.mark.parametrize("args,params", [
    (["--flops", "1e24"], {"flops": 1e24}),
    (["--flops", "1e24", "--law", "chinchilla"], {"flops": 1e24, "law": "chinchilla"}),
    (["--target-loss", "2.1"], {"targetLoss": 2.1}),
    (["--usd", "1M", "--hardware", "h100-sxm"], {"usd": 1e6, "hardware": "h100-sxm"}),
])
def test_optimal_json_is_the_daemons_and_the_table_reads_it(lines_daemon, args, params):
    r = lines_daemon.result("scaling/optimal", params)
    assert cli_json("optimal", *args) == r
    text = ok("optimal", *args)
    assert row(text, "loss") == f"{r['loss']:.4f} nats/token"
    assert row(text, "tokens/param") == f"{r['tokens'] / r['params']:.1f}"
    assert row(text, "method") == r["method"]
    for w in r.get("warnings", []):
        assert "  - " + w in text
    for a in r["assumptions"]:
        assert "  - " + a in text
    for s in r["sources"]:
        assert s["title"] in text
    if "budget" in r:
        assert row(text, "budget").startswith("$1,000,000 on h100-sxm")


def test_optimal_at_1e24_is_the_readmes_answer():
    # README: N ≈ 96B parameters on 1.74T tokens, loss 1.96 nats (chinchilla-epoch).
    text = ok("optimal", "--flops", "1e24")
    assert row(text, "params") == "95.9B" and row(text, "tokens") == "1.74T"
    assert row(text, "loss").startswith("1.96")


def test_laws_lists_the_catalog(lines_daemon):
    laws = json.loads((ROOT / "data" / "laws.json").read_text())["laws"]
    assert cli_json("laws") == lines_daemon.result("scaling/laws", {})
    text = ok("laws")
    for law in laws:
        assert f"\n{law['id']}: {law['title']}\n" in text
        constants = " ".join(f"{k}=" for k in law["parameters"])
        assert all(c in text for c in constants.split())


@pytest.mark.parametrize("args,params", [
    (["--target-loss", "2.0", "--inference-tokens", "2e12"], {"targetLoss": 2.0, "inferenceTokens": 2e12}),
    (["--flops", "1e23", "--inference-tokens", "2T", "--law", "chinchilla"], {"flops": 1e23, "inferenceTokens": 2e12, "law": "chinchilla"}),
])
def test_inference_optimal(lines_daemon, args, params):
    r = lines_daemon.result("scaling/inferenceOptimal", params)
    assert cli_json("inference-optimal", *args) == r
    text = ok("inference-optimal", *args)
    assert row(text, "saving").startswith(f"{100 * r['savings']:.1f} % of lifetime FLOPs")
    assert row(text, "  loss") == f"{r['loss']:.4f} nats/token"
    for w in r.get("warnings", []):
        assert "  - " + w in text


def test_overtrain_simple_is_the_modules_example(lines_daemon):
    # $5M extra training / ($0.001 saved per request × 1e7 requests a day) = 500 days.
    args = ["--extra-training-usd", "5M", "--saving-per-request", "0.001", "--requests-per-day", "1e7"]
    r = lines_daemon.result("cost/overtrain", {"extraTrainingUsd": 5e6, "savingPerRequest": 0.001, "requestsPerDay": 1e7})
    assert cli_json("overtrain", *args) == r
    text = ok("overtrain", *args)
    assert row(text, "break-even") == "500 days"
    assert row(text, "saving") == "$0.001 per request × 10.0M requests/day"


def test_overtrain_full(lines_daemon):
    large, small = {"params": 7e10, "tokens": 1.4e12}, {"params": 3e10, "tokens": 4e12}
    args = ["--large", json.dumps(large), "--small", json.dumps(small), "--requests-per-day", "1e7",
            "--tokens-per-request", "1000", "--hardware", "h100-sxm"]
    r = lines_daemon.result("cost/overtrain", {"large": large, "small": small, "requestsPerDay": 1e7,
                                               "tokensPerRequest": 1000, "hardware": "h100-sxm"})
    assert cli_json("overtrain", *args) == r
    text = ok("overtrain", *args)
    # 6·(3e10·4e12 − 7e10·1.4e12) = 1.32e23 extra training FLOPs.
    assert row(text, "extra training").startswith("1.3e23 FLOPs, $")
    assert row(text, "break-even") == f"{r['breakEvenDays']['mid']:.0f} days"


@pytest.mark.parametrize("args,params", [
    (["--kind", "optimal", "--budgets", '{"from":1e20,"to":1e25,"count":6}'],
     {"kind": "optimal", "budgets": {"from": 1e20, "to": 1e25, "count": 6}}),
    (["--kind", "optimal", "--budgets", "[1e21,1e23]", "--constraints", '{"maxTokens":1e11}'],
     {"kind": "optimal", "budgets": [1e21, 1e23], "constraints": {"maxTokens": 1e11}}),
    (["--kind", "predict", "--params", "[1e8,1e9]", "--tokens", "[1e10,1e11]", "--law", "chinchilla"],
     {"kind": "predict", "params": [1e8, 1e9], "tokens": [1e10, 1e11], "law": "chinchilla"}),
])
def test_sweep(lines_daemon, args, params):
    r = lines_daemon.result("scaling/sweep", params)
    assert cli_json("sweep", *args) == r
    lines = ok("sweep", *args).splitlines()
    numeric = [k for k, v in r["columns"].items() if v and isinstance(v[0], (int, float))]
    assert lines[0].split() == numeric
    assert len([l for l in lines[1:r["count"] + 1] if l.strip()]) == r["count"]
    for w in r.get("warnings", []):
        assert "  - " + w in "\n".join(lines)


def test_api_prices_by_provider(lines_daemon):
    rows = [p for p in json.loads((ROOT / "data" / "api-prices.json").read_text())["prices"] if p["provider"] == "OpenAI"]
    assert cli_json("api-prices", "--provider", "OpenAI") == lines_daemon.result("cost/apiPrices", {"provider": "OpenAI"})
    lines = ok("api-prices", "--provider", "OpenAI").splitlines()[1:]
    assert [l.split()[0] for l in lines] == [p["id"] for p in rows]
    for line, p in zip(lines, rows):
        assert f"${p['usdPerMillionInputTokens']:.2f}" in line and p["date"] in line


def test_plan_json_is_the_daemons(lines_daemon):
    args = ["--target", "1e22", "--flops", "1e20", "--designs", "isoflop,geometric", "--repeats", "10",
            "--bootstrap", "0", "--rule-repeats", "0"]
    params = {"targetFlops": 1e22, "flops": 1e20, "designs": ["isoflop", "geometric"],
              "options": {"repeats": 10, "bootstrap": 0, "ruleRepeats": 0, "seed": 0}}
    r = lines_daemon.result("scaling/planExperiments", params)
    mine = cli_json("plan", *args)
    r.pop("elapsed"), mine.pop("elapsed")
    assert mine == r
    text = ok("plan", *args)
    assert f"recommended: {r['why']}" in text
    for d in r["designs"]:
        assert row(text, d["kind"]).startswith(f"{len(d['runs'])} runs")


def test_fit_from_csv_stores_a_law_the_daemon_fits_alike(tmp_path, lines_daemon):
    # Noise-free runs on Hoffmann et al. 2022's printed law (E 1.69, A 406.4, B 410.7, α 0.34,
    # β 0.28) at 6 sizes × 4 token counts: the fit must recover it.
    runs = []
    for i in range(6):
        for j in range(4):
            n, d = 1e8 * 3 ** i, 2e9 * 4 ** j
            runs.append({"params": n, "tokens": d, "loss": 1.69 + 406.4 / n ** 0.34 + 410.7 / d ** 0.28})
    path = tmp_path / "runs.csv"
    path.write_text("params,tokens,loss\n" + "".join(f"{r['params']!r},{r['tokens']!r},{r['loss']!r}\n" for r in runs))
    state = tmp_path / "state"
    r = lines_daemon.result("scaling/fit", {"runs": runs, "id": "synthetic", "options": {"bootstrap": 0, "seed": 0}})
    mine = cli_json("fit", "--csv", str(path), "--id", "synthetic", state=state)
    assert mine["lawId"] == "synthetic" and mine["parameters"] == r["parameters"] and mine["assumptions"] == r["assumptions"]
    assert abs(mine["parameters"]["E"] - 1.69) < 1e-3 and abs(mine["parameters"]["beta"] - 0.28) < 1e-3
    # The law is kept in the state directory and usable by id.
    assert "synthetic" in [law["id"] for law in cli_json("laws", state=state)["laws"]]
    text = ok("fit", "--csv", str(path), "--id", "synthetic", state=state)
    assert row(text, "law id") == "synthetic"
    assert row(text, "train ARE") == f"{100 * r['trainARE']:.2f} %"
    assert row(text, "  alpha").startswith(f"{r['parameters']['alpha']:.6g}")


def test_errors_name_the_flag():
    p = cli("optimal", "--flops", "-1")
    assert p.returncode == 1 and "invalid --flops" in p.stderr
    p = cli("sweep", "--kind", "nope")
    assert p.returncode == 1 and "invalid --kind" in p.stderr
    p = cli("optimal", "--flops", "1e24", "--law", "nope")
    assert p.returncode == 1 and "invalid --law" in p.stderr and "chinchilla-epoch" in p.stderr
