"""The values the analysis follows (arrays, frames, constants) against the real run of the program.

Each realistic fixture is run for real (NumPy, pandas, sklearn, Keras); every module-level name the
analysis gives a value must hold that value: same shape on every axis the analysis knows, same
dtype and columns when known, integers inside the value range it claims. Fixtures whose first
line is ``# values: ...`` must also know every array, frame, series and number they define,
except the names listed on a ``# unknown: a, b`` line. These are the project's own fixtures;
user code is never run.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from shapelens.analysis.diagnostics import Collector
from shapelens.analysis.frames import Frame, Series
from shapelens.analysis.interpreter import Interpreter
from shapelens.analysis.positions import Positions
from shapelens.analysis.program_values import DictValue
from shapelens.analysis.values import Array
from shapelens.engine.shapes import UNKNOWN
from tests.core.test_realistic_vs_keras import FILES, run_in_keras

pd = pytest.importorskip("pandas")


def analysis_values(path: Path) -> dict[str, Any]:
    source = path.read_text()
    interp = Interpreter(source, Positions(source), Collector(), None, str(path))
    interp.run(ast.parse(source), analyze_uncalled=False)
    return interp.module_env


def compare(real: Any, ours: Any) -> str | None:
    """None when ``ours`` is a true description of ``real``; "unknown" when it says nothing."""
    if ours is UNKNOWN:
        return "unknown"
    if isinstance(real, np.ndarray):
        if not isinstance(ours, Array):
            return f"not an array: {ours!r}"
        if len(ours.shape) != real.ndim or any(d is not UNKNOWN and d != r for d, r in zip(ours.shape, real.shape,
                                                                                         strict=False)):
            return f"shape {ours.shape} but really {real.shape}"
        if isinstance(ours.dtype, str) and ours.dtype != str(real.dtype):
            return f"dtype {ours.dtype} but really {real.dtype}"
        if ours.value_range is not None and real.size and not (
                ours.value_range[0] <= real.min() and real.max() <= ours.value_range[1]):
            return f"values in {ours.value_range} but really [{real.min()}, {real.max()}]"
        return None
    if isinstance(real, pd.DataFrame):
        if not isinstance(ours, Frame):
            return f"not a frame: {ours!r}"
        if ours.columns is not None and ours.columns != list(real.columns):
            return f"columns {ours.columns} but really {list(real.columns)}"
        if ours.width is not UNKNOWN and ours.width != real.shape[1]:
            return f"width {ours.width} but really {real.shape[1]}"
        if ours.length is not UNKNOWN and ours.length != len(real):
            return f"length {ours.length} but really {len(real)}"
        return None
    if isinstance(real, pd.Series):
        if not isinstance(ours, Series):
            return f"not a series: {ours!r}"
        return None if ours.length in (UNKNOWN, len(real)) else f"length {ours.length} but really {len(real)}"
    if isinstance(real, dict) and isinstance(ours, DictValue):
        for key, value in real.items():
            if key in ours and (problem := compare(value, ours[key])) not in (None, "unknown"):
                return f"[{key!r}]: {problem}"
        return None
    if isinstance(real, list) and isinstance(ours, list):
        if len(real) != len(ours):
            return f"{len(ours)} items but really {len(real)}"
        problems = [compare(r, o) for r, o in zip(real, ours, strict=True)]
        return next((p for p in problems if p not in (None, "unknown")), None)
    if isinstance(real, (bool, int, float, str)) and not isinstance(real, np.generic):
        return None if ours == real and type(ours) is type(real) else f"{ours!r} but really {real!r}"
    return None


def _tracked(value: Any) -> bool:
    return isinstance(value, (np.ndarray, pd.DataFrame, pd.Series)) or (
        isinstance(value, (bool, int, float, str)) and not isinstance(value, np.generic))


def _declared_unknown(source: str) -> set[str]:
    for line in source.splitlines():
        if line.startswith("# unknown:"):
            return {name.strip() for name in line[len("# unknown:"):].split(",")}
    return set()


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_values_hold_at_runtime(path: Path) -> None:
    source = path.read_text()
    real = run_in_keras(path).values
    ours = analysis_values(path)
    strict = source.startswith("# values:")
    allowed = _declared_unknown(source)
    wrong, unknown = {}, []
    for name, value in real.items():
        if name.startswith("_") or name not in ours:
            continue
        problem = compare(value, ours[name])
        if problem == "unknown":
            if _tracked(value) and name not in allowed:
                unknown.append(name)
        elif problem is not None:
            wrong[name] = problem
    assert wrong == {}, "the analysis states values the program does not have"
    if strict:
        assert unknown == [], "values a careful reader can work out stay unknown"
        assert allowed <= set(real), "names declared unknown that the program does not define"
