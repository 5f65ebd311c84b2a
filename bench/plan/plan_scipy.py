#!/usr/bin/env python3
"""scipy implementation of the simulation behind `scaling/planExperiments`, to time against
the Swift planner (bench/plan/run.py runs both in one command).

For each design (its runs read from the Swift planner's output, so both simulate the same runs):
repeat R times: draw losses L = L_prior(N, D) * exp(sigma * z), z ~ N(0, 1); fit the Chinchilla
form as `scaling/fit` does (sum of Huber(delta = 1e-3) terms on log-loss residuals over
(a, b, e, alpha, beta), scipy L-BFGS-B from the same 32 starts bracketing the prior, the 8
best distinct optima polished with tight tolerances, then B bootstrap refits warm-started
from the optimum); read N* at the target off the fitted law (and off each bootstrap refit).
Reports the 10th/50th/90th percentiles of N* per design and the in-process time (imports and
start-up excluded, which favours scipy). One core, as scipy runs.

Usage: python3 bench/plan/plan_scipy.py --designs FILE.json [--repeats 200] [--bootstrap 50]
FILE.json: {"targetFlops": ..., "noise": ..., "prior": {E, A, B, alpha, beta},
            "designs": [{"design": name, "runList": [[N, D], ...]}, ...]}
"""
import argparse
import json
import os
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np
from scipy.optimize import minimize

DELTA = 1e-3
GRID_OPTIONS = {"ftol": 1e-5 * 1e-3, "maxfun": 3000}
TIGHT_OPTIONS = {"gtol": 1e-10, "ftol": 1e-13, "maxiter": 15000}


def objective(x, log_n, log_d, log_l, w):
    a, b, e, alpha, beta = x
    t1 = a - alpha * log_n
    t2 = b - beta * log_d
    t3 = np.full_like(log_n, e)
    m = np.maximum(np.maximum(t1, t2), t3)
    w1, w2, w3 = np.exp(t1 - m), np.exp(t2 - m), np.exp(t3 - m)
    s = w1 + w2 + w3
    r = m + np.log(s) - log_l
    small = np.abs(r) <= DELTA
    f = (w * np.where(small, 0.5 * r * r, DELTA * (np.abs(r) - 0.5 * DELTA))).sum()
    dr = w * np.where(small, r, DELTA * np.sign(r)) / s
    g1, g2, g3 = dr * w1, dr * w2, dr * w3
    return f, np.array([g1.sum(), g2.sum(), g3.sum(), -(g1 * log_n).sum(), -(g2 * log_d).sum()])


def grid(prior):
    a, b, e = np.log(prior["A"]), np.log(prior["B"]), np.log(prior["E"])
    for x in (a - 1.5, a + 1.5):
        for y in (b - 1.5, b + 1.5):
            for z in (e - 0.3, e + 0.2):
                for al in (0.6 * prior["alpha"], 1.5 * prior["alpha"]):
                    for be in (0.6 * prior["beta"], 1.5 * prior["beta"]):
                        yield np.array([x, y, z, al, be])


def run_fit(data, x0, options):
    res = minimize(objective, x0, args=data, jac=True, method="L-BFGS-B", options=options)
    return res.fun, res.x


def n_star(x, flops):
    a, b, e, alpha, beta = x
    if alpha <= 0 or beta <= 0:
        return None
    g = (alpha * np.exp(a) / (beta * np.exp(b))) ** (1 / (alpha + beta))
    return g * (flops / 6) ** (beta / (alpha + beta))


def fit(log_n, log_d, log_l, prior, bootstrap, rng, flops):
    data = (log_n, log_d, log_l, np.ones_like(log_n))
    outcomes = []
    for x0 in grid(prior):
        f, x = run_fit(data, x0, GRID_OPTIONS)
        if np.isfinite(f):
            outcomes.append((f, x))
    outcomes.sort(key=lambda o: o[0])
    kept = []
    for f, x in outcomes:
        if all(np.max(np.abs(x - k)) >= 1e-3 for _, k in kept):
            kept.append((f, x))
        if len(kept) == 8:
            break
    best_f, best_x = np.inf, None
    for _, x in kept:
        f, x = run_fit(data, x, TIGHT_OPTIONS)
        if f < best_f:
            best_f, best_x = f, x
    n = len(log_n)
    boots = []
    for _ in range(bootstrap):
        counts = np.bincount(rng.integers(0, n, n), minlength=n).astype(float)
        keep = counts > 0
        sample = (log_n[keep], log_d[keep], log_l[keep], counts[keep])
        _, x = run_fit(sample, best_x, TIGHT_OPTIONS)
        v = n_star(x, flops)
        if v is not None and np.isfinite(v):
            boots.append(v)
    return n_star(best_x, flops), boots


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--designs", required=True)
    ap.add_argument("--repeats", type=int, default=200)
    ap.add_argument("--bootstrap", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    spec = json.load(open(args.designs))
    prior, flops, sigma = spec["prior"], spec["targetFlops"], spec["noise"]
    rng = np.random.default_rng(args.seed)
    truth = n_star(np.array([np.log(prior["A"]), np.log(prior["B"]), np.log(prior["E"]), prior["alpha"], prior["beta"]]), flops)
    out = {"repeats": args.repeats, "bootstrap": args.bootstrap, "designs": []}
    t0, c0 = time.perf_counter(), time.process_time()
    for d in spec["designs"]:
        runs = np.array(d["runList"], dtype=float)
        n, dd = runs[:, 0], runs[:, 1]
        clean = prior["E"] + prior["A"] / n ** prior["alpha"] + prior["B"] / dd ** prior["beta"]
        stars, covered, failed = [], 0, 0
        t1 = time.perf_counter()
        for _ in range(args.repeats):
            loss = clean * np.exp(sigma * rng.standard_normal(len(n)))
            v, boots = fit(np.log(n), np.log(dd), np.log(loss), prior, args.bootstrap, rng, flops)
            if v is None or not np.isfinite(v):
                failed += 1
                continue
            stars.append(v)
            if len(boots) >= 10:
                lo, hi = np.percentile(boots, [10, 90])
                covered += lo <= truth <= hi
        q = np.percentile(stars, [10, 50, 90])
        out["designs"].append({"design": d["design"], "runs": len(n), "seconds": time.perf_counter() - t1,
                               "nStarLow": q[0], "nStarMid": q[1], "nStarHigh": q[2], "width": q[2] / q[0],
                               "bootCoverage": covered / max(len(stars), 1), "failed": failed})
    out["seconds"] = time.perf_counter() - t0
    out["cpuSeconds"] = time.process_time() - c0
    print(json.dumps(out))


if __name__ == "__main__":
    main()
