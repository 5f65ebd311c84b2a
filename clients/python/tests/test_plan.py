"""plan_experiments and its plots against the real daemon (small repeat counts)."""
import pytest

import scalewise

# chinchilla-epoch: N*(1e24) = 0.119630 · (1e24/6)^0.512612 = 9.58607e10 (hand calculation in
# Tests/ScalingCoreTests/PlanDesignTests.swift).
N_STAR = 9.58607e10
QUICK = {"repeats": 12, "bootstrap": 10, "ruleRepeats": 0, "seed": 2}


def test_plan_experiments_and_plots(client):
    seen = []
    plan = scalewise.plan_experiments(1e24, flops=1e22, options=QUICK, client=client, timeout=300,
                                      progress=seen.append)
    assert [d["kind"] for d in plan["designs"]] == ["isoflop", "geometric", "optimized"]
    assert plan["recommended"] == plan["designs"][plan["recommendedIndex"]]["kind"]
    for d in plan["designs"]:
        assert abs(d["nStar"]["truth"] / N_STAR - 1) < 1e-5
        assert d["flops"] <= 1e22 * (1 + 1e-9)
    assert seen and seen[-1]["kind"] == "end"
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    ax = scalewise.plot_plan(plan)
    points = sum(len(c.get_offsets()) for c in ax.collections)
    assert points == sum(len(d["runs"]) for d in plan["designs"]) + 1
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    ax2 = scalewise.plot_plan_curve(plan)
    assert len(ax2.get_lines()) == 3 + 1


def test_constraints_pass_through(client):
    plan = scalewise.plan_experiments(1e24, flops=1e22, constraints={"maxParams": 1e9, "maxRuns": 12},
                                      designs=["geometric"], options=QUICK, client=client, timeout=300)
    runs = plan["designs"][0]["runs"]
    assert len(runs) <= 12 and max(r["params"] for r in runs) <= 1e9 * (1 + 1e-12)
