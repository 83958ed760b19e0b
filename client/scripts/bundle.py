"""Builds bundled/ for the VS Code extension (``npm run bundle``): ShapeLens from this repository
and its dependencies as pure-Python libraries in bundled/libs, and the launcher in
bundled/tool/server.py. With them the extension runs the server with any Python >= 3.10,
nothing installed (``shapelens.importStrategy`` = ``useBundled``).

    python3 client/scripts/bundle.py [--out DIR]

Needs pip and the package index (or a local mirror pip is configured for). The repository is
copied to a temporary folder first, so the build writes nothing into it but bundled/.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Dependencies that the running Python's markers would leave out, but Python 3.10 needs
# (pip evaluates markers for the Python that runs it, even with --python-version).
PY310_ONLY = ["tomli>=2.0", "exceptiongroup>=1.1.1"]
# jedi (only a fallback for locating the user's own modules) ships typeshed's stubs for
# third-party packages and Django's: 27 MB that this lookup never reads. Its stdlib stubs stay.
PRUNE = ["jedi/third_party/typeshed/stubs", "jedi/third_party/django-stubs", "bin"]


def run(*args: str) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run(args, check=True)


def build(out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="shapelens-bundle-") as tmp:
        src, wheels = Path(tmp, "src"), Path(tmp, "wheels")
        src.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            shutil.copy2(ROOT / name, src / name)
        shutil.copytree(
            ROOT / "server",
            src / "server",
            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
        )
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
        run(*pip, "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(src))
        (wheel,) = wheels.glob("shapelens-*.whl")

        libs = out / "libs"
        if out.exists():
            shutil.rmtree(out)
        libs.mkdir(parents=True)
        # Pure-Python wheels only (py3-none-any), so the same folder serves every OS and CPU.
        run(
            *pip, "install", "--quiet", "--no-compile", "--target", str(libs),
            "--only-binary=:all:", "--implementation", "py", "--abi", "none", "--platform", "any",
            "--python-version", "3.10",
            str(wheel), *PY310_ONLY,
        )
    for rel in PRUNE:
        shutil.rmtree(libs / rel, ignore_errors=True)
    for cache in list(libs.rglob("__pycache__")):
        shutil.rmtree(cache, ignore_errors=True)
    binaries = [p for p in libs.rglob("*") if p.suffix in (".so", ".pyd", ".dylib")]
    if binaries:
        raise SystemExit(f"not pure Python: {binaries[:5]}")
    tool = out / "tool"
    tool.mkdir()
    shutil.copy2(ROOT / "client" / "tool" / "server.py", tool / "server.py")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    packages = sorted(p.name for p in libs.glob("*.dist-info"))
    print(f"bundled {len(packages)} distributions into {out} ({size / 2**20:.1f} MiB):")
    for name in packages:
        print(f"  {name.removesuffix('.dist-info')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bundled", help="default: <repo>/bundled")
    args = parser.parse_args()
    build(args.out.resolve())


if __name__ == "__main__":
    main()
