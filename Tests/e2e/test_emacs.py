"""A real editor without inlay hints: Emacs + eglot (Debian elpa-eglot) shows scalewise's
pushed Hint diagnostics as flymake notes and its hover. Skipped when emacs or eglot is absent."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN

HERE = Path(__file__).parent
EMACS = shutil.which("emacs")


def has_eglot():
    probe = subprocess.run([EMACS, "--batch", "--eval", "(progn (package-initialize) (require 'eglot))"],
                           capture_output=True, timeout=60)
    return probe.returncode == 0


@pytest.mark.skipif(EMACS is None, reason="emacs not installed")
def test_emacs_eglot_notes_and_hover(tmp_path):
    if not has_eglot():
        pytest.skip("eglot not installed (apt install elpa-eglot)")
    config = tmp_path / "config.json"
    config.write_text((HERE / "fixtures" / "llama-3.1-8b-config.json").read_text())
    env = {**os.environ, "SCALEWISE_BIN": str(Path(BIN).resolve()), "SCALEWISE_CONFIG": str(config)}
    run = subprocess.run([EMACS, "--batch", "-l", str(HERE / "emacs" / "hints.el")],
                         capture_output=True, text=True, timeout=90, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr + run.stdout
    assert "OK diagnostic: scalewise: ≈ 8.03B params" in run.stderr and "OK hover" in run.stderr


# What a user sees: Debian's Emacs 28 in a terminal (tmux), the three-line config, the hint on screen.
from editor_screen import TMUX, screen_until  # noqa: E402

ROOT = HERE.parent.parent


def screen_env(tmp_path):
    return {**os.environ, "SCALEWISE_BIN": str(Path(BIN).resolve()),
            "SCALEWISE_EMACS_DIR": str(ROOT / "clients" / "emacs"),
            "XDG_STATE_HOME": str(tmp_path / "state"), "HOME": str(tmp_path)}


@pytest.mark.skipif(EMACS is None or TMUX is None, reason="emacs or tmux not installed")
@pytest.mark.parametrize("name, fixture, pattern", [
    # .json: js-mode on Emacs 28 (scalewise-json-mode after scalewise-setup), js-json-mode on 29+.
    ("config.json", "llama-3.1-8b-config.json", r"≈ 8\.03B params"),
    # .yaml without yaml-mode: fundamental-mode on a stock Emacs (scalewise-yaml-mode after setup).
    ("train.yaml", "configs/megatron-lm-baichuan-7b.yaml", r"≈ 6\.48B params"),
])
def test_emacs_minimal_setup_shows_hint_on_screen(tmp_path, name, fixture, pattern):
    if not has_eglot():
        pytest.skip("eglot not installed (apt install elpa-eglot)")
    config = tmp_path / name
    config.write_text((HERE / "fixtures" / fixture).read_text())
    seen, screen = screen_until([EMACS, "-nw", "-Q", "-l", str(HERE / "emacs" / "minimal.el"), str(config)],
                                pattern, screen_env(tmp_path), tmp_path, timeout=60)
    assert seen, screen


@pytest.mark.skipif(EMACS is None, reason="emacs not installed")
def test_emacs_python_is_opt_in_and_javascript_keeps_its_server(tmp_path):
    if not has_eglot():
        pytest.skip("eglot not installed (apt install elpa-eglot)")
    probe = (f"(progn (load-file \"{HERE / 'emacs' / 'minimal.el'}\")"
             " (princ (format \"%s %s %s\\n\" (memq 'python-mode (car (car eglot-server-programs)))"
             " (memq 'js-mode (car (car eglot-server-programs))) (cdr (assoc \"x.json\" auto-mode-alist #'string-match-p)))))")
    run = subprocess.run([EMACS, "--batch", "-Q", "--eval", probe], capture_output=True, text=True, timeout=60,
                         env=screen_env(tmp_path))
    python, js, json_mode = run.stdout.split()
    assert python == "nil" and js == "nil", run.stdout
    assert json_mode in ("scalewise-json-mode", "js-json-mode"), run.stdout
