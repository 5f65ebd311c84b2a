"""Resource bounds under hostile input (issue 12): peak RSS of `scalewise serve` for a
maximal frame and for 800 pipelined sweeps, its thread count under load, and how long a
fast request waits beside the worst didChange and the longest allowed id.

    python3 bench/hostile.py --bin .build/release/scalewise

Peak RSS is the kernel's VmHWM of the daemon read just before it is closed; each case
runs in a fresh daemon."""
import argparse
import json
import os
import subprocess
import sys
import threading
import time


def status(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


class Daemon:
    def __init__(self, binary, *args, framing="lines"):
        self.p = subprocess.Popen([binary, "serve", "--no-state", *args], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.framing = framing
        self.replies = []
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.p.stdout
        while True:
            if self.framing == "lines":
                line = out.readline()
                if not line:
                    break
                msg = json.loads(line)
            else:
                length = None
                while True:
                    h = out.readline()
                    if not h:
                        return
                    h = h.strip()
                    if not h:
                        break
                    if h.lower().startswith(b"content-length:"):
                        length = int(h.split(b":")[1])
                msg = json.loads(out.read(length))
            with self.lock:
                self.replies.append((time.monotonic(), msg))
                self.lock.notify_all()

    def send_bytes(self, b):
        self.p.stdin.write(b)
        self.p.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode()
        if self.framing == "lines":
            self.send_bytes(body + b"\n")
        else:
            self.send_bytes(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def wait_for(self, pred, timeout=600):
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                for t, m in self.replies:
                    if pred(m):
                        return t, m
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                self.lock.wait(left)

    def count(self, pred):
        with self.lock:
            return sum(1 for _, m in self.replies if pred(m))

    def peak_mib(self):
        return status(self.p.pid, "VmHWM") / 1024

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=600)


def ping_rtt(d, rid):
    t = time.monotonic()
    d.send({"jsonrpc": "2.0", "id": rid, "method": "ping"})
    t2, _ = d.wait_for(lambda m: m.get("id") == rid)
    return t2 - t


def idle(binary):
    d = Daemon(binary)
    ping_rtt(d, 1)
    peak = d.peak_mib()
    d.close()
    return peak


def huge_array_frame(binary):
    """One 62 MiB frame: a 31M-element array (refused before parsing by --max-frame-values)."""
    d = Daemon(binary)
    body = b'{"jsonrpc":"2.0","id":1,"method":"scaling/sweep","params":{"kind":"predict","params":[' + b"0," * ((31 << 20) - 1) + b'0],"tokens":[1e10]}}\n'
    t = time.monotonic()
    d.send_bytes(body)
    _, reply = d.wait_for(lambda m: "error" in m or "result" in m)
    took = time.monotonic() - t
    ping_rtt(d, 2)   # the reader is back at its read: the frame's buffer has been given back
    peak = d.peak_mib()
    rss = status(d.p.pid, "VmRSS") / 1024
    d.close()
    return len(body), reply["error"]["code"], reply["error"]["message"][:90], peak, rss, took


def maximal_accepted_frame(binary):
    """The largest sweep a frame may carry under the value limit: 1,000,000 params × 1 token."""
    d = Daemon(binary)
    n = 1_000_000
    params = [1e8 + i for i in range(n)]
    msg = {"jsonrpc": "2.0", "id": 1, "method": "scaling/sweep", "params": {"kind": "predict", "params": params, "tokens": [1e10]}}
    body = json.dumps(msg).encode() + b"\n"
    t = time.monotonic()
    d.send_bytes(body)
    _, reply = d.wait_for(lambda m: m.get("id") == 1)
    took = time.monotonic() - t
    peak = d.peak_mib()
    d.close()
    return len(body), "result" in reply, peak, took


def pipelined_sweeps(binary, n=800, points=(200, 100), extra=()):
    d = Daemon(binary, *extra)
    ping_rtt(d, 0)
    sweep = {"kind": "predict", "params": [1e8 * (i + 1) for i in range(points[0])], "tokens": [1e9 * (i + 1) for i in range(points[1])]}
    blob = b"".join(json.dumps({"jsonrpc": "2.0", "id": 10 + i, "method": "scaling/sweep", "params": sweep}).encode() + b"\n" for i in range(n))
    t = time.monotonic()
    threading.Thread(target=d.send_bytes, args=(blob,), daemon=True).start()
    peak_threads = 0
    while d.count(lambda m: m.get("id", 0) >= 10 and "method" not in m) < n:
        peak_threads = max(peak_threads, status(d.p.pid, "Threads"))
        time.sleep(0.005)
    took = time.monotonic() - t
    ok = d.count(lambda m: m.get("id", 0) >= 10 and "result" in m)
    peak = d.peak_mib()
    d.close()
    return ok, peak, peak_threads, took


def worst_did_change(binary, edits=100_000):
    d = Daemon(binary, framing="headers")
    d.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}})
    d.wait_for(lambda m: m.get("id") == 1)
    line = "  hidden_size: 4096 # padding padding padding padding padding\n"
    text = line * (4_000_000 // len(line))
    uri = "file:///big.yaml"
    d.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
    ping_rtt(d, 2)
    lines = text.count("\n")
    changes = [{"range": {"start": {"line": i * 37 % lines, "character": 15}, "end": {"line": i * 37 % lines, "character": 16}}, "text": "5"}
               for i in range(edits)]
    d.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes}})
    wait = ping_rtt(d, 3)
    d.close()
    return wait


def longest_id(binary):
    d = Daemon(binary)
    row = {"memoryBandwidthBytesPerSecond": 2e12, "memoryBytes": 6.4e10, "name": "x", "vendor": "x", "peakFlopsPerSecond": {"bf16": 5e14}}
    d.send({"jsonrpc": "2.0", "id": 1, "method": "hardware/set", "params": {**row, "id": "a" * 4096}})
    _, r = d.wait_for(lambda m: m.get("id") == 1)
    assert "result" in r, r
    t = time.monotonic()
    d.send({"jsonrpc": "2.0", "id": 2, "method": "hardware/get", "params": {"id": "b" * 4096}})
    d.send({"jsonrpc": "2.0", "id": 3, "method": "ping"})
    t3, _ = d.wait_for(lambda m: m.get("id") == 3)
    d.close()
    return t3 - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release/scalewise")
    a = ap.parse_args()
    b = a.bin
    print(f"cores: {os.cpu_count()}, binary: {b}")
    print(f"idle daemon: peak RSS {idle(b):.0f} MiB")
    size, code, msg, peak, rss, took = huge_array_frame(b)
    print(f"one {size / 2**20:.0f} MiB frame of a 31M-element array: {code} \"{msg}…\" in {took:.2f} s; peak RSS {peak:.0f} MiB, resident after the next ping {rss:.0f} MiB")
    size, ok, peak, took = maximal_accepted_frame(b)
    print(f"largest sweep frame under the value limit ({size / 2**20:.1f} MiB, 1,000,000 points): answered={ok} in {took:.2f} s; peak RSS {peak:.0f} MiB")
    ok, peak, threads, took = pipelined_sweeps(b)
    print(f"800 pipelined sweeps of 20,000 points (default --max-long-jobs): {ok} answered in {took:.1f} s; peak RSS {peak:.0f} MiB; peak threads {threads}")
    ok, peak, threads, took = pipelined_sweeps(b, n=4, points=(1000, 1000))
    print(f"4 pipelined sweeps of 1,000,000 points: {ok} answered in {took:.1f} s; peak RSS {peak:.0f} MiB; peak threads {threads}")
    print(f"ping beside a didChange of 100,000 one-byte edits on a 4 MB document: answered {worst_did_change(b):.3f} s after it was sent")
    print(f"hardware/get of an unknown 4,096-byte id (a 4,096-byte id stored) then ping: {longest_id(b):.3f} s")


if __name__ == "__main__":
    sys.exit(main())
