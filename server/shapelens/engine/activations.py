"""Activation names Keras 3 accepts (``keras.activations.get``) and their effect on shapes, and the
activation layers: ReLU, LeakyReLU, PReLU, ELU, Softmax."""

from __future__ import annotations

from typing import Any

from .base import Args, Built, InputSpec, LayerError, LayerRule, register, same_shape
from .shapes import UNKNOWN, Shape, _Unknown, shape_str
from .validation import LAYER_KWARGS, broadcast, check_signature, weight_size

ACTIVATIONS: frozenset[str] = frozenset(
    {
        "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
        "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
        "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus",
        "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh",
        "tanh_shrink", "threshold",
    }
)


def activation_arg(args: Args, name: str = "activation", pos: int | None = None) -> Any:
    """The activation argument: a known name, None, UNKNOWN, or a callable we cannot see."""
    value = args.raw(name, pos, None)
    if value is None or value is UNKNOWN:
        return value
    if isinstance(value, str):
        if value not in ACTIVATIONS:
            raise LayerError(
                "SL106",
                f"{args.layer}({name}={value!r}) is rejected by Keras: unknown activation; "
                f"use one of {', '.join(sorted(ACTIVATIONS))}",
                name,
            )
        return value
    if isinstance(value, (bool, int, float, complex, bytes, tuple, list, set)):
        # activations.get() returns callables (and deserializes dicts); plain data is rejected.
        raise LayerError(
            "SL106",
            f"{args.layer}({name}={value!r}) is rejected by Keras: an activation must be a name "
            "such as 'relu', a callable, or None",
            name,
        )
    return UNKNOWN


def activated(shape: Shape, activation: Any) -> Shape:
    """``glu`` halves the last axis; we leave that axis unknown rather than guess parity rules."""
    if activation == "glu" and shape:
        return (*shape[:-1], UNKNOWN)
    return shape


# ------------------------------------------------------------------------------ activation layers
# Registered here (imported by core); they follow keras/src/layers/activations/. All of them
# override ``compute_output_shape``, so the symbolic output has the input's shape and the
# layer's compute dtype whatever the input dtype, and Keras never runs ``call`` to build them.


def _non_negative(args: Args, name: str, value: Any, none_ok: bool) -> None:
    """``value < 0`` raises, and so does ``None`` unless allowed; a value that cannot be compared
    with a number (a string, a list) raises a TypeError in Keras. NaN passes."""
    if value is UNKNOWN or (value is None and none_ok):
        return
    if value is None:
        raise args.invalid(name, value, "a non-negative number, not None")
    if not isinstance(value, (int, float)):
        raise args.invalid(name, value, "a non-negative number")
    if value < 0:
        raise args.invalid(name, value, "a non-negative number")


@register
class ReLU(LayerRule):
    name = "ReLU"
    family = "activations"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("max_value", "negative_slope", "threshold"))
        _non_negative(args, "max_value", args.raw("max_value", 0, None), none_ok=True)
        _non_negative(args, "negative_slope", args.raw("negative_slope", 1, 0.0), none_ok=False)
        _non_negative(args, "threshold", args.raw("threshold", 2, 0.0), none_ok=False)

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)


@register
class LeakyReLU(LayerRule):
    """``alpha=`` is the Keras 2 name: Keras 3.15 still takes it (with a deprecation warning),
    and it wins over ``negative_slope``."""

    name = "LeakyReLU"
    family = "activations"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("negative_slope",), LAYER_KWARGS | {"alpha"})
        if "alpha" in args.kwargs:
            _non_negative(args, "alpha", args.kwargs["alpha"], none_ok=False)
        else:
            _non_negative(args, "negative_slope", args.raw("negative_slope", 0, 0.3), none_ok=False)

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)


@register
class PReLU(LayerRule):
    """One learned slope per input value, except along ``shared_axes`` (size 1 there). Keras
    indexes ``param_shape[axis - 1]`` without checks: axis 0 means the last axis, negative
    axes count from the end, and an axis past the end raises."""

    name = "PReLU"
    family = "activations"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes"))
        shared = args.raw("shared_axes", 3, None)
        if shared is None or shared is UNKNOWN:
            self.shared: Any = shared
        elif isinstance(shared, (list, tuple)):
            self.shared = list(shared)
        else:
            self.shared = [shared]
        self._alpha: Any = UNKNOWN

    def build(self, shape: Shape) -> Built:
        rank = len(shape)
        if self.shared is UNKNOWN:
            self._alpha = UNKNOWN
            return Built(shape, UNKNOWN, 0, InputSpec(ndim=rank))
        param: list[Any] = list(shape[1:])
        if self.shared is not None:
            for axis in self.shared:
                if axis is UNKNOWN:
                    param = [UNKNOWN] * len(param)
                    continue
                if not isinstance(axis, int):
                    raise self.args.invalid("shared_axes", self.args.raw("shared_axes", 3), "integers")
                if not -len(param) <= axis - 1 < len(param):
                    raise LayerError(
                        "SL106",
                        f"PReLU(shared_axes={self.args.raw('shared_axes', 3)!r}) names axis {axis}, which "
                        f"the input {shape_str(shape)} does not have; use axes 1 to {rank - 1}",
                        "shared_axes",
                    )
                param[axis - 1] = 1
        size = weight_size(param, self.name, "alpha")
        self._alpha = tuple(param)
        axes: dict[int, int] = {}
        if self.shared and UNKNOWN not in self.shared:
            axes = {i: shape[i] for i in range(1, rank) if i not in self.shared and isinstance(shape[i], int)}
        return Built(shape, size, 0, InputSpec(ndim=rank, axes=axes))

    def call(self, shape: Shape) -> Shape | _Unknown:
        """``relu(x) - alpha * relu(-x)``: the built alpha broadcasts against the data, so data
        of size 1 where alpha is not takes alpha's size."""
        if isinstance(self._alpha, _Unknown):
            return UNKNOWN
        return (shape[0], *broadcast(shape[1:], self._alpha, self.name, "alpha weight"))


@register
class ELU(LayerRule):
    name = "ELU"
    family = "activations"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("alpha",))
        self.alpha = args.raw("alpha", 0, 1.0)  # any value: Keras only uses it in call

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)

    def call(self, shape: Shape) -> Shape | _Unknown:
        """``alpha * (exp(x) - 1)``: alpha must be a number, or a flat sequence that broadcasts."""
        return _scalar_call(self.args, "alpha", self.alpha, shape, "a number")


def _scalar_call(args: Args, name: str, value: Any, shape: Shape, expected: str) -> Shape | _Unknown:
    """A layer argument that meets the data in an elementwise op when the layer is called:
    None or a string raise there, a number is fine, a flat sequence broadcasts on the last axis."""
    if value is UNKNOWN:
        return shape
    if value is None or isinstance(value, (str, bytes)):
        raise LayerError(
            "SL106", f"{args.layer}({name}={value!r}) fails when the layer is called: expected {expected}", name
        )
    if isinstance(value, (int, float)):
        return shape
    if isinstance(value, (tuple, list)) and all(isinstance(v, (int, float)) for v in value):
        return broadcast(shape, (len(value),), args.layer, f"`{name}` of length {len(value)}")
    return UNKNOWN


@register
class Softmax(LayerRule):
    """Keras accepts any ``axis`` when the model is built (the symbolic output is the input
    shape); the softmax itself checks it when data arrives."""

    name = "Softmax"
    family = "activations"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("axis",))
        self.axis = args.raw("axis", 0, -1)

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)

    def call(self, shape: Shape) -> Shape | _Unknown:
        axis = self.axis
        if axis is UNKNOWN or axis is None:
            return shape
        if isinstance(axis, (list, tuple)):
            if len(axis) == 0:
                raise self._bad_axis(shape, "an empty axis list")
            if len(axis) == 1:
                axis = axis[0]
            else:
                seen: set[int] = set()
                for a in axis:
                    if a is UNKNOWN:
                        continue
                    self._check_axis(a, shape)
                    if a % len(shape) in seen:
                        raise self._bad_axis(shape, f"axis {a} twice")
                    seen.add(a % len(shape))
                return shape
        if axis is UNKNOWN:
            return shape
        self._check_axis(axis, shape, bool_ok=True)  # tf.nn.softmax takes True as 1
        return shape

    def _check_axis(self, axis: Any, shape: Shape, bool_ok: bool = False) -> None:
        if not isinstance(axis, int) or (isinstance(axis, bool) and not bool_ok):
            raise self._bad_axis(shape, f"axis {axis!r}, not an integer")
        if not -len(shape) <= axis < len(shape):
            raise self._bad_axis(shape, f"axis {axis}, which it does not have")

    def _bad_axis(self, shape: Shape, problem: str) -> LayerError:
        return LayerError(
            "SL106",
            f"Softmax(axis={self.axis!r}) fails when data of shape {shape_str(shape)} arrives: the softmax "
            f"gets {problem}; use an axis between {-len(shape)} and {len(shape) - 1}",
            "axis",
        )
