"""Compare the analysis of a corpus program with the Sequential models real Keras built from it.

Models are matched by the line of their ``Sequential(...)`` call (both sides report it; for a
helper called several times Keras has several instances at one line, and the analysis may list
one model per call). Identical models at one line count once. For each distinct Keras model:

* wrong: a model the analysis reports whose layer classes differ from every Keras model at that
  line, or one of whose known axes or parameter counts differs from the Keras model it matches
  (the batch axis: see ``_same_axis``);
* known: layers whose output shape the analysis knows completely (no ``?`` axis) and which equal
  Keras, taking the best-matching analysed model at that line;
* unknown: the other layers (a partly known shape counts as unknown here, and every known axis
  of it must still equal Keras).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shapelens.analysis import FileAnalysis, LayerReport, ModelReport
from shapelens.engine.shapes import UNKNOWN, shape_str

KerasLayer = tuple[str, tuple[Any, ...], int]


@dataclass
class ProgramCheck:
    layers: int = 0  # layers of the distinct models Keras built
    known: int = 0  # of which the analysis knows the whole shape, equal to Keras
    wrong: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)  # error/warning diagnostics (the program is correct)
    unknown_layers: list[str] = field(default_factory=list)  # "line: Kind (keras shape)"

    @property
    def unknown(self) -> int:
        return self.layers - self.known


def keras_models(truth: list[dict[str, Any]]) -> dict[int, list[list[KerasLayer]]]:
    """Distinct Keras models per source line (1-based)."""
    by_line: dict[int, list[list[KerasLayer]]] = {}
    for model in truth:
        layers = [(kind, tuple(shape), params) for kind, shape, params in model["layers"]]
        distinct = by_line.setdefault(model["line"], [])
        if layers not in distinct:
            distinct.append(layers)
    return by_line


def _same_kind(ours: str, theirs: str) -> bool:
    # A keras.applications model is a Functional in Keras; the analysis names the application.
    return ours == theirs or theirs == "Functional"


def _same_axis(ours: Any, theirs: Any, axis: int) -> bool:
    """An unknown axis contradicts nothing. A model built by a direct call (``model(x)``) has the
    batch size of ``x`` in Keras's shapes, yet it accepts any batch size afterwards, so ``None``
    from the analysis on the batch axis stands for it; a concrete batch size must be equal."""
    return ours is UNKNOWN or ours == theirs or (axis == 0 and ours is None)


def align(ours: list[str], theirs: list[str]) -> list[int | None] | None:
    """For each Keras layer, the index of the analysed layer that stands for it (None: covered by
    a ``?`` entry, the analysis's placeholder for layers it cannot see, such as a splatted list
    it cannot count). None when no alignment exists."""

    def walk(i: int, j: int) -> list[int | None] | None:
        if i == len(ours):
            return [] if j == len(theirs) else None
        if ours[i] == "?":
            # one unknown layer first (the usual case), then any other number of them
            for k in [1, *[k for k in range(len(theirs) - j + 1) if k != 1]]:
                if j + k <= len(theirs) and (rest := walk(i + 1, j + k)) is not None:
                    return ([i] if k == 1 else [None] * k) + rest
            return None
        if j < len(theirs) and _same_kind(ours[i], theirs[j]) and (rest := walk(i + 1, j + 1)) is not None:
            return [i, *rest]
        return None

    return walk(0, 0)


def _mismatch(ours: ModelReport, theirs: list[KerasLayer]) -> str | None:
    """Why the analysed model contradicts this Keras model, or None when it does not."""
    kinds = [layer.kind for layer in ours.layers]
    if align(kinds, [kind for kind, _, _ in theirs]) is None:
        return f"layers {kinds} but Keras built {[kind for kind, _, _ in theirs]}"
    for index, (layer, (kind, shape, params)) in enumerate(_paired(ours, theirs)):
        if layer is None:
            continue
        got = layer.output_shape
        if got is not UNKNOWN:
            assert isinstance(got, tuple)
            if len(got) != len(shape) or any(not _same_axis(a, b, axis) for axis, (a, b) in enumerate(zip(got, shape, strict=False))):
                return f"layer {index} {kind}: shape {shape_str(got)}, Keras {shape_str(shape)}"
        if layer.params is not UNKNOWN and layer.params != params:
            return f"layer {index} {kind}: {layer.params} params, Keras {params}"
    return None


def _paired(ours: ModelReport, theirs: list[KerasLayer]) -> list[tuple[LayerReport | None, KerasLayer]]:
    """Each Keras layer with the analysed layer that stands for it (None: not seen)."""
    mapping = align([layer.kind for layer in ours.layers], [kind for kind, _, _ in theirs]) or [None] * len(theirs)
    return [(ours.layers[i] if i is not None else None, keras) for i, keras in zip(mapping, theirs, strict=True)]


def _fully_known(layer: LayerReport | None) -> bool:
    shape = layer.output_shape if layer is not None else UNKNOWN
    return shape is not UNKNOWN and all(d is not UNKNOWN for d in shape)  # type: ignore[union-attr]


def _known(ours: ModelReport, theirs: list[KerasLayer]) -> int:
    return sum(1 for layer, _ in _paired(ours, theirs) if _fully_known(layer))


def check_program(analysis: FileAnalysis, truth: list[dict[str, Any]]) -> ProgramCheck:
    check = ProgramCheck()
    check.alarms = [
        f"{d.span.line + 1}: {d.severity} {d.code} {d.message}"
        for d in analysis.diagnostics if d.severity in ("error", "warning")
    ]
    ours_by_line: dict[int, list[ModelReport]] = {}
    for model in analysis.models:
        ours_by_line.setdefault(model.span.line + 1, []).append(model)
    for line, distinct in sorted(keras_models(truth).items()):
        ours = ours_by_line.get(line, [])
        matches: dict[int, list[ModelReport]] = {i: [] for i in range(len(distinct))}
        for model in ours:
            reasons = [_mismatch(model, theirs) for theirs in distinct]
            if all(reasons):
                check.wrong.append(f"line {line} model {model.name}: {reasons[0]}")
            for i, reason in enumerate(reasons):
                if reason is None:
                    matches[i].append(model)
        for i, theirs in enumerate(distinct):
            best = max(matches[i], key=lambda m: _known(m, theirs), default=None)
            pairs = _paired(best, theirs) if best is not None else [(None, keras) for keras in theirs]
            check.layers += len(theirs)
            for layer, (kind, shape, _) in pairs:
                if _fully_known(layer):
                    check.known += 1
                else:
                    check.unknown_layers.append(f"{line}: {kind} {shape_str(shape)}")
    return check
