"""Packaging of the client with the daemon, the pattern ruff's wheels use: the `scalewise` binary
goes into the wheel's scripts (so it lands in the environment's bin/, on PATH), the data tables and
the protocol schemas into its data (<env>/share/scalewise/{data,protocol}, where the binary looks:
<bin>/../share/scalewise). `import scalewise` finds the binary next to sys.executable or via
sysconfig's scripts directory.

The binary is $SCALEWISE_WHEEL_BINARY (`make wheel` sets it) or the repository's
.build/release/scalewise; it is copied and stripped before packaging. Without one the package is
the pure-Python client, which then needs SCALEWISE_BIN or a scalewise on PATH."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup

here = Path(__file__).resolve().parent
repo = here.parent.parent
stage = repo / ".build" / "wheel-stage"


def binary():
    env = os.environ.get("SCALEWISE_WHEEL_BINARY")
    candidates = [Path(env)] if env else [repo / ".build" / "release" / "scalewise"]
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return c
    if env:
        sys.exit(f"setup.py: SCALEWISE_WHEEL_BINARY={env} is not an executable file")
    return None


def tree(src, dest):
    """data_files entries for every file under src, installed under dest."""
    out = {}
    for path in sorted(src.rglob("*")):
        if path.is_file():
            target = os.path.join(dest, str(path.parent.relative_to(src))) if path.parent != src else dest
            out.setdefault(target, []).append(os.path.relpath(path, here))
    return sorted(out.items())


kwargs = {}
built = binary()
if built is not None and (repo / "data" / "laws.json").is_file():
    stage.mkdir(parents=True, exist_ok=True)
    staged = stage / "scalewise"
    shutil.copy2(built, staged)
    if shutil.which("strip"):
        subprocess.run(["strip", str(staged)], check=True)
    kwargs["scripts"] = [os.path.relpath(staged, here)]
    kwargs["data_files"] = tree(repo / "data", "share/scalewise/data") + tree(repo / "protocol", "share/scalewise/protocol")
    try:
        from setuptools.command.bdist_wheel import bdist_wheel
    except ImportError:  # setuptools < 70.1
        from wheel.bdist_wheel import bdist_wheel

    class PlatformWheel(bdist_wheel):
        """A native binary inside: py3-none-<platform>, not a pure wheel."""

        def finalize_options(self):
            super().finalize_options()
            self.root_is_pure = False

        def get_tag(self):
            return ("py3", "none", super().get_tag()[2])

    try:
        from setuptools.command.build_scripts import build_scripts
    except ImportError:
        from distutils.command.build_scripts import build_scripts

    class CopyBinary(build_scripts):
        """The script is a native binary: copied as it is (distutils would read it as Python)."""

        def copy_scripts(self):
            self.mkpath(self.build_dir)
            outfiles = []
            for script in self.scripts:
                out = os.path.join(self.build_dir, os.path.basename(script))
                self.copy_file(script, out)
                os.chmod(out, 0o755)
                outfiles.append(out)
            return outfiles, outfiles

    kwargs["cmdclass"] = {"bdist_wheel": PlatformWheel, "build_scripts": CopyBinary}
else:
    print("setup.py: no built scalewise binary (run `make release` or `make wheel`); packaging the client only",
          file=sys.stderr)

setup(**kwargs)
