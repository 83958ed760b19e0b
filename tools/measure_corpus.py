"""Measure the analysis on real-style programs.

    .venv/bin/python tools/measure_corpus.py              # the corpus in tests/corpus, against Keras
    .venv/bin/python tools/measure_corpus.py --unknown    # ... and every layer whose shape is unknown
    .venv/bin/python tools/measure_corpus.py --update     # ... and rewrite tests/corpus/expectations.json
    .venv/bin/python tools/measure_corpus.py --only NAME  # only the programs whose name contains NAME
    .venv/bin/python tools/measure_corpus.py --public DIR # any folder of .py/.ipynb files, without Keras

The corpus table compares with the models real Keras builds from each program (one subprocess
runs them all): layers whose shape the analysis knows and equals Keras, unknown, and wrong.
The public mode cannot run the files (never run code that is not ours): it reports the layers
whose output shape is entirely unknown, the crashes, and every error diagnostic; on public
examples, which run, each error is a suspected false alarm to check by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "server"), str(ROOT)]

from shapelens.analysis import ModelReport, analyze  # noqa: E402
from shapelens.engine import is_supported  # noqa: E402
from shapelens.engine.shapes import UNKNOWN  # noqa: E402
from tests.corpus.compare import ProgramCheck, check_program  # noqa: E402
from tests.corpus.keras_run import run_all  # noqa: E402
from tests.corpus.programs import EXPECTATIONS, GROUPS, PROGRAMS, expectations, program_id  # noqa: E402


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def measure_corpus(show_unknown: bool, update: bool, only: str | None) -> None:
    programs = [path for path in PROGRAMS if only is None or only in program_id(path)]
    truth = run_all(programs)
    checks: dict[str, ProgramCheck] = {}
    print(f"{'program':58} {'layers':>6} {'known':>6} {'wrong':>5} {'alarms':>6}")
    for path in programs:
        result = truth[str(path)]
        if result["error"]:
            print(f"{program_id(path):58} Keras raised: {result['error'][:200]}")
            continue
        check = checks[program_id(path)] = check_program(analyze(path.read_text(), str(path)), result["models"])
        print(f"{program_id(path):58} {check.layers:6} {check.known:6} {len(check.wrong):5} {len(check.alarms):6}")
        for line in check.wrong + check.alarms + (check.unknown_layers if show_unknown else []):
            print(f"    {line}")
    print()
    print("| programs | count | layers | known & equal | unknown | wrong | errors/warnings |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for group in GROUPS:
        mine = [c for name, c in checks.items() if name.startswith(group + "/")]
        layers, known = sum(c.layers for c in mine), sum(c.known for c in mine)
        wrong, alarms = sum(len(c.wrong) for c in mine), sum(len(c.alarms) for c in mine)
        print(f"| {group} | {len(mine)} | {layers} | {_pct(known, layers)} | {_pct(layers - known, layers)} | {wrong} | {alarms} |")
    if update:
        old = expectations()
        new = {} if only is None else dict(old)
        for name, check in checks.items():
            new[name] = {"layers": check.layers, "known": check.known}
            if "xfail" in old.get(name, {}):
                new[name]["xfail"] = old[name]["xfail"]
        EXPECTATIONS.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n")
        print(f"wrote {EXPECTATIONS.relative_to(ROOT)}")


def notebook_source(path: Path) -> str:
    """The code cells of a notebook as one file. IPython-only lines (``!cmd``, ``%magic``,
    ``obj?``) become ``pass`` with the text as a comment, which keeps indented blocks valid; a
    cell magic (``%%writefile``...) comments out its whole cell."""
    lines = []
    for cell in json.loads(path.read_text()).get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        if text.lstrip().startswith("%%"):
            lines += ["# " + line for line in text.splitlines()]
            continue
        for line in text.replace("\u00a0", " ").splitlines():
            stripped = line.lstrip()
            if stripped.startswith(("%", "!")) or (stripped.endswith("?") and not stripped.startswith("#")):
                line = line[: len(line) - len(stripped)] + "pass  # " + stripped
            lines.append(line)
        lines.append("")
    return "\n".join(lines) + "\n"


def likely_cause(model: ModelReport, index: int, source_lines: list[str]) -> str:
    """A rough reason why the analysis does not know a layer's shape, from the model's text and
    its report (a heuristic to rank the work, not a diagnosis)."""
    call = "\n".join(source_lines[model.span.line: model.span.end_line + 1])
    first = model.layers[0].kind if model.layers else ""
    before = [layer.kind for layer in model.layers[:index]]
    if model.input_shape is UNKNOWN:
        if "self." in source_lines[model.span.line].split("Sequential")[0]:
            return "Sequential held by a custom layer or subclassed model"
        if first in ("?", "Sequential") or not is_supported(first):
            return "first element is a model, a custom layer or something unseen"
        if "input_shape" in call or "Input(" in call or "InputLayer(" in call:
            return "input given, but its value is not known (data, function argument, ...)"
        return "no Input: built from its data or first call"
    kind = model.layers[index].kind
    if kind == "?" or not is_supported(kind):
        return "custom or unseen layer"
    if any(k == "?" or not is_supported(k) for k in before):
        return "after a custom or unseen layer"
    if kind == "Lambda":
        return "Lambda"
    return "other"


def measure_public(folders: list[Path], show_unknown: bool) -> None:
    files = sorted(p for folder in folders for p in [*folder.rglob("*.py"), *folder.rglob("*.ipynb")])
    layers = unknown = partial = models = with_models = 0
    errors: list[str] = []
    crashes: list[str] = []
    unknown_kinds: Counter[str] = Counter()
    causes: Counter[str] = Counter()
    slowest = (0.0, "")
    for path in files:
        try:
            source = notebook_source(path) if path.suffix == ".ipynb" else path.read_text()
        except (ValueError, UnicodeDecodeError):
            continue
        start = time.perf_counter()
        try:
            result = analyze(source, str(path))
        except Exception as exc:  # the analysis must never raise: report it
            crashes.append(f"{path}: {type(exc).__name__}: {exc}")
            continue
        slowest = max(slowest, (time.perf_counter() - start, str(path)))
        with_models += bool(result.models)
        seen: set[tuple[object, ...]] = set()
        source_lines = source.splitlines()
        for model in result.models:
            # a helper called many times is one model (once per distinct result)
            signature = (model.span, tuple((layer.kind, layer.output_shape) for layer in model.layers))
            if signature in seen:
                continue
            seen.add(signature)
            models += 1
            for index, layer in enumerate(model.layers):
                layers += 1
                if layer.output_shape is UNKNOWN:
                    unknown += 1
                    unknown_kinds[layer.kind] += 1
                    causes[likely_cause(model, index, source_lines)] += 1
                    if show_unknown:
                        print(f"? {path}:{layer.span.line + 1} {model.name} {layer.kind}")
                elif any(d is UNKNOWN for d in layer.output_shape):  # type: ignore[union-attr]
                    partial += 1
        errors += [f"{path}:{d.span.line + 1}: {d.code} {d.message}" for d in result.diagnostics if d.severity == "error"]
    print(f"files: {len(files)}, with Sequential models: {with_models}, distinct models: {models}, layers: {layers}")
    print(f"layers fully unknown: {unknown} ({_pct(unknown, layers)}), partly unknown: {partial} ({_pct(partial, layers)})")
    print(f"unknown layers by class: {dict(unknown_kinds.most_common(15))}")
    print("unknown layers by likely cause (heuristic):")
    for cause, count in causes.most_common():
        print(f"    {count:5} {_pct(count, unknown):>6}  {cause}")
    print(f"slowest file: {slowest[0] * 1000:.0f} ms {slowest[1]}")
    print(f"crashes: {len(crashes)}")
    for line in crashes:
        print(f"    {line}")
    print(f"error diagnostics (each a suspected false alarm): {len(errors)}")
    for line in errors:
        print(f"    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--public", type=Path, nargs="+", help="folders of public .py/.ipynb files")
    parser.add_argument("--unknown", action="store_true", help="list every layer whose shape is unknown")
    parser.add_argument("--update", action="store_true", help="rewrite tests/corpus/expectations.json")
    parser.add_argument("--only", help="only the corpus programs whose name contains this")
    args = parser.parse_args()
    if args.public:
        measure_public(args.public, args.unknown)
    else:
        measure_corpus(args.unknown, args.update, args.only)


if __name__ == "__main__":
    main()
