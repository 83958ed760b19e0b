"""Abstract values the interpreter tracks: references to library names, arrays, layers, models.

Plain Python constants (int, float, str, bool, None, tuples and lists of them) stand for
themselves; ``UNKNOWN`` stands for anything the analysis cannot know.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ..engine import Built, LayerError, LayerRule
from ..engine.shapes import UNKNOWN, Shape, _Unknown
from .result import Span


@dataclass(frozen=True)
class Ref:
    """A library object named by its canonical dotted path (``keras.layers.Dense``)."""

    qualname: str

    def child(self, attr: str) -> Ref:
        from .names import canonical

        return Ref(canonical(f"{self.qualname}.{attr}"))


@dataclass(frozen=True)
class Array:
    """An array whose shape (and maybe dtype and integer value range) is known statically."""

    shape: Shape
    dtype: str | _Unknown = UNKNOWN
    # Inclusive (low, high) bounds of integer values, when known (labels).
    value_range: tuple[int, int] | None = None
    # The variable name the array was last bound to, for messages and fixes.
    name: str | None = None
    # True when it is a one-hot encoding (``to_categorical``).
    one_hot: bool = False
    # True when the values are known to hold fractions (``np.random.rand``, ``normal``): cast to
    # integer class ids or token ids they lose what they hold.
    fractional: bool = False
    # The distribution fractional values are drawn from, when the code says: ("uniform", low,
    # high) or ("normal", mean, std). Cast to class ids, it tells which ids are sure to appear.
    draw: tuple[str, float, float] | None = None
    # Token ids from a tokenizer (TextVectorization in output_mode 'int'): the bound they stay
    # below, what says so (``max_tokens=20000``) and where the tokenizer is made.
    token_ids: tuple[int, str, Span] | None = None

    @property
    def rank(self) -> int:
        return len(self.shape)


@dataclass(frozen=True)
class ForeignFunction:
    """A function from another module, analyzed there (its interpreter) at each call."""

    function: Function
    interpreter: Any


@dataclass(frozen=True)
class ModuleRef:
    """``import config``: the evaluated top level of one of the user's modules."""

    values: Any


@dataclass(frozen=True)
class Pipeline:
    """A ``tf.data.Dataset``: the structure of one element (an ``Array``, a tuple ``(x, y)`` or
    ``(x, y, sample_weight)``, or a dict of them) with the shapes of TensorFlow's ``element_spec``.

    ``batched``: the leading axis of every component is the batch (``.batch()`` was applied).
    ``features``/``labels`` are then one sample's shapes and ``batch`` the batch axis, so that
    ``(batch, *features.shape)`` is what the model receives.
    """

    element: Any
    batched: bool = False
    # How many elements it yields, when the code says (``from_tensor_slices`` of a known
    # array, then ``batch``/``take``...): a loop over it then surely runs (pipelines.py).
    count: Any = UNKNOWN
    # The batch axis of its first element when the spec leaves it None but the code fixes it
    # (``min(batch_size, samples)`` of a batch of known data).
    head: Any = UNKNOWN

    def _part(self, index: int) -> Any:
        value = self.element
        if isinstance(value, tuple):
            if index >= len(value):
                return None
            value = value[index]
        elif index:
            return None
        if self.batched and isinstance(value, Array) and value.shape:
            return Array(value.shape[1:], value.dtype, value.value_range, one_hot=value.one_hot,
                         fractional=value.fractional, draw=value.draw,
                         token_ids=value.token_ids)
        return value if isinstance(value, Array) else UNKNOWN

    @property
    def features(self) -> Any:
        return self._part(0)

    @property
    def labels(self) -> Any:
        return self._part(1)

    @property
    def batch(self) -> Any:
        first = self.element[0] if isinstance(self.element, tuple) and self.element else self.element
        if self.batched and isinstance(first, Array) and first.shape:
            return first.shape[0]
        return None


class ShapeTuple(tuple):  # type: ignore[type-arg]
    """``x.shape``: a tuple that remembers which array it describes."""

    array: Array | None = None
    source: str = ""


@dataclass
class InputTensor:
    """``keras.Input(...)``: a batch shape, or the error Keras raises for the call."""

    batch_shape: Shape | _Unknown
    span: Span
    error: LayerError | None = None
    # The argument that declared the shape, and its value (for fixes and messages).
    decl_node: ast.AST | None = None
    decl_value: Any = None
    dtype: Any = "float32"
    # Set when Keras inserted this input at a deferred build: the call that built the model.
    built_by: str | None = None


@dataclass
class Layer:
    """A layer instance from a constructor call."""

    kind: str
    span: Span
    node: ast.Call
    rule: LayerRule | None = None
    error: LayerError | None = None
    # The model input its input_shape=/input_dim= declares, and the source of that argument.
    legacy_input: Shape | _Unknown | None = None
    legacy_arg: str | None = None
    legacy_node: ast.AST | None = None
    legacy_value: Any = None


@dataclass
class Opaque:
    """A model entry the analysis cannot see into (an unknown layer, a layer added in a loop)."""

    span: Span
    label: str = "?"


@dataclass
class Model:
    """A ``Sequential`` model: its entries in order, and what was compiled into it."""

    span: Span
    name: str | None = None
    entries: list[Any] = field(default_factory=list)
    loss: Any = None
    references: list[Span] = field(default_factory=list)
    # How many loops/branches enclosed its creation: changes made deeper are not followed.
    depth: int = 0
    # Made inside a function of the file: the top-level call that ran it (its span and text);
    # the model's shapes are those of that call's arguments.
    call_site: tuple[Span, str] | None = None


@dataclass
class Alternatives:
    """Layers added on different paths of an ``if``: one list of entries per path."""

    paths: list[list[Any]]
    span: Span


@dataclass
class Function:
    """A function defined in the file, analyzed at each call with the call's arguments."""

    node: ast.FunctionDef | ast.AsyncFunctionDef
    scope: dict[str, Any]
    defaults: dict[str, Any]
    called: bool = False


@dataclass(frozen=True)
class BoundMethod:
    """``obj.method`` before it is called."""

    obj: Any
    name: str


@dataclass
class BuiltModel:
    """A model assembled the way Keras assembles it: input shape and each layer built."""

    model: Model
    input_shape: Shape | _Unknown
    # Each entry: the layer (or Opaque/Model), its Built result (None when unknown).
    steps: list[tuple[Any, Built | None, Span]]
    # The span of the argument that declared the input (for fixes), and its kind.
    input_decl: Span | None = None
    input_from: ShapeTuple | None = None
    # The node of the argument that declared the input (a tuple literal can be fixed).
    input_node: ast.AST | None = None
    # False when nothing declares the input: Keras leaves such a model unbuilt.
    declared: bool = False

    @property
    def output_shape(self) -> Shape | _Unknown:
        if not self.steps:
            return self.input_shape
        built = self.steps[-1][1]
        return built.output if built is not None else UNKNOWN
