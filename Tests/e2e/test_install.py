"""Installing as a user would, outside the repository: `make install PREFIX=…` and a wheel from
`make wheel` into a fresh virtual environment. Each installed binary answers a request with the
data and protocol schemas it was installed with. Slow (a release build, then packaging)."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

MAKE = shutil.which("make")
CHINCHILLA = next(l for l in json.loads((ROOT / "data" / "laws.json").read_text())["laws"] if l["id"] == "chinchilla")


def chinchilla_optimal(flops):
    """N_opt = G·(C/6)^(β/(α+β)), D_opt = G⁻¹·(C/6)^(α/(α+β)), G = (αA/βB)^(1/(α+β))."""
    p = CHINCHILLA["parameters"]
    a, b, A, B = p["alpha"], p["beta"], p["A"], p["B"]
    g = (a * A / (b * B)) ** (1 / (a + b))
    x = flops / 6
    return g * x ** (b / (a + b)), x ** (a / (a + b)) / g
REQUEST = {"jsonrpc": "2.0", "id": 1, "method": "scaling/optimal", "params": {"flops": 5.76e23, "law": "chinchilla"}}


def clean_env(tmp_path, path):
    """No SCALEWISE_* variables, a PATH with the install first, a private state directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCALEWISE_")}
    env["PATH"] = f"{path}:/usr/bin:/bin"
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    return env


def ask(binary, env, cwd):
    run = subprocess.run([binary, "serve"], input=json.dumps(REQUEST) + "\n", capture_output=True, text=True,
                         env=env, cwd=cwd, timeout=60)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[0])["result"]


def mcp_tool_schema(binary, env, cwd, name):
    lines = [{"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}},
             {"jsonrpc": "2.0", "method": "notifications/initialized"},
             {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}]
    run = subprocess.run([binary, "serve"], input="".join(json.dumps(l) + "\n" for l in lines), capture_output=True,
                         text=True, env=env, cwd=cwd, timeout=60)
    replies = [json.loads(l) for l in run.stdout.splitlines() if l.strip()]
    tools = next(r for r in replies if r.get("id") == 2)["result"]["tools"]
    return next(t for t in tools if t["name"] == name)["inputSchema"], run.stderr


def has_symbols(binary):
    sections = subprocess.run(["readelf", "-S", "-W", binary], capture_output=True, text=True, timeout=60).stdout
    return ".symtab" in sections


def needed_libraries(binary):
    dynamic = subprocess.run(["readelf", "-d", "-W", binary], capture_output=True, text=True, timeout=60).stdout
    return [line.split("[")[1].rstrip("]") for line in dynamic.splitlines() if "(NEEDED)" in line]


def jansson_archive():
    libdir = subprocess.run(["pkg-config", "--variable=libdir", "jansson"], capture_output=True, text=True).stdout.strip()
    return Path(libdir, "libjansson.a").is_file()


@pytest.mark.skipif(MAKE is None, reason="make not installed")
def test_make_install_into_a_prefix_then_uninstall(tmp_path):
    prefix = tmp_path / "prefix"
    build = subprocess.run([MAKE, "-C", str(ROOT), "install", f"PREFIX={prefix}"], capture_output=True, text=True,
                           timeout=3000)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    binary = prefix / "bin" / "scalewise"
    assert (prefix / "share" / "scalewise" / "data" / "laws.json").is_file()
    assert (prefix / "share" / "scalewise" / "protocol" / "schemas" / "common.json").is_file()
    if shutil.which("readelf"):
        assert not has_symbols(binary), "installed binary is not stripped"
        needed = needed_libraries(binary)
        if jansson_archive():
            assert not any(lib.startswith("libjansson") for lib in needed), needed
        # What a Debian package of it would declare: libnlopt0 (NLopt stays shared) and the C/C++ runtime.
        assert set(needed) <= {"libnlopt.so.0", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libc.so.6",
                               "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}, needed

    env = clean_env(tmp_path, prefix / "bin")
    result = ask(str(binary), env, tmp_path)
    n, d = chinchilla_optimal(5.76e23)
    assert result["params"] == pytest.approx(n, rel=1e-9)
    assert result["tokens"] == pytest.approx(d, rel=1e-9)
    # The protocol schemas came along: MCP tools get their real input schema, not a permissive one.
    schema, stderr = mcp_tool_schema(str(binary), env, tmp_path, "scaling_optimal")
    assert "flops" in schema.get("properties", {}), (schema, stderr)
    assert "no protocol/schemas found" not in stderr

    # The binary alone: the error names every place it looked, once each.
    lone = tmp_path / "lone" / "bin"
    lone.mkdir(parents=True)
    shutil.copy2(binary, lone / "scalewise")
    run = subprocess.run([str(lone / "scalewise"), "laws"], capture_output=True, text=True, env=env, cwd=tmp_path,
                         timeout=60)
    assert run.returncode != 0
    tried = run.stderr.split("tried: ")[1].split("; ")[0].split(", ")
    assert len(tried) == len(set(tried)), tried
    assert str(lone.parent / "share" / "scalewise" / "data") in tried and str(lone.parent / "data") in tried

    gone = subprocess.run([MAKE, "-C", str(ROOT), "uninstall", f"PREFIX={prefix}"], capture_output=True, text=True,
                          timeout=120)
    assert gone.returncode == 0, gone.stderr
    assert not binary.exists() and not (prefix / "share" / "scalewise").exists()


@pytest.mark.skipif(MAKE is None, reason="make not installed")
def test_wheel_into_a_fresh_venv_puts_scalewise_on_path_and_import_finds_it(tmp_path):
    dist = ROOT / "dist"
    build = subprocess.run([MAKE, "-C", str(ROOT), "wheel"], capture_output=True, text=True, timeout=3000)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    wheels = sorted(dist.glob("scalewise-*.whl"), key=lambda p: p.stat().st_mtime)
    assert wheels and not wheels[-1].name.endswith("-none-any.whl"), wheels  # a platform wheel: it holds a binary
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-deps", str(wheels[-1])],
                         capture_output=True, text=True, timeout=600)
    assert pip.returncode == 0, pip.stderr
    env = clean_env(tmp_path, venv / "bin")
    assert shutil.which("scalewise", path=env["PATH"]) == str(venv / "bin" / "scalewise")
    # The wheel carries the shared libraries beyond the C/C++ runtimes (NLopt, with its license),
    # and the binary loads them from the environment, not from the system.
    if shutil.which("ldd"):
        ldd = subprocess.run(["ldd", str(venv / "bin" / "scalewise")], capture_output=True, text=True).stdout
        nlopt = [l for l in ldd.splitlines() if "libnlopt" in l]
        if nlopt:
            assert str(venv / "bin" / ".." / "lib" / "scalewise" / "libnlopt.so.0") in nlopt[0] or \
                str(venv / "lib" / "scalewise" / "libnlopt.so.0") in nlopt[0], nlopt
            assert (venv / "share" / "scalewise" / "licenses" / "libnlopt-copyright.txt").is_file()
    assert (venv / "share" / "scalewise" / "licenses" / "LICENSE").is_file()
    result = ask("scalewise", env, tmp_path)
    n, _ = chinchilla_optimal(5.76e23)
    assert result["params"] == pytest.approx(n, rel=1e-9)
    # `import scalewise` finds the binary beside the interpreter, with no PATH at all.
    code = ("import scalewise, scalewise._binary as b; print(b.find_binary());"
            "c = scalewise.Client(); print(c.optimal(flops=5.76e23, law='chinchilla')['params']); c.close()")
    py = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, timeout=120,
                        env={**env, "PATH": ""}, cwd=tmp_path)
    assert py.returncode == 0, py.stderr
    found, params = py.stdout.split()
    assert found == str(venv / "bin" / "scalewise")
    assert float(params) == pytest.approx(n, rel=1e-9)


@pytest.mark.skipif(MAKE is None, reason="make not installed")
def test_pip_install_of_the_client_directory_after_make_release(tmp_path):
    build = subprocess.run([MAKE, "-C", str(ROOT), "release"], capture_output=True, text=True, timeout=3000)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(ROOT / "clients" / "python")],
                         capture_output=True, text=True, timeout=900)
    assert pip.returncode == 0, pip.stderr
    env = clean_env(tmp_path, venv / "bin")
    assert shutil.which("scalewise", path=env["PATH"]) == str(venv / "bin" / "scalewise")
    assert (venv / "share" / "scalewise" / "data" / "laws.json").is_file()
    result = ask("scalewise", env, tmp_path)
    assert result["params"] == pytest.approx(chinchilla_optimal(5.76e23)[0], rel=1e-9)
