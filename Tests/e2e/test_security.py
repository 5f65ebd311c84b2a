"""protocol/PROTOCOL.md "## Security": the daemon listens on no socket and starts no process
while it serves (read from /proc), holds open only its pipes (and, for a moment, its own
tables and state files), and what it writes is 0600 in a 0700 directory."""
import os
import stat
import threading
import time

from conftest import ROOT, Daemon
from test_fit import SMALL_GRID, epoch_runs


def open_files(pid):
    links = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            links.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except FileNotFoundError:      # closed meanwhile
            pass
    return links


def children(pid):
    kids = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += f.read().split()
        except FileNotFoundError:
            pass
    return kids


def test_no_socket_no_child_process_only_pipes_and_own_files(tmp_path):
    state_dir = tmp_path / "state"
    d = Daemon(state_dir=state_dir)
    seen = set()
    stop = threading.Event()

    def watch():                       # sample the fd table while requests are served
        while not stop.is_set():
            try:
                seen.update(open_files(d.proc.pid))
                assert not children(d.proc.pid)
            except FileNotFoundError:
                return
            time.sleep(0.001)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        d.result("initialize", {"processId": os.getpid(), "capabilities": {}})
        # A document is the text in the message: its uri is never opened.
        d.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///etc/passwd", "languageId": "yaml",
                                                          "version": 1, "text": "model: llama-3-8b\n"}})
        for i in range(50):
            d.result("hardware/set", {"id": "sec-chip", "name": f"Chip {i}", "vendor": "Me",
                                      "memoryBytes": 8e10, "memoryBandwidthBytesPerSecond": 3e12})
            d.result("cost/training", {"flops": 1e21 * (i + 1), "hardware": "h100-sxm", "gpus": 8, "mfu": 0.4})
        d.result("scaling/fit", {"runs": epoch_runs(), "id": "sec-law",
                                 "options": {"grid": SMALL_GRID, "bootstrap": 20, "seed": 1}})
        d.result("scaling/sweep", {"kind": "predict", "params": {"from": 1e8, "to": 1e12, "count": 100},
                                   "tokens": {"from": 1e9, "to": 1e13, "count": 100}})
        seen.update(open_files(d.proc.pid))
    finally:
        stop.set()
        watcher.join()
    assert d.close() == 0
    sockets = [link for link in seen if link.startswith("socket:")]
    assert sockets == [], sockets
    data_dir = str(ROOT / "data")
    allowed = ("pipe:", "/dev/null", "anon_inode:", str(state_dir), data_dir, str(ROOT / "protocol"))
    # What the platform opens for a moment, which the 1 ms watcher can catch: the dynamic
    # loader's shared libraries (seen: libm.so.6), the Swift runtime's CPU quota for sizing its
    # thread pool (/sys/fs/cgroup/cpu/cpu.cfs_quota_us), its own memory map (/proc/PID/maps)
    # and its random seed (/dev/urandom). Code and machine facts, not data it was asked to read.
    def platform(link):
        library = link.startswith(("/usr/lib/", "/lib/", "/lib64/", "/usr/lib64/", "/opt/swift/")) and ".so" in link
        return library or link == "/dev/urandom" or link.startswith(("/sys/fs/cgroup/", f"/proc/{d.proc.pid}/"))
    unexpected = [link for link in seen if not link.startswith(allowed) and not platform(link)]
    assert unexpected == [], unexpected
    assert any(link.startswith("pipe:") for link in seen)


def test_written_files_are_0600_in_a_0700_directory(tmp_path):
    state_dir = tmp_path / "deeper" / "state"   # created with its parents
    old = os.umask(0o000)                       # the laxest umask a parent could hand down
    try:
        d = Daemon(state_dir=state_dir)
    finally:
        os.umask(old)
    d.result("hardware/set", {"id": "sec-chip", "name": "Chip", "vendor": "Me",
                              "memoryBytes": 8e10, "memoryBandwidthBytesPerSecond": 3e12})
    d.result("scaling/fit", {"runs": epoch_runs(), "id": "sec-law", "options": {"grid": SMALL_GRID}})
    assert d.close() == 0
    names = sorted(os.listdir(state_dir))
    # .lock: the flock that keeps a second daemon from writing (PROTOCOL.md, Security).
    assert names == [".lock", "fitted-laws.json", "hardware.json"], names
    assert stat.S_IMODE(os.stat(state_dir).st_mode) == 0o700
    for name in names:
        assert stat.S_IMODE(os.stat(state_dir / name).st_mode) == 0o600, name
