"""Crash safety of the state directory: the daemon is killed with SIGKILL at random (seeded)
moments while it writes user hardware rows; after every restart each row is at a version the
client may legitimately see (the state after some prefix of the requests sent, never before
the last acknowledged one), and the file is never corrupt. A corrupt file is moved aside with
a warning and the daemon starts. The state directory is 0700 and its files 0600."""
import json
import os
import random
import signal
import stat
import threading
import time

from conftest import Daemon

ROWS = ["crash-a", "crash-b", "crash-c"]
KILLS = 220


def full_row(row_id, version):
    # Alternate a long and a short shape so the file's size changes from write to write:
    # a torn write would show as a truncated or mixed file.
    pad = "x" * (4000 if version % 2 else 10)
    return {"id": row_id, "name": f"{row_id} v{version} {pad}", "vendor": "Crash",
            "memoryBytes": 1e9 + version, "memoryBandwidthBytesPerSecond": 1e12,
            "powerWatts": 100 + version}


def version_of(accelerator):
    """The version a row was written with, read back from two fields that must agree."""
    v = int(accelerator["powerWatts"]) - 100
    assert accelerator["name"].startswith(f"{accelerator['id']} v{v} "), accelerator
    assert accelerator["memoryBytes"] == 1e9 + v, accelerator
    return v


def read_state(d):
    """Each row's version on a freshly started daemon (None: no such row)."""
    state = {}
    for row in ROWS:
        reply = d.request("hardware/get", {"id": row})
        if "error" in reply:
            assert reply["error"]["code"] == -32602, reply
            state[row] = None
        else:
            state[row] = version_of(reply["result"]["accelerator"])
    return state


# Fitted laws: dataset k has 6 + k runs (the law's title says how many, so the version a law
# was written with reads back), every other one with bootstrap samples (a bigger file).
LAWS = ["crash-law-a", "crash-law-b"]
DATASETS = 8
SMALL_GRID = {"a": [5, 6], "b": [7, 8], "e": [0.5], "alpha": [0.3, 0.4], "beta": [0.3, 0.4]}


def fit_params(law_id, k):
    truth = {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}
    runs = []
    for i in range(6 + k):
        n, d = 1e8 * 2 ** i, 2e9 * 1.5 ** i
        loss = truth["E"] + truth["A"] / n ** truth["alpha"] + truth["B"] / d ** truth["beta"]
        runs.append({"params": n, "tokens": d, "loss": loss * (1 + 0.01 * ((i * 7 + k) % 5 - 2))})
    options = {"grid": SMALL_GRID, "seed": 3, "bootstrap": 10 if k % 2 else 0}
    return {"runs": runs, "id": law_id, "options": options}


def fitted_constants():
    """What each dataset fits to (deterministic), from a daemon without state."""
    d = Daemon()
    constants = [d.result("scaling/fit", fit_params("probe", k))["parameters"] for k in range(DATASETS)]
    assert d.close() == 0
    return constants


def read_laws(d, constants):
    """Each fitted law's dataset on a freshly started daemon (None: no such law)."""
    laws = {law["id"]: law for law in d.result("scaling/laws", {})["laws"]}
    state = {}
    for law_id in LAWS:
        law = laws.get(law_id)
        if law is None:
            state[law_id] = None
            continue
        runs = int(law["title"].split(" fitted to ")[1].split()[0])
        k = runs - 6
        assert law["parameters"] == constants[k], (law, constants[k])
        state[law_id] = k
    return state


def test_sigkill_during_hardware_set_and_fits_never_loses_or_corrupts_state(tmp_path):
    """Hardware writes are pipelined (prefix semantics: the reader answers them in order);
    fits and forgets go one at a time (a fit runs on a thread, so two in flight could commit
    in either order), each sent when the previous one was answered."""
    rng = random.Random(20261123)
    constants = fitted_constants()
    state_dir = tmp_path / "state"
    model = {row: None for row in ROWS}   # hardware rows after every acknowledged request
    law_model = {law: None for law in LAWS}
    version = 0
    kills = 0
    acked_total = in_flight_at_kill = fits_acked = fits_in_flight = 0
    started = time.monotonic()
    d = Daemon(state_dir=state_dir)
    def meaningful():
        # Kills landed both between and inside writes and fits. A loaded machine acknowledges
        # fewer fits per kill, so the loop goes on (up to 3 × KILLS) until they have.
        return (acked_total > KILLS and in_flight_at_kill > KILLS
                and fits_acked > KILLS // 2 and fits_in_flight > KILLS // 2)

    while kills < KILLS or (not meaningful() and kills < 3 * KILLS):
        # 1. Plan a burst of hardware writes (sets with fresh versions, now and then a reset)
        # and the state after each prefix of it.
        ops, states = [], [dict(model)]
        for _ in range(rng.randint(5, 40)):
            row = rng.choice(ROWS)
            current = dict(states[-1])
            if rng.random() < 0.1:
                ops.append(("hardware/reset", {"id": row}) if current[row] is not None
                           else ("hardware/get", {"id": "h100-sxm"}))
                current[row] = None
            else:
                version += 1
                ops.append(("hardware/set", full_row(row, version)))
                current[row] = version
            states.append(current)
        first_id = d.next_id
        fit_base = first_id + 1000
        d.next_id += 2000
        law_states = [dict(law_model)]     # after each fit/forget acknowledged in order
        law_pending = []                   # the one in flight: its state if it committed

        # 2. Send the hardware burst in small chunks from one thread; on another, read every
        # reply and send the next fit or forget when the previous one was answered. The main
        # thread kills the daemon after a random delay.
        rng_writer = random.Random(rng.random())
        rng_fits = random.Random(rng.random())
        acked_ids = set()

        def writer():
            for i, (method, params) in enumerate(ops):
                try:
                    d.send({"jsonrpc": "2.0", "id": first_id + i, "method": method, "params": params})
                except (BrokenPipeError, ValueError, OSError):
                    return
                if rng_writer.random() < 0.3:
                    time.sleep(rng_writer.random() * 0.002)

        def fitter():
            n = 0
            while True:
                current = dict(law_states[-1])
                law_id = rng_fits.choice(LAWS)
                if current[law_id] is not None and rng_fits.random() < 0.15:
                    method, params = "scaling/forget", {"law": law_id}
                    current[law_id] = None
                else:
                    k = rng_fits.randrange(DATASETS)
                    method, params = "scaling/fit", fit_params(law_id, k)
                    current[law_id] = k
                law_pending[:] = [current]
                rid = fit_base + n
                try:
                    d.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
                except (BrokenPipeError, ValueError, OSError):
                    pass
                while True:
                    msg = d.messages.get(timeout=30)
                    if msg is None:
                        return
                    assert "result" in msg, msg
                    acked_ids.add(msg["id"])
                    if msg["id"] == rid:
                        break
                law_states.append(current)
                law_pending.clear()
                n += 1

        threads = [threading.Thread(target=writer), threading.Thread(target=fitter)]
        for t in threads:
            t.start()
        time.sleep(rng.random() * 0.12)
        d.proc.send_signal(signal.SIGKILL)
        d.proc.wait()
        kills += 1
        for t in threads:
            t.join()

        # 3. Every reply that reached the pipe before the kill is an acknowledgement.
        acked = max((i - first_id for i in acked_ids if i < fit_base), default=-1)
        acked_total += acked + 1
        in_flight_at_kill += len(ops) - (acked + 1)
        fits_acked += len(law_states) - 1
        fits_in_flight += len(law_pending)

        # 4. Restart: the hardware rows are the state after some prefix of the burst, at least
        # as long as the acknowledged one; each law is the last acknowledged version or the one
        # in flight.
        d = Daemon(state_dir=state_dir)
        seen = read_state(d)
        allowed = states[acked + 1:]
        assert seen in allowed, (f"kill {kills}: state {seen} is none of the states after the "
                                 f"acknowledged prefix {allowed}; stderr: {''.join(d.stderr)}")
        model = seen
        seen_laws = read_laws(d, constants)
        allowed_laws = [law_states[-1]] + law_pending
        assert seen_laws in allowed_laws, f"kill {kills}: laws {seen_laws}, allowed {allowed_laws}"
        law_model = seen_laws
        assert not any("could not be loaded" in line for line in d.stderr), d.stderr
        assert not [p for p in os.listdir(state_dir) if "corrupt" in p]

    d.close()
    assert d.proc.returncode == 0
    elapsed = time.monotonic() - started
    print(f"{kills} kills; hardware: {acked_total} writes acknowledged before a kill, "
          f"{in_flight_at_kill} in flight at a kill; laws: {fits_acked} fits/forgets acknowledged, "
          f"{fits_in_flight} in flight at a kill; {elapsed:.1f} s")
    # The test means something only if kills landed both between and inside writes.
    assert meaningful()
    # Temp files of killed writers do not pile up.
    leftovers = [p for p in os.listdir(state_dir) if ".tmp-" in p]
    assert leftovers == []
    check_modes(state_dir)


def check_modes(state_dir):
    assert stat.S_IMODE(os.stat(state_dir).st_mode) == 0o700
    for name in os.listdir(state_dir):
        mode = stat.S_IMODE(os.stat(state_dir / name).st_mode)
        assert mode == 0o600, f"{name}: {oct(mode)}"


def test_state_directory_is_0700_and_files_0600_even_under_a_lax_umask(tmp_path):
    state_dir = tmp_path / "state"
    state_dir.mkdir(mode=0o755)
    os.chmod(state_dir, 0o755)            # an existing directory that is too open is tightened
    old = os.umask(0)
    try:
        d = Daemon(state_dir=state_dir)
    finally:
        os.umask(old)
    d.result("hardware/set", full_row("crash-a", 1))
    assert d.close() == 0
    assert (state_dir / "hardware.json").exists()
    check_modes(state_dir)


CORRUPT = [
    b"",
    b"{\"version\": 1, \"accelerators\": [{\"id\": \"crash-a\", \"na",     # torn
    b"\x00\x00\x00\x00",
    b"[1, 2, 3]",
    b"{\"version\": 1, \"accelerators\": [{\"id\": \"crash-a\"}]}",         # a row missing fields
    b"{\"version\": 1, \"accelerators\": [{\"id\": \"crash-a\", \"name\": \"a\", \"vendor\": \"v\", "
    b"\"memoryBytes\": -1, \"memoryBandwidthBytesPerSecond\": 1}]}",       # invalid figure
]


def test_a_corrupt_state_file_is_moved_aside_with_a_warning_and_the_daemon_starts(tmp_path):
    for i, garbage in enumerate(CORRUPT):
        state_dir = tmp_path / f"state{i}"
        state_dir.mkdir(mode=0o700)
        (state_dir / "hardware.json").write_bytes(garbage)
        os.chmod(state_dir / "hardware.json", 0o600)
        d = Daemon(state_dir=state_dir)
        # it serves, with the built-in rows
        assert d.result("hardware/get", {"id": "h100-sxm"})["accelerator"]["origin"] == "builtin"
        assert d.error("hardware/get", {"id": "crash-a"})["code"] == -32602
        # and a new write works and persists
        d.result("hardware/set", full_row("crash-b", 7))
        assert d.close() == 0
        warning = "".join(d.stderr)
        assert "hardware.json could not be loaded" in warning and "moved aside" in warning, (garbage, warning)
        aside = [p for p in os.listdir(state_dir) if p.startswith("hardware.json.corrupt-")]
        assert len(aside) == 1, os.listdir(state_dir)
        assert (state_dir / aside[0]).read_bytes() == garbage     # kept for the user, not lost
        d2 = Daemon(state_dir=state_dir)
        assert version_of(d2.result("hardware/get", {"id": "crash-b"})["accelerator"]) == 7
        assert d2.close() == 0
        assert "could not be loaded" not in "".join(d2.stderr)
        check_modes(state_dir)


def test_two_corrupt_files_in_the_same_second_are_both_kept(tmp_path):
    state_dir = tmp_path / "state"
    state_dir.mkdir(mode=0o700)
    for garbage in (b"first", b"second"):
        (state_dir / "hardware.json").write_bytes(garbage)
        d = Daemon(state_dir=state_dir)
        d.result("hardware/get", {"id": "h100-sxm"})
        assert d.close() == 0
    kept = sorted((state_dir / p).read_bytes() for p in os.listdir(state_dir) if ".corrupt-" in p)
    assert kept == [b"first", b"second"]
