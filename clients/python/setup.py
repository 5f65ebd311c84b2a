"""Packaging of the client with the daemon, the pattern ruff's wheels use: the `scalewise` binary
goes into the wheel's scripts (so it lands in the environment's bin/, on PATH), the data tables and
the protocol schemas into its data (<env>/share/scalewise/{data,protocol}, where the binary looks:
<bin>/../share/scalewise). `import scalewise` finds the binary next to sys.executable or via
sysconfig's scripts directory.

The binary is $SCALEWISE_WHEEL_BINARY (`make wheel` sets it) or the repository's
.build/release/scalewise; it is copied and stripped before packaging. Without one, or with
SCALEWISE_WHEEL_BINARY=none, the package is the pure-Python client, which then needs
SCALEWISE_BIN or a scalewise on PATH."""
import os
import re
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
    if env == "none":  # the client alone (clients/test-all.sh: the tests name the daemon themselves)
        return None
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


# Shared libraries the binary needs beyond the C and C++ runtimes every Linux has (the set
# manylinux allows): NLopt (LGPL-2.1+ in Debian's build; shipped unmodified as the shared library
# it is, with its license, so it can be replaced). The binary's run path ($ORIGIN/../lib/scalewise)
# finds them in <env>/lib/scalewise before the system's.
SYSTEM_LIBRARIES = re.compile(r"^(linux-vdso|ld-linux[-.\w]*|libc|libm|libdl|libpthread|librt|libstdc\+\+|libgcc_s)\.so")
LICENSES = {"libnlopt": Path("/usr/share/doc/libnlopt0/copyright")}


def shared_libraries(binary_path):
    if not shutil.which("ldd"):
        return []
    out = subprocess.run(["ldd", str(binary_path)], capture_output=True, text=True).stdout
    libs, licenses = [], []
    for line in out.splitlines():
        m = re.match(r"\s*(\S+) => (/\S+)", line)
        if not m or SYSTEM_LIBRARIES.match(m.group(1)):
            continue
        (stage / "lib").mkdir(exist_ok=True)
        target = stage / "lib" / m.group(1)
        shutil.copy2(os.path.realpath(m.group(2)), target)
        libs.append(os.path.relpath(target, here))
        for prefix, path in LICENSES.items():
            if m.group(1).startswith(prefix) and path.is_file():
                copy = stage / f"{prefix}-copyright.txt"
                shutil.copy2(path, copy)
                licenses.append(os.path.relpath(copy, here))
    return ([("lib/scalewise", libs)] if libs else []) + ([("share/scalewise/licenses", licenses)] if licenses else [])


kwargs = {}
built = binary()
if built is not None and (repo / "data" / "laws.json").is_file():
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    staged = stage / "scalewise"
    shutil.copy2(built, staged)
    if shutil.which("strip"):
        subprocess.run(["strip", str(staged)], check=True)
    kwargs["scripts"] = [os.path.relpath(staged, here)]
    kwargs["data_files"] = tree(repo / "data", "share/scalewise/data") + tree(repo / "protocol", "share/scalewise/protocol")
    kwargs["data_files"] += [("share/scalewise/licenses", [os.path.relpath(repo / "LICENSE", here)])]
    kwargs["data_files"] += shared_libraries(staged)
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
