"""Where the `scalewise` binary is: SCALEWISE_BIN, then the one installed with this package
(a wheel puts it in the environment's scripts directory, beside sys.executable), then PATH,
then the repository's build (.build/release or .build/debug) found above this package's source
or the current directory."""
import os
import shutil
import sys
import sysconfig
from pathlib import Path

from .errors import DaemonNotFound


def _build_candidates(start):
    for parent in [start, *start.parents]:
        for config in ("release", "debug"):
            yield parent / ".build" / config / "scalewise"


def _installed_candidates():
    """Where pip put the wheel's scripts: this interpreter's scheme, the user scheme, beside sys.executable."""
    dirs = [sysconfig.get_path("scripts")]
    try:
        dirs.append(sysconfig.get_path("scripts", f"{os.name}_user"))
    except KeyError:
        pass
    dirs.append(str(Path(sys.executable).parent))
    seen = []
    for d in dirs:
        if d and d not in seen:
            seen.append(d)
            yield Path(d) / "scalewise"


def find_binary():
    env = os.environ.get("SCALEWISE_BIN")
    if env:
        if os.path.isfile(env) and os.access(env, os.X_OK):
            return env
        raise DaemonNotFound(f"SCALEWISE_BIN={env} is not an executable file")
    for candidate in _installed_candidates():
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    on_path = shutil.which("scalewise")
    if on_path:
        return on_path
    tried = []
    for start in (Path(__file__).resolve().parent, Path.cwd().resolve()):
        for candidate in _build_candidates(start):
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
        tried.append(str(start))
    raise DaemonNotFound("no scalewise binary: set SCALEWISE_BIN, put scalewise on PATH, or build it "
                         "with `swift build` in the repository (searched .build/{release,debug} above "
                         + " and ".join(tried) + ")")
