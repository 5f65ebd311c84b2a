#!/usr/bin/env python3
"""The planner benchmark and its validation on measured runs, in one command.

1. Speed: `PlanBench` (release build of ExperimentPlanner.plan) plans a 1e22-FLOP budget for a
   1e24-FLOP target, comparing three designs (isoFLOP grid, geometric grid, exchange-optimised)
   with 200 simulated fits each, bootstrap included; beside it bench/plan/plan_scipy.py runs
   the same simulation (same runs, same starts, same bootstrap count) with scipy on one core.
2. Validation: the Epoch runs (data/runs/chinchilla-epoch-245.csv less its 5 highest losses) as
   the world; a plan constrained to their range draws its runs from them (nearest run), fits,
   and counts how often its stated 80 % interval holds the full-data fit's N* at 1e24 FLOPs.

Build first: swift build -c release --product PlanBench
Run:         python3 bench/plan/run.py [--swift-repeats 3] [--scipy-repeats 1] [--sims 200]
"""
import argparse
import datetime
import json
import os
import resource
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".build" / "release" / "PlanBench"
CSV = ROOT / "data" / "runs" / "chinchilla-epoch-245.csv"
PRIOR = {"E": 1.82, "A": 482.01, "B": 2085.43, "alpha": 0.3478, "beta": 0.3658}
EPOCH_RANGE = ["--min-params", "5.7e7", "--max-params", "1.6e10", "--min-tokens", "8.2e8", "--max-tokens", "3.2e11"]


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def swift(args, cpu=None):
    t0, c0 = time.perf_counter(), children_cpu()
    out = subprocess.run([str(BIN), *args], check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - t0
    if cpu is not None:
        cpu.append(children_cpu() - c0)
    return wall, [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swift-repeats", type=int, default=3)
    ap.add_argument("--scipy-repeats", type=int, default=1)
    ap.add_argument("--sims", type=int, default=200)
    ap.add_argument("--bootstrap", type=int, default=50)
    ap.add_argument("--world-repeats", type=int, default=200)
    args = ap.parse_args()
    common = ["--budget", "1e22", "--target", "1e24", "--repeats", str(args.sims), "--bootstrap", str(args.bootstrap), "--seed", "0"]

    walls, inner, cpus, lines = [], [], [], None
    for _ in range(args.swift_repeats):
        wall, lines = swift(common, cpus)
        walls.append(wall)
        inner.append(lines[0]["seconds"])
    designs = [l for l in lines if l["kind"] == "design"]
    spec = {"targetFlops": 1e24, "noise": 0.007556, "prior": PRIOR,
            "designs": [{"design": d["design"], "runList": d["runList"]} for d in designs]}
    spec_path = ROOT / ".build" / "plan-bench-designs.json"
    spec_path.write_text(json.dumps(spec))
    scipy = []
    for _ in range(args.scipy_repeats):
        out = subprocess.run(["python3", str(ROOT / "bench/plan/plan_scipy.py"), "--designs", str(spec_path),
                              "--repeats", str(args.sims), "--bootstrap", str(args.bootstrap)],
                             check=True, capture_output=True, text=True).stdout
        scipy.append(json.loads(out))
    world_wall, world = swift(["--mode", "world", "--world", str(CSV), *common, *EPOCH_RANGE,
                               "--world-repeats", str(args.world_repeats)])
    load = os.getloadavg()

    sw, sp = statistics.median(walls), statistics.median(s["seconds"] for s in scipy)
    swc, spc = statistics.median(cpus), statistics.median(s["cpuSeconds"] for s in scipy)
    print(f"Measured {datetime.date.today()} on {os.cpu_count()} shared cores (load average at the end "
          f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}).\n")
    print("Command: `swift build -c release --product PlanBench && python3 bench/plan/run.py "
          f"--swift-repeats {args.swift_repeats} --scipy-repeats {args.scipy_repeats} --sims {args.sims}`\n")
    print(f"Plan: target 1e24 FLOPs, budget 1e22 FLOPs, prior chinchilla-epoch, noise SD 0.007556 on log loss; "
          f"3 designs × {args.sims} simulated fits, each fit 32 starts + polish + {args.bootstrap} bootstrap refits.\n")
    print("| median | scipy L-BFGS-B (1 core) | Swift ExperimentPlanner (2 cores) | ratio |")
    print("|---|---|---|---|")
    print(f"| plan, 3 designs × {args.sims} fits, wall clock | {sp:.1f} s | {sw:.2f} s process ({statistics.median(inner):.2f} s in the planner) | {sp / sw:.0f}× |")
    print(f"| same, CPU time (user + system) | {spc:.1f} s | {swc:.2f} s | {spc / swc:.0f}× |")
    raw_swift = ", ".join(f"{w:.2f}" for w in walls)
    raw_scipy = ", ".join(f"{s['seconds']:.1f}" for s in scipy)
    raw_cpu = ", ".join(f"{c:.2f}" for c in cpus)
    print(f"\nRaw Swift wall times (s): {raw_swift} (CPU {raw_cpu}); scipy (s): {raw_scipy}.\n")
    print("| design | runs | sizes | Swift N* 10–90 % (width) | scipy N* 10–90 % (width) | Swift bootstrap 80 % coverage | scipy | α, β identified |")
    print("|---|---|---|---|---|---|---|---|")
    for d, s in zip(designs, scipy[0]["designs"]):
        print(f"| {d['design']} | {d['runs']} | {d['sizes']} | {d['nStarLow']:.3g}–{d['nStarHigh']:.3g} (×{d['width']:.2f}) | "
              f"{s['nStarLow']:.3g}–{s['nStarHigh']:.3g} (×{s['width']:.2f}) | {d['bootCoverage']:.2f} | {s['bootCoverage']:.2f} | {d['identified']:.2f} |")
    print(f"\nTruth (prior) N*(1e24) = {designs[0]['nStarTruth']:.4g}. Recommended: {lines[0]['recommended']}.\n")
    print(f"Validation on the Epoch runs ({args.world_repeats} repeats per design; plan constrained to their range, "
          "5.7e7–1.6e10 parameters, 8.2e8–3.2e11 tokens; each planned run jittered by 10 % (ln-normal) and replaced by the nearest unused run):\n")
    print("| design | stated 80 % error factors | coverage of the full-data N* | bootstrap 80 % coverage | fitted N* 10–50–90 % | median match distance (ln) |")
    print("|---|---|---|---|---|---|")
    planned = {l["design"]: l for l in world if l["kind"] == "design"}
    for w in (l for l in world if l["kind"] == "world"):
        p = planned[w["design"]]
        print(f"| {w['design']} | {p['errLow']:.3f}–{p['errHigh']:.3f} | {w['coverage']:.3f} | {w['bootCoverage']:.3f} | "
              f"{w['nStarLow']:.3g}–{w['nStarMid']:.3g}–{w['nStarHigh']:.3g} | {w['matchDistance']:.2f} |")
    ref = next(l for l in world if l["kind"] == "world")["reference"]
    print(f"\nFull-data fit (4,500 starts, 240 runs) N*(1e24) = {ref:.4g}. Recommended under the Epoch range: {world[0]['recommended']}. "
          f"Validation wall time {world_wall:.1f} s.")


if __name__ == "__main__":
    main()
