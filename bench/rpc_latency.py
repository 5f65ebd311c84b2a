"""Spine benchmark (issue 2): round-trip latency and pipelined throughput of
scaling/predict, cold start and idle RSS, against baselines run in the same command:
`cat` (the pipe itself), bench/python_loop.py (the loop a user would write instead,
answering only the loss), bench/python_loop_full.py (the same loop answering what
scalewise answers: terms, law, sources) and, where a C compiler is present,
bench/jansson_floor.c (jansson's parse, build and dump of the same answers and nothing else:
the least any server that speaks through jansson can spend).

    python3 bench/rpc_latency.py --bin .build/release/scalewise

Prints a Markdown table for bench/RESULTS.md. Medians over repeats; this machine is
shared and noisy, so compare ratios within one run rather than absolute figures."""
import argparse
import json
import os
import shutil
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def request(i):
    return json.dumps({"jsonrpc": "2.0", "id": i, "method": "scaling/predict",
                       "params": {"params": 7e9 + i, "tokens": 1.4e12}}) + "\n"


def commands(binary, floor):
    cmds = {
        "cat": ["cat"],
        "python loop": [sys.executable, os.path.join(HERE, "python_loop.py")],
        "python loop, same answer": [sys.executable, os.path.join(HERE, "python_loop_full.py")],
        "scalewise": [binary, "serve", "--no-state"],
        "scalewise, brief": [binary, "serve", "--no-state", "--brief"],
    }
    if floor:
        # The members scalewise shares by reference in a full answer (law summary, sources).
        reply = subprocess.run([binary, "serve", "--no-state"], input=request(0).encode(),
                               capture_output=True, check=True).stdout
        result = json.loads(reply)["result"]
        shared = json.dumps({k: result[k] for k in ("law", "sources")})
        cmds["jansson floor (C)"] = [floor, "full", shared]
        cmds["jansson floor (C), brief"] = [floor, "brief"]
    return cmds


def build_floor(directory):
    """bench/jansson_floor.c: jansson's parse, build and dump alone, with no server around them."""
    out = os.path.join(directory, "jansson_floor")
    try:
        subprocess.run(["cc", "-O2", "-o", out, os.path.join(HERE, "jansson_floor.c"), "-ljansson", "-lm"],
                       check=True, capture_output=True)
        return out
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"(no jansson floor: {e})", file=sys.stderr)
        return None


def round_trips(cmd, n):
    """Sequential: send one request, wait for its reply, n times. Returns µs per trip."""
    # Buffered stdout (readline on an unbuffered pipe reads one byte per syscall); stdin
    # is written with os.write, unbuffered.
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    out = p.stdout
    lines = [request(i).encode() for i in range(n)]
    times = []
    for i, line in enumerate(lines):
        t0 = time.perf_counter_ns()
        os.write(p.stdin.fileno(), line)
        reply = out.readline()
        times.append((time.perf_counter_ns() - t0) / 1000)
        if i == 0:
            assert reply.startswith(b"{"), reply
    p.stdin.close()
    p.wait()
    return times[n // 10:]   # drop warm-up


def pipelined(cmd, path, n):
    """All requests in flight at once: stdin from a file, stdout to /dev/null. Returns
    requests/s and the CPU µs (user + system) the program spent per request: the second
    moves less than wall time when other work shares the machine."""
    with open(path, "rb") as f, open(os.devnull, "wb") as null:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, stdin=f, stdout=null, check=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return n / wall, cpu / n * 1e6


def cold_start(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    p.stdin.write(request(1).encode())
    p.stdin.flush()
    p.stdout.readline()
    elapsed = time.perf_counter() - t0
    p.stdin.close()
    p.wait()
    return elapsed * 1000


def idle_rss_mb(cmd):
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    p.stdin.write(request(1).encode())
    p.stdin.flush()
    p.stdout.readline()
    time.sleep(0.2)
    with open(f"/proc/{p.pid}/status") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS"))
    p.stdin.close()
    p.wait()
    return rss / 1024


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release/scalewise")
    ap.add_argument("--trips", type=int, default=20000)
    ap.add_argument("--pipelined", type=int, default=200000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    scratch = tempfile.mkdtemp()
    cmds = commands(args.bin, build_floor(scratch))

    lat = {name: [] for name in cmds}
    thr = {name: [] for name in cmds}
    cpu = {name: [] for name in cmds}
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for i in range(args.pipelined):
            f.write(request(i))
        path = f.name
    for _ in range(args.repeats):
        for name, cmd in cmds.items():   # interleaved, so load changes hit all alike
            lat[name].append(round_trips(cmd, args.trips))
            rate, us = pipelined(cmd, path, args.pipelined)
            thr[name].append(rate)
            cpu[name].append(us)
    os.unlink(path)
    shutil.rmtree(scratch)

    def med(name, q):
        return statistics.median(pct(run, q) for run in lat[name])

    rows = []
    base50, base99 = med("cat", 0.5), med("cat", 0.99)
    for name in cmds:
        p50, p99 = med(name, 0.5), med(name, 0.99)
        rows.append((name, p50, p99, p50 - base50, p99 - base99, statistics.median(thr[name]), statistics.median(cpu[name])))
    timed = {name: cmd for name, cmd in cmds.items() if name != "cat" and not name.startswith("jansson floor")}
    cold = {name: statistics.median(cold_start(cmd) for _ in range(30)) for name, cmd in timed.items()}
    rss = {name: idle_rss_mb(cmd) for name, cmd in timed.items()}

    print(f"{args.trips} sequential round trips × {args.repeats} repeats; {args.pipelined} pipelined requests × {args.repeats}; medians.\n")
    print("| program | p50 µs | p99 µs | added p50 over cat | added p99 over cat | pipelined req/s | pipelined CPU µs/request |")
    print("|---|---|---|---|---|---|---|")
    for name, p50, p99, a50, a99, t, c in rows:
        print(f"| {name} | {p50:.1f} | {p99:.1f} | {a50:.1f} | {a99:.1f} | {t:,.0f} | {c:.2f} |")
    by = dict((r[0], r) for r in rows)
    sw, py, br = by["scalewise"], by["python loop"], by["scalewise, brief"]
    print(f"\nscalewise / python loop pipelined throughput: full {sw[5] / py[5]:.2f}×, brief {br[5] / py[5]:.2f}× "
          f"(by CPU per request: full {py[6] / sw[6]:.2f}×, brief {py[6] / br[6]:.2f}×); "
          f"added p50 latency: full {sw[3]:.1f} µs, brief {br[3]:.1f} µs vs python loop {py[3]:.1f} µs")
    if "jansson floor (C)" in by:
        fl, fb = by["jansson floor (C)"], by["jansson floor (C), brief"]
        print(f"jansson floor / python loop by CPU per request: full {py[6] / fl[6]:.2f}×, brief {py[6] / fb[6]:.2f}×; "
              f"scalewise's CPU per request over the floor's: full {sw[6] / fl[6]:.2f}×, brief {br[6] / fb[6]:.2f}×")
    print("\n| program | cold start to first reply (ms, median of 30) | idle RSS (MB) |")
    print("|---|---|---|")
    for name in cold:
        print(f"| {name} | {cold[name]:.2f} | {rss[name]:.1f} |")


if __name__ == "__main__":
    main()
