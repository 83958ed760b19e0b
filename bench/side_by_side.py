"""Issue 12's table, measured in one run: each ShapeLens measure as a ratio to a peer process
or request run interleaved with it on the same generated files."""

from __future__ import annotations

import importlib.util
import itertools
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lsp_client import LspProcess

ROOT = Path(__file__).resolve().parent.parent
SERVER = [sys.executable, "-m", "shapelens", "serve", "--stdio"]
SIZES = (200, 2_000, 20_000)
KEYSTROKE = 0.1
PARSE_ONLY = "import ast, sys; ast.parse(open(sys.argv[1], encoding='utf-8').read())"
X = "\N{MULTIPLICATION SIGN}"


def _blocks_for(make_file: Callable[[int], str], lines: int) -> str:
    per_block = make_file(2).count("\n") - make_file(1).count("\n")
    return make_file(max(1, round(lines / per_block)))


def _run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
    return time.perf_counter() - start


def _interleaved(commands: list[list[str]], runs: int) -> list[float]:
    """Median seconds of each command, the commands run in turn ``runs`` times (after one
    warm-up turn that also writes the bytecode caches)."""
    times: list[list[float]] = [[] for _ in commands]
    for turn in range(runs + 1):
        for i, command in enumerate(commands):
            took = _run(command)
            if turn:
                times[i].append(took)
    return [statistics.median(t) for t in times]


def _first_diagnostics(folder: Path, text: str) -> float:
    """Seconds from starting the server to the first publication of an opened file."""
    server = LspProcess(SERVER, ROOT)
    server.initialize(folder)
    uri = (folder / "start.py").as_uri()
    server.open(uri, text)
    took = server.wait_publication(uri) - server.started
    server.close()
    return took


def _layer_position(text: str) -> tuple[int, int]:
    """A layer call in the middle of the file (where a hover shows its shape)."""
    lines = text.split("\n")
    middle = len(lines) // 2
    for i in range(middle, len(lines)):
        col = lines[i].find("layers.Dense(")
        if col >= 0:
            return i, col + len("layers.")
    raise ValueError("no Dense call")


def _hover_ratio(folder: Path, text: str, runs: int) -> float:
    """A warm hover on a layer of an analyzed file vs a hover on a document that is not open
    (which the server answers without any work), median of interleaved requests."""
    server = LspProcess(SERVER, ROOT)
    server.initialize(folder)
    uri = (folder / "hover.py").as_uri()
    server.open(uri, text)
    server.wait_publication(uri)
    line, col = _layer_position(text)
    real = {"textDocument": {"uri": uri}, "position": {"line": line, "character": col}}
    idle = {"textDocument": {"uri": (folder / "closed.py").as_uri()}, "position": {"line": 0, "character": 0}}
    assert server.request("textDocument/hover", real) is not None, "the hover found no layer"
    hover, nothing = [], []
    for _ in range(runs * 6):
        for params, into in ((real, hover), (idle, nothing)):
            start = time.perf_counter()
            server.request("textDocument/hover", params)
            into.append(time.perf_counter() - start)
    server.close()
    return statistics.median(hover) / statistics.median(nothing)


def _typing(folder: Path, text: str, seconds: float) -> tuple[int, float, float, float]:
    """Open the file, then a keystroke every 100 ms for ``seconds``: the publications that
    arrived while typing, the longest wait for one (from the first keystroke, between two,
    and from the last one to the end of typing), the seconds from the last keystroke to the
    final version's publication, and the server's peak RSS (MiB) once the file was first
    analyzed."""
    server = LspProcess(SERVER, ROOT)
    server.initialize(folder)
    uri = (folder / "typing.py").as_uri()
    server.open(uri, text)
    server.wait_publication(uri, 1)
    rss = server.peak_rss_mib()
    server.drain()
    version, start = 1, time.perf_counter()
    while time.perf_counter() - start < seconds:
        version += 1
        text += "#" if version % 7 else "\n"
        server.change(uri, text, version)
        time.sleep(KEYSTROKE)
    last = time.perf_counter()
    during = [at for at, p in server.drain() if p["uri"] == uri and at <= last]
    marks = [start, *during, last]
    longest = max(b - a for a, b in itertools.pairwise(marks))
    final = server.wait_publication(uri, version) - last
    server.close()
    return len(during), longest, final, rss


def side_by_side(make_file: Callable[[int], str], analysis_us_per_line: float, runs: int, typing_seconds: float) -> None:
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="shapelens-bench-") as tmp:
        folder = Path(tmp)
        texts = {n: _blocks_for(make_file, n) for n in SIZES}
        files = {}
        for n, text in texts.items():
            files[n] = folder / f"model_{n}.py"
            files[n].write_text(text, encoding="utf-8")
        check = {n: [sys.executable, "-m", "shapelens", "check", "--no-summary", str(f)] for n, f in files.items()}
        # The peers: pyflakes (the goal), a process that only parses, ruff (Rust) where installed.
        peers = {"`ast.parse`": lambda f: [sys.executable, "-c", PARSE_ONLY, str(f)]}
        if importlib.util.find_spec("pyflakes") is not None:
            peers["`pyflakes`"] = lambda f: [sys.executable, "-m", "pyflakes", str(f)]
        ruff = shutil.which("ruff") or shutil.which("ruff", path=str(Path(sys.executable).parent))
        if ruff:
            peers["`ruff check`"] = lambda f: [ruff, "check", "--no-cache", "--isolated", "--quiet", str(f)]
        ratios: dict[str, list[float]] = {name: [] for name in peers}
        for n in SIZES:
            medians = _interleaved([check[n], *(make(files[n]) for make in peers.values())], runs)
            for name, theirs in zip(peers, medians[1:], strict=True):
                ratios[name].append(medians[0] / theirs)
        if "`pyflakes`" not in peers:
            rows.append(("`shapelens check` vs `pyflakes`", "pyflakes is not installed", f"≤ 1.0{X} at every size"))
        for name, values in sorted(ratios.items(), key=lambda item: item[0] != "`pyflakes`"):
            goal = f"≤ 1.0{X} at every size" if name == "`pyflakes`" else "(reference)"
            peer = f"{name} (the pure-Python peer)" if name == "`pyflakes`" else f"a bare {name} process" if "ast" in name else name
            rows.append((
                f"`shapelens check` vs {peer}, 200 / 2k / 20k lines",
                " / ".join(f"{r:.1f}{X}" for r in values), goal,
            ))
        cli_20k = _interleaved([check[20_000]], max(1, runs // 2))[0]

        bare = [sys.executable, "-c", "import pygls.lsp.server, lsprotocol.types"]
        start_times, bare_times = [], []
        for _ in range(runs):
            start_times.append(_first_diagnostics(folder, texts[200]))
            bare_times.append(_run(bare))
        rows.append((
            "server start → first diagnostics vs a bare `import pygls.lsp.server, lsprotocol.types` process",
            f"{statistics.median(start_times) / statistics.median(bare_times):.1f}{X}", f"≤ 1.2{X} (keep it)",
        ))

        during, longest, final, rss = _typing(folder, texts[20_000], typing_seconds)
        rows.append((
            f"typing on a 20k-line file, a keystroke every 100 ms for {typing_seconds:g} s",
            f"{during} publishes (longest wait {longest:.1f} s); final state {final / cli_20k:.1f}{X} one CLI run",
            f"a publish at least every 2 s while typing; final state ≤ 1.5{X} one CLI run after the last keystroke",
        ))
        hovers = [_hover_ratio(folder, texts[n], runs) for n in (2_000, 20_000)]
        rows.append((
            "warm hover vs a request the server answers without work, 2k / 20k lines",
            " / ".join(f"{r:.1f}{X}" for r in hovers), f"≤ 3{X} at any size",
        ))
        rows.append(("analysis", f"{analysis_us_per_line:.0f} µs/line", "≤ 25 µs/line"))
        rows.append(("server peak RSS after opening 20k lines", f"{rss:.0f} MB", "≤ 120 MB"))

    print("| measure | now | goal |")
    print("|---|---|---|")
    for measure, now, goal in rows:
        print(f"| {measure} | {now} | {goal} |")
