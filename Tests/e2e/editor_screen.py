"""A real terminal for editor tests: runs a command in a detached tmux session on a private
socket and returns what the screen shows (tmux capture-pane), polling until a pattern appears."""
import os
import re
import shutil
import subprocess
import time
import uuid

TMUX = shutil.which("tmux")


def screen_until(command, pattern, env, cwd, timeout=40, width=220, height=50):
    """Runs `command` (a list) in tmux and returns (matched, last screen text)."""
    socket = f"scalewise-test-{uuid.uuid4().hex[:8]}"
    tmux = [TMUX, "-L", socket, "-f", os.devnull]
    env = {**env, "TERM": "xterm-256color"}
    subprocess.run(tmux + ["new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height),
                           " ".join(_quote(c) for c in command)],
                   env=env, cwd=cwd, check=True, timeout=20)
    text = ""
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run = subprocess.run(tmux + ["capture-pane", "-p", "-t", "t"], env=env, capture_output=True,
                                 text=True, timeout=20)
            text = run.stdout
            if re.search(pattern, text):
                return True, text
            time.sleep(0.3)
        return False, text
    finally:
        subprocess.run(tmux + ["kill-server"], env=env, capture_output=True, timeout=20)


def _quote(arg):
    return "'" + arg.replace("'", "'\\''") + "'"
