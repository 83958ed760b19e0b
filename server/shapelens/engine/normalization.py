"""Normalization layers: BatchNormalization, LayerNormalization, GroupNormalization, UnitNormalization."""

from __future__ import annotations

from typing import Any

from .base import Args, Built, InputSpec, LayerError, LayerRule, register
from .shapes import UNKNOWN, Shape, _Unknown, cmul, count, is_concrete, product, shape_str
from .validation import LAYER_KWARGS, both, broadcast, check_signature, either, negate, truthy, weight_size


@register
class BatchNormalization(LayerRule):
    name = "BatchNormalization"
    family = "normalization"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        axis = args.raw("axis", 0, -1)
        if axis is not UNKNOWN:
            # Keras stores int(axis): 1.0, True and "1" all pass.
            try:
                axis = int(axis) if isinstance(axis, (int, float, str)) else None
            except (ValueError, OverflowError):
                axis = None
            if axis is None:
                raise args.invalid("axis", args.raw("axis", 0, -1), "an integer")
        self.axis = axis
        self.center = args.flag("center", True)
        self.scale = args.flag("scale", True)
        self.renorm = args.flag("renorm", False)

    def build(self, shape: Shape) -> Built:
        if self.axis is UNKNOWN:
            return Built(shape, UNKNOWN, UNKNOWN)
        rank = len(shape)
        if not -rank <= self.axis < rank:
            raise LayerError(
                "SL106",
                f"BatchNormalization(axis={self.axis}) is out of bounds for an input of rank "
                f"{rank}; use an axis in [-{rank}, {rank - 1}]",
                "axis",
            )
        channels = shape[self.axis]
        self.require_defined(channels, f"axis {self.axis}")
        factors = [self.center, self.scale]
        trainable = UNKNOWN if UNKNOWN in factors else cmul(channels, sum(map(int, factors)))
        moving = UNKNOWN if self.renorm is UNKNOWN else (5 if self.renorm else 2)
        spec_axes = {self.axis: channels} if is_concrete(channels) else {}
        return Built(shape, trainable, cmul(channels, moving), InputSpec(ndim=rank, axes=spec_axes))


def _axis_list(args: Args, pos: int | None) -> Any:
    """``axis``: an int (bools are ints) or a list/tuple (kept as a list); anything else raises."""
    axis = args.raw("axis", pos, -1)
    if axis is UNKNOWN or isinstance(axis, int):
        return axis
    if isinstance(axis, (list, tuple)):
        return list(axis)
    raise args.invalid("axis", axis, "an integer or a list of integers")


def _axis_error(layer: str, axis: Any, shape: Shape, when: str = "") -> LayerError:
    rank = len(shape)
    return LayerError(
        "SL106",
        f"{layer}(axis={axis!r}) {when}names an axis that the input {shape_str(shape)} does not have; use "
        f"axes between {-rank} and {rank - 1}",
        "axis",
    )


@register
class LayerNormalization(LayerRule):
    """``gamma`` and ``beta`` span the normalized axes (sorted, repeats kept; none for an empty
    list). ``rms_scaling=True`` (deprecated, still accepted) keeps gamma and drops beta."""

    name = "LayerNormalization"
    family = "normalization"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, (
            "axis", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer", "beta_regularizer",
            "gamma_regularizer", "beta_constraint", "gamma_constraint",
        ), LAYER_KWARGS | {"rms_scaling"})
        self.axis = _axis_list(args, 0)
        rms = truthy(args.kwargs.get("rms_scaling", False))
        self.gamma = either(truthy(args.raw("scale", 3, True)), rms)
        self.beta = both(truthy(args.raw("center", 2, True)), negate(rms))
        self._weights: Any = UNKNOWN

    def _axes(self) -> Any:
        return [self.axis] if isinstance(self.axis, int) else self.axis

    def build(self, shape: Shape) -> Built:
        self._weights = UNKNOWN
        if self.axis is UNKNOWN:
            return Built(shape, UNKNOWN, 0)
        rank = len(shape)
        dims: list[Any] = []
        for axis in self._axes():
            if axis is UNKNOWN:
                dims.append(UNKNOWN)
                continue
            if not isinstance(axis, int):
                raise self.args.invalid("axis", self.axis, "an integer or a list of integers")
            if not -rank <= axis < rank:
                raise _axis_error(self.name, self.axis, shape)
            dims.append(shape[axis])
        if UNKNOWN not in self._axes():  # Keras sorts the axes; with an unknown one the order is unknown
            dims = [shape[a] for a in sorted(self._axes())]
        else:
            dims = [UNKNOWN] * len(dims)
        total: Any = 0
        for exists in (self.gamma, self.beta):
            if exists is False:
                continue
            if exists is UNKNOWN:  # whether Keras creates (and rejects) this weight is unknown
                total = UNKNOWN
                continue
            total = count(total, weight_size(dims, self.name, "gamma/beta"))
        self._weights = tuple(dims)
        return Built(shape, total, 0)

    def call(self, shape: Shape) -> Shape | _Unknown:
        """The eager ``layer_normalization``: moments over the axes of the data, then gamma and
        beta reshaped to (or broadcast against) the data's shape."""
        if isinstance(self._weights, _Unknown) or UNKNOWN in self._axes():
            return UNKNOWN
        rank = len(shape)
        axes = sorted(self._axes())
        seen: set[int] = set()
        for axis in axes:
            if not -rank <= axis < rank:
                raise _axis_error(self.name, self.axis, shape, "fails on real data: it ")
            if axis % rank in seen:
                raise LayerError(
                    "SL106",
                    f"LayerNormalization(axis={self.axis!r}) fails on real data: it normalizes over axis "
                    f"{axis % rank} twice; list each axis once",
                    "axis",
                )
            seen.add(axis % rank)
        if self.gamma is UNKNOWN or self.beta is UNKNOWN:
            return UNKNOWN
        out: tuple[Any, ...] = shape
        target = [1] * rank
        for axis in axes:
            target[axis] = shape[axis]
        for exists in (self.gamma, self.beta):
            if not exists:
                continue
            weight: tuple[Any, ...] = self._weights
            if len(weight) != rank and axes != [rank - 1]:
                size, want = product(weight), product(tuple(target))
                if is_concrete(size) and is_concrete(want) and size != want:
                    raise LayerError(
                        "SL102",
                        f"LayerNormalization fails on data of shape {shape_str(shape)}: its weights of shape "
                        f"{shape_str(weight)} were built for other sizes on axis {self.axis!r}",
                    )
                weight = tuple(target)
            out = broadcast(out, weight, self.name, "gamma/beta weights")
        return out


@register
class GroupNormalization(LayerRule):
    """``groups`` must be a positive int or -1 (one group per channel) in the constructor; the
    build needs a defined channel axis with at least ``groups`` channels, divisible by it."""

    name = "GroupNormalization"
    family = "normalization"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, (
            "groups", "axis", "epsilon", "center", "scale", "beta_initializer", "gamma_initializer",
            "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint",
        ))
        groups = args.raw("groups", 0, 32)
        if groups is not UNKNOWN and (not isinstance(groups, int) or (groups <= 0 and groups != -1)):
            raise args.invalid("groups", groups, "a positive integer, or -1 for one group per channel")
        self.groups = groups
        self.axis = args.raw("axis", 1, -1)
        self.center = truthy(args.raw("center", 3, True))
        self.scale = truthy(args.raw("scale", 4, True))

    def build(self, shape: Shape) -> Built:
        rank = len(shape)
        axis = self.axis
        if axis is UNKNOWN:
            return Built(shape, UNKNOWN, 0)
        if not isinstance(axis, int):
            raise self.args.invalid("axis", axis, "an integer")
        if not -rank <= axis < rank:
            raise _axis_error(self.name, axis, shape)
        dim = shape[axis]
        if dim is None:
            raise LayerError(
                "SL102",
                f"GroupNormalization needs a defined size on axis {axis} of its input to split it into groups, "
                f"but the input is {shape_str(shape)}; give the model input a fixed size there",
            )
        if dim is UNKNOWN:
            return Built(shape, UNKNOWN, 0, InputSpec(ndim=rank))
        groups = dim if self.groups == -1 else self.groups
        if groups is not UNKNOWN:
            if dim < groups or groups == 0 or dim % groups:
                raise LayerError(
                    "SL102",
                    f"GroupNormalization(groups={self.groups}) needs a number of channels (axis {axis}) that is "
                    f"a positive multiple of groups, but the input {shape_str(shape)} has {dim}; use groups "
                    f"that divide {dim}" + (", e.g. groups=1" if dim else ""),
                    "groups",
                )
        flags = [self.center, self.scale]
        trainable = UNKNOWN if UNKNOWN in flags else dim * sum(map(int, flags))  # type: ignore[arg-type]
        return Built(shape, trainable, 0, InputSpec(ndim=rank, axes={axis: dim}))

    def call(self, shape: Shape) -> Shape | _Unknown:
        """The eager call reshapes the channel axis into groups and reduces over a list of axes
        from which it pops ``axis - 1`` (``-2`` for axis -1): that pop fails for axis -rank,
        and for axis -1 on a 1-D input."""
        axis, rank = self.axis, len(shape)
        if isinstance(axis, int) and ((axis == -1 and rank < 2) or (axis != -1 and axis - 1 < -rank)):
            raise LayerError(
                "SL106",
                f"GroupNormalization(axis={axis}) fails when data of shape {shape_str(shape)} arrives: Keras's "
                "group reshaping cannot handle that axis; use a positive axis",
                "axis",
            )
        return self.build(shape).output


@register
class UnitNormalization(LayerRule):
    """Only ``compute_output_shape`` checks the axes (each must compare as in range, so a float
    in a list passes when the model is built; the eager call then rejects it)."""

    name = "UnitNormalization"
    family = "normalization"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("axis",))
        self.axis = _axis_list(args, 0)

    def build(self, shape: Shape) -> Built:
        if self.axis is UNKNOWN:
            return Built(shape)
        rank = len(shape)
        for axis in [self.axis] if isinstance(self.axis, int) else self.axis:
            if axis is UNKNOWN:
                continue
            if not isinstance(axis, (int, float)):
                raise self.args.invalid("axis", self.axis, "an integer or a list of integers")
            if axis >= rank or axis < -rank:
                raise _axis_error(self.name, self.axis, shape)
        return Built(shape)

    def call(self, shape: Shape) -> Shape | _Unknown:
        out = self.build(shape).output
        axes = [self.axis] if isinstance(self.axis, int) else self.axis
        if isinstance(axes, list):
            known = [a for a in axes if a is not UNKNOWN]
            if any(isinstance(a, float) for a in known):
                raise self.args.invalid("axis", self.axis, "integers (the eager normalization rejects floats)")
            if len({a % len(shape) for a in known}) != len(known):
                raise LayerError(
                    "SL106",
                    f"UnitNormalization(axis={self.axis!r}) fails on real data: it lists an axis twice",
                    "axis",
                )
        return out
