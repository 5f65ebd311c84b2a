"""scaling/planExperiments from Python: which small runs to train, on a budget, so a fitted
law can be trusted at the target compute; and two plots of the answer.

    import scalewise
    plan = scalewise.plan_experiments(1e24, flops=1e22)
    plan["recommended"], plan["why"]
    scalewise.plot_plan(plan)          # the designs on the (N, D) plane with isoFLOP lines
    scalewise.plot_plan_curve(plan)    # 80 % width of N* against the budget
"""
import math

from ._methods import params_of
from .plots import _axes


def plan_experiments(target_flops, flops=None, *, usd=None, hardware=None, prior=None, noise=None,
                     constraints=None, designs=None, options=None, client=None, timeout=None, progress=None,
                     **fields):
    """scaling/planExperiments (long: takes progress=). `constraints` and `options` are dicts
    in the protocol's spelling ({"maxParams": 1.6e10}, {"repeats": 200, "seed": 0});
    `designs` a list of "isoflop", "geometric", "optimized" or {"kind": "custom", "runs": [...]}.
    Uses the shared default client unless `client` is given."""
    if client is None:
        from . import default_client
        client = default_client()
    params = params_of(dict(target_flops=target_flops, flops=flops, usd=usd, hardware=hardware, prior=prior,
                            noise=noise, constraints=constraints, designs=designs, options=options, **fields))
    return client.call("scaling/planExperiments", params, timeout=timeout, progress=progress)


_COLORS = {"isoflop": "tab:blue", "geometric": "tab:orange", "optimized": "tab:green", "custom": "tab:purple"}
_MARKERS = {"isoflop": "o", "geometric": "s", "optimized": "^", "custom": "D"}


def plot_plan(result, designs=None, ax=None, isoflop_lines=7):
    """Each design's runs on the (N, D) plane (log-log), with lines of equal compute
    C = 6·N·D spread over the runs' range, and the prior's compute-optimal point at the
    target (a star). `designs`: kinds to draw (default all simulated)."""
    ax = _axes(ax)
    shown = [d for d in result["designs"] if d["runs"] and (designs is None or d["kind"] in designs)]
    ns = [r["params"] for d in shown for r in d["runs"]]
    ds = [r["tokens"] for d in shown for r in d["runs"]]
    best = result["designs"][result["recommendedIndex"]]
    truth_n = best["nStar"]["truth"] if best.get("nStar") else None
    if truth_n:
        ns.append(truth_n)
        ds.append(result["targetFlops"] / (6 * truth_n))
    n_lo, n_hi = min(ns) / 2, max(ns) * 2
    c_lo, c_hi = min(6 * n * d for n, d in zip(ns, ds)), max(6 * n * d for n, d in zip(ns, ds))
    for k in range(isoflop_lines):
        c = 10 ** (math.log10(c_lo) + k * (math.log10(c_hi) - math.log10(c_lo)) / max(isoflop_lines - 1, 1))
        xs = [n_lo, n_hi]
        ax.plot(xs, [c / (6 * x) for x in xs], color="grey", lw=0.6, ls="--", zorder=1)
        ax.annotate(f"{c:.0e}", (n_lo, c / (6 * n_lo)), fontsize="x-small", color="grey")
    for d in shown:
        label = d["kind"] + (" (recommended)" if d is best else "")
        ax.scatter([r["params"] for r in d["runs"]], [r["tokens"] for r in d["runs"]], s=22,
                   color=_COLORS.get(d["kind"], "black"), marker=_MARKERS.get(d["kind"], "o"), label=label, zorder=3)
    if truth_n:
        ax.scatter([truth_n], [result["targetFlops"] / (6 * truth_n)], marker="*", s=160, color="red",
                   label="N*, D* at the target (prior)", zorder=4)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(n_lo, n_hi)
    ax.set_xlabel("parameters N")
    ax.set_ylabel("training tokens D")
    ax.set_title("Planned runs; dashed: equal compute 6·N·D (FLOPs)")
    ax.legend(fontsize="small")
    return ax


def plot_plan_curve(result, ax=None):
    """How the 80 % interval of N* narrows as the budget grows: each design's width factor
    (high/low) against the budget, predicted (lines) and simulated where the answer has it (dots)."""
    ax = _axes(ax)
    for d in result["designs"]:
        if not d["curve"]:
            continue
        color = _COLORS.get(d["kind"], "black")
        xs = [p["budgetFlops"] for p in d["curve"]]
        ax.plot(xs, [p["predictedWidthFactor"] for p in d["curve"]], color=color, lw=1.5, label=d["kind"])
        sim = [(p["budgetFlops"], p["simulatedWidthFactor"]) for p in d["curve"] if "simulatedWidthFactor" in p]
        if sim:
            ax.scatter(*zip(*sim), color=color, s=25, zorder=3)
    ax.axvline(result["budgetFlops"], color="grey", lw=0.8, ls=":")
    ax.set_xscale("log")
    ax.set_xlabel("budget for the small runs (FLOPs)")
    ax.set_ylabel("80 % interval of N*: high / low")
    ax.set_title(f"Interval vs budget (target {result['targetFlops']:.0e} FLOPs)")
    ax.legend(fontsize="small")
    return ax
