"""scaling/planExperiments through the real daemon: schema-checked replies, progress, cancel,
field errors, and figures against hand calculations written out here. Small repeat counts
keep it quick in a debug build; bench/plan/run.py runs the full 200."""
import math

from conftest import validate_params, validate_reply

# chinchilla-epoch (Besiroglu et al. 2024): E 1.82, A 482.01, B 2085.43, α 0.3478, β 0.3658.
# G = (αA/(βB))^(1/(α+β)) = (167.643/762.850)^(1/0.7136) = 0.119630; a = β/(α+β) = 0.512612;
# N*(1e24) = 0.119630 · (1e24/6)^0.512612 = 9.58607e10 parameters.
N_STAR_1E24 = 9.58607e10
QUICK = {"repeats": 20, "bootstrap": 10, "ruleRepeats": 0, "seed": 4}


def test_plan_compares_three_designs_with_progress(lines_daemon):
    d = lines_daemon
    params = {"targetFlops": 1e24, "flops": 1e22, "options": QUICK, "workDoneToken": "plan-1"}
    validate_params("scaling/planExperiments", params)
    d.send({"jsonrpc": "2.0", "id": 60, "method": "scaling/planExperiments", "params": params})
    progress, reply = [], None
    while reply is None:
        msg = d.read(timeout=300)
        if msg.get("method") == "$/progress":
            progress.append(msg["params"]["value"])
        elif msg.get("id") == 60:
            reply = msg
    validate_reply("scaling/planExperiments", reply)
    kinds = [v["kind"] for v in progress]
    assert kinds[0] == "begin" and kinds[-1] == "end"
    r = reply["result"]
    assert [x["kind"] for x in r["designs"]] == ["isoflop", "geometric", "optimized"]
    assert r["repeats"] == 20 and r["bootstrap"] == 10 and r["seed"] == 4
    assert r["noise"] == 0.007556 and "Epoch" in r["noiseSource"]
    widths = []
    for x in r["designs"]:
        assert abs(x["nStar"]["truth"] / N_STAR_1E24 - 1) < 1e-5
        assert x["nStar"]["low"] <= x["nStar"]["mid"] <= x["nStar"]["high"]
        total = sum(run["flops"] for run in x["runs"])
        assert abs(total / x["flops"] - 1) < 1e-12 and x["flops"] <= 1e22 * (1 + 1e-9)
        assert all(abs(run["flops"] / (6 * run["params"] * run["tokens"]) - 1) < 1e-12 for run in x["runs"])
        assert 0 <= x["identifiedProbability"] <= 1
        assert x["curve"]
        widths.append(x["nStar"]["widthFactor"])
    best = r["designs"][r["recommendedIndex"]]
    assert r["recommended"] == best["kind"]
    assert math.log(best["nStar"]["widthFactor"]) <= math.log(min(widths)) * 1.05
    # The isoFLOP grid: 5 levels √10 apart with 5 sizes each, spending all of the budget.
    assert len(r["designs"][0]["runs"]) == 25


def test_same_seed_same_plan_and_custom_runs(lines_daemon):
    runs = [{"params": n, "tokens": 20 * n} for n in (1e8, 2e8, 4e8, 8e8, 1.6e9)] + [{"params": 4e8, "tokens": 2e9}]
    params = {"targetFlops": 1e24, "flops": 1e22, "options": QUICK, "designs": ["isoflop", {"kind": "custom", "runs": runs}]}
    a = lines_daemon.result("scaling/planExperiments", params)
    b = lines_daemon.result("scaling/planExperiments", params)
    assert a["designs"] == b["designs"]
    custom = a["designs"][1]
    assert custom["kind"] == "custom" and [(x["params"], x["tokens"]) for x in custom["runs"]] == [(x["params"], x["tokens"]) for x in runs]
    assert custom["distinctSizes"] == 5 and custom["curve"] == []


def test_rules_are_checked_at_each_budget(lines_daemon):
    options = {**QUICK, "ruleRepeats": 10}
    r = lines_daemon.result("scaling/planExperiments", {"targetFlops": 1e24, "flops": 1e22, "designs": ["isoflop"], "options": options})
    rules = {x["rule"]: x for x in r["rules"]}
    decades = next(x for name, x in rules.items() if "two decades" in name)
    assert [p["budgetMultiple"] for p in decades["byBudget"]] == [0.25, 0.5, 1, 2, 4, 8]
    assert decades["holds"] in (True, False)
    assert any("10B" in name for name in rules)


def test_dollar_budget_prices_runs(lines_daemon):
    # $10,000 on h100-sxm (989e12 FLOP/s bf16) at MFU 0.4 and $2/h: 1e4/2 · 3600 · 989e12 · 0.4 = 7.1208e21 FLOPs.
    params = {"targetFlops": 1e24, "usd": 1e4, "hardware": "h100-sxm", "mfu": 0.4, "pricePerHour": {"low": 2, "high": 2},
              "designs": ["geometric"], "options": QUICK}
    r = lines_daemon.result("scaling/planExperiments", params)
    assert abs(r["budgetFlops"] / 7.1208e21 - 1) < 1e-12
    x = r["designs"][0]
    for run in x["runs"]:
        assert abs(run["usd"] / (run["flops"] * 2 / (3600 * 989e12 * 0.4)) - 1) < 1e-9
    assert x["usd"] <= 1e4 * (1 + 1e-9)


def test_bad_fields_are_named(daemon):
    for params, field in [
        ({"targetFlops": 1e24}, "params.flops"),
        ({"targetFlops": 1e24, "flops": 1e22, "constraints": {"maxRuns": 3}}, "params.constraints.maxRuns"),
        ({"targetFlops": 1e24, "flops": 1e22, "designs": ["grid"]}, "params.designs[0]"),
        ({"targetFlops": 1e24, "flops": 1e22, "prior": "kaplan"}, "params.prior"),
        ({"targetFlops": 1e22, "flops": 1e24}, "params.flops"),
    ]:
        e = daemon.error("scaling/planExperiments", params)
        assert e["code"] == -32602, e
        assert e["data"]["field"] == field, e


def test_cancel_stops_a_long_plan(lines_daemon):
    d = lines_daemon
    d.send({"jsonrpc": "2.0", "id": 901, "method": "scaling/planExperiments",
            "params": {"targetFlops": 1e24, "flops": 1e22, "workDoneToken": 9, "options": {"repeats": 100000, "ruleRepeats": 0}}})
    while True:
        msg = d.read(timeout=60)
        assert msg.get("id") != 901, msg
        if msg.get("method") == "$/progress" and msg["params"]["value"]["kind"] == "report":
            break
    d.notify("$/cancelRequest", {"id": 901})
    reply = d.read_reply(901, timeout=60)
    assert reply["error"]["code"] == -32800
