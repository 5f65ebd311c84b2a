"""Plots (matplotlib, imported only when a plot is drawn). Each function takes an
optional `ax` and returns the Axes."""
import math

from .result import ResultList


def _plt():
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError("plots need matplotlib: pip install matplotlib "
                          "(or pip install './clients/python[plot]')") from None
    return plt


def _axes(ax):
    if ax is not None:
        return ax
    _, ax = _plt().subplots(figsize=(7, 4.5))
    return ax


def log_range(low, high, count):
    step = (math.log10(high) - math.log10(low)) / (count - 1)
    return [10 ** (math.log10(low) + i * step) for i in range(count)]


def frontier(client, flops=None, law=None, low=1e18, high=1e26, count=25, timeout=None):
    """scaling/optimal over a range of budgets (log-spaced from `low` to `high`, or the
    given `flops` list), sent together and gathered: a ResultList."""
    budgets = list(flops) if flops is not None else log_range(low, high, count)
    params = [{"flops": c, **({"law": law} if law is not None else {})} for c in budgets]
    futures = [client.submit("scaling/optimal", p) for p in params]
    wait = client.timeout if timeout is None else timeout
    return ResultList(f.result(wait) for f in futures)


def plot_frontier(client, law=None, low=1e18, high=1e26, count=25, sizes=None, ax=None):
    """Loss against training compute: iso-size curves L(N, C/6N) for a few model
    sizes (thin lines, scaling/predict) and the compute-optimal frontier (thick line,
    scaling/optimal). Returns the Axes."""
    ax = _axes(ax)
    budgets = log_range(low, high, count)
    best = frontier(client, budgets, law=law)
    if sizes is None:
        sizes = [r["params"] for r in best[:: max(1, count // 5)]]
    lawp = {"law": law} if law is not None else {}
    for n in sizes:
        futures = [(c, client.submit("scaling/predict", {"params": n, "tokens": c / (6 * n), **lawp})) for c in budgets]
        xs, ys = [], []
        for c, f in futures:
            try:
                ys.append(f.result(client.timeout)["loss"])
                xs.append(c)
            except Exception:
                continue
        ax.plot(xs, ys, lw=0.9, alpha=0.6, label=f"N = {n:.2g}")
    ax.plot([r["flops"] for r in best], [r["loss"] for r in best], color="black", lw=2.5,
            label="compute-optimal frontier")
    ax.set_xscale("log")
    ax.set_xlabel("training compute C (FLOPs)")
    ax.set_ylabel("loss (nats/token)")
    name = best[0].get("law", {}).get("id") if best and isinstance(best[0].get("law"), dict) else law
    ax.set_title(f"Loss vs compute ({name or 'default law'})")
    ax.legend(fontsize="small")
    return ax


def _tco_options(result):
    """cost/tco answers {options: [{name, months: [...]}, ...]}; a single option's
    {months: [...]} is accepted too."""
    if "options" in result:
        return [(o.get("name") or o.get("kind") or f"option {i + 1}", o["months"]) for i, o in enumerate(result["options"])]
    return [(result.get("name", "TCO"), result["months"])]


COMPONENTS = ("training", "inference", "infrastructure", "operations", "people")


def plot_tco(result, option=None, ax=None, cumulative=True):
    """A TCO timeline from a cost/tco result (monthly rows with components
    {low, mid, high} and cumulative totals). With one option (or `option` named):
    stacked monthly components (mid) and the cumulative total with its low–high band
    on a second axis. With several options: each option's cumulative total and band."""
    ax = _axes(ax)
    options = _tco_options(result)
    if option is not None:
        options = [o for o in options if o[0] == option]
        if not options:
            raise KeyError(f"no TCO option named {option!r}")
    if len(options) == 1:
        name, months = options[0]
        xs = [m["month"] for m in months]
        bottom = [0.0] * len(months)
        for comp in COMPONENTS:
            if not any(comp in m for m in months):
                continue
            mids = [m.get(comp, {}).get("mid", 0.0) for m in months]
            if not any(mids):
                continue
            ax.bar(xs, mids, bottom=bottom, label=comp)
            bottom = [b + v for b, v in zip(bottom, mids)]
        ax.set_xlabel("month")
        ax.set_ylabel("monthly cost (USD, mid)")
        ax.set_title(f"TCO: {name}")
        if cumulative and all("cumulative" in m for m in months):
            ax2 = ax.twinx()
            ax2.plot(xs, [m["cumulative"]["mid"] for m in months], color="black", lw=2, label="cumulative (mid)")
            ax2.fill_between(xs, [m["cumulative"]["low"] for m in months], [m["cumulative"]["high"] for m in months],
                             color="gray", alpha=0.25, label="cumulative low–high")
            ax2.set_ylabel("cumulative cost (USD)")
            ax2.legend(loc="upper left", fontsize="small")
        ax.legend(loc="lower right", fontsize="small")
        return ax
    for name, months in options:
        xs = [m["month"] for m in months]
        line, = ax.plot(xs, [m["cumulative"]["mid"] for m in months], lw=2, label=name)
        ax.fill_between(xs, [m["cumulative"]["low"] for m in months], [m["cumulative"]["high"] for m in months],
                        color=line.get_color(), alpha=0.2)
    ax.set_xlabel("month")
    ax.set_ylabel("cumulative cost (USD)")
    ax.set_title("TCO by option (mid, band low–high)")
    ax.legend(fontsize="small")
    return ax


def _are(result):
    """The held-out error (heldOutARE {perRun, mean}; a bare number from older daemons), else the train error."""
    held = result.get("heldOutARE")
    if isinstance(held, dict):
        held = held.get("mean")
    return held if isinstance(held, (int, float)) else (result.get("trainARE") or 0.0)


def _bootstrap_band(result, runs, client):
    """Each run's 95 % interval from the fitted law's bootstrap: scaling/predict on `lawId`
    answers ci95 {low, high} when the fit bootstrapped. None when that is not available."""
    if not result.get("bootstrapSamples") or runs is None or client is None or not result.get("lawId"):
        return None
    futures = {}
    for r in result["residuals"]:
        run = runs[r["index"]]
        futures[r["index"]] = client.submit("scaling/predict", {"params": run["params"], "tokens": run["tokens"],
                                                                "law": result["lawId"]})
    band = {}
    for index, f in futures.items():
        try:
            ci = f.result(client.timeout).get("ci95")
        except Exception:
            return None
        if not ci:
            return None
        band[index] = ci
    return band


def plot_fit(result, runs=None, ax=None, client=None):
    """A scaling/fit result: observed loss of each run (dots; held-out runs hollow),
    the fitted prediction (line) and an interval band. x is training compute 6·N·D
    when `runs` (the fit's input rows with params and tokens) is given, else the run
    index. With a bootstrapped fit and `runs`, the band is each run's bootstrap 95 %
    interval, asked of the daemon that fitted (`client`, default the one that answered the
    fit); else predicted × (1 ± ARE), ARE being the held-out error (train error if none)."""
    ax = _axes(ax)
    band_by_run = _bootstrap_band(result, runs, client or getattr(result, "client", None))
    residuals = sorted(result["residuals"], key=lambda r: r.get("index", 0))
    if runs is not None:
        def x_of(r):
            run = runs[r["index"]]
            return 6.0 * run["params"] * run["tokens"]
        ax.set_xscale("log")
        ax.set_xlabel("training compute 6·N·D (FLOPs)")
    else:
        def x_of(r):
            return r.get("index", 0)
        ax.set_xlabel("run")
    points = sorted(((x_of(r), r) for r in residuals), key=lambda p: p[0])
    xs = [x for x, _ in points]
    predicted = [r["predicted"] for _, r in points]
    if band_by_run is not None:
        low = [band_by_run[r["index"]]["low"] for _, r in points]
        high = [band_by_run[r["index"]]["high"] for _, r in points]
        band = f"bootstrap 95 % interval ({result['bootstrapSamples']} samples)"
    elif all("ci95" in r for _, r in points):
        low = [r["ci95"]["low"] for _, r in points]
        high = [r["ci95"]["high"] for _, r in points]
        band = "95 % interval"
    else:
        are = _are(result)
        low = [p * (1 - are) for p in predicted]
        high = [p * (1 + are) for p in predicted]
        band = f"± ARE ({are:.1%})"
    ax.fill_between(xs, low, high, color="tab:blue", alpha=0.2, label=band)
    ax.plot(xs, predicted, color="tab:blue", lw=1.5, label="fit")
    train = [(x, r["loss"]) for x, r in points if r.get("role", "train") != "heldOut"]
    held = [(x, r["loss"]) for x, r in points if r.get("role") == "heldOut"]
    if train:
        ax.scatter(*zip(*train), color="black", s=18, label="runs", zorder=3)
    if held:
        ax.scatter(*zip(*held), facecolors="none", edgecolors="red", s=30, label="held out", zorder=3)
    ax.set_ylabel("loss (nats/token)")
    ax.set_title("Scaling-law fit")
    ax.legend(fontsize="small")
    return ax
