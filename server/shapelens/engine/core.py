"""Core layers: Dense, Activation, Embedding, Identity, EinsumDense, Masking, Lambda."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .activations import activated, activation_arg
from .base import Args, Built, InputSpec, LayerError, LayerRule, register, same_shape
from .shapes import UNKNOWN, Shape, _Unknown, cmul, count, shape_str
from .validation import broadcast, check_signature, output_shape, weight_size


@register
class Dense(LayerRule):
    name = "Dense"
    family = "core"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.units = args.positive_int("units", 0)
        self.activation = activation_arg(args, pos=1)
        self.use_bias = args.flag("use_bias", True, pos=2)

    def input_spec(self) -> InputSpec:
        return InputSpec(min_ndim=2)

    def build(self, shape: Shape) -> Built:
        last = shape[-1]
        self.require_defined(last, "last input axis")
        bias = UNKNOWN if self.use_bias is UNKNOWN else (self.units if self.use_bias else 0)
        trainable = count(cmul(last, self.units), bias)
        spec = InputSpec(min_ndim=2, axes={-1: last} if isinstance(last, int) else {})
        out = activated((*shape[:-1], self.units), self.activation)
        return Built(out, trainable, 0, spec)


@register
class Activation(LayerRule):
    name = "Activation"
    family = "activations"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        args.raw("activation", 0)  # required: Keras's Activation() raises a TypeError without it
        self.activation = activation_arg(args, pos=0)

    def build(self, shape: Shape) -> Built:
        return Built(activated(shape, self.activation))


@register
class Embedding(LayerRule):
    name = "Embedding"
    family = "core"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        self.input_dim = args.positive_int("input_dim", 0)
        self.output_dim = args.positive_int("output_dim", 1)

    def build(self, shape: Shape) -> Built:
        return Built((*shape, self.output_dim), cmul(self.input_dim, self.output_dim))


@register
class Identity(LayerRule):
    name = "Identity"
    family = "core"
    dtype_passthrough = True

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)


# ------------------------------------------------------------------------------ EinsumDense

# The three equation forms ``_analyze_einsum_string`` accepts, after "..." becomes "0". Keras
# uses ``re.match``: a prefix match, so text after the output spec is ignored.
_EINSUM_FORMS = (
    (re.compile("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)"), False),
    (re.compile("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)"), True),
    (re.compile("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0"), False),
)


@register
class EinsumDense(LayerRule):
    """``keras.layers.EinsumDense``: ``build`` runs ``_analyze_einsum_string`` on the equation,
    the input shape and ``output_shape``, and so does ``compute_output_shape``; this rule runs
    the same analysis step by step. Its quirks are Keras's: the output keeps a None given in
    ``output_shape`` even where the input knows the size, and with "...ab" the elided axes
    come out in reverse order (the eager call gives the true order)."""

    name = "EinsumDense"
    family = "core"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, (
            "equation", "output_shape", "activation", "bias_axes", "kernel_initializer", "bias_initializer",
            "kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint", "lora_rank",
            "lora_alpha", "gptq_unpacked_column_size", "quantization_config",
        ))
        self.equation = args.raw("equation", 0)
        value = args.raw("output_shape", 1)
        if value is UNKNOWN:
            self.partial: Any = UNKNOWN
        elif isinstance(value, int):
            self.partial = (value,)
        elif isinstance(value, (tuple, list, str)):
            self.partial = tuple(value)
        else:  # tuple(value) raises for None and floats
            raise args.invalid("output_shape", value, "an integer or a tuple of output sizes")
        self.activation = activation_arg(args, pos=2)
        self.bias_axes = args.raw("bias_axes", 3, None)
        self.lora_rank = args.raw("lora_rank", 10, None)
        self.kernel_constraint = args.raw("kernel_constraint", 8, None)
        self._kernel: Any = UNKNOWN
        self._bias: Any = UNKNOWN

    def _parts(self) -> tuple[str, str, str, bool] | _Unknown:
        equation = self.equation
        if equation is UNKNOWN:
            return UNKNOWN
        if not isinstance(equation, str):
            raise self.args.invalid("equation", equation, "a string such as 'ab,bc->ac'")
        text = re.sub(r"\.\.\.", "0", equation)
        for pattern, left in _EINSUM_FORMS:
            match = pattern.match(text)
            if match:
                return match.group(1), match.group(2), match.group(3), left
        raise LayerError(
            "SL106",
            f"EinsumDense(equation={equation!r}) is rejected by Keras: the equation must have the form "
            "'ab,bc->ac', '...b,bc->...c' or 'ab...,bc->ac...'",
            "equation",
        )

    def _equation_error(self, problem: str) -> LayerError:
        return LayerError("SL106", f"EinsumDense(equation={self.equation!r}) is rejected by Keras: {problem}", "equation")

    def build(self, shape: Shape) -> Built:
        parts = self._parts()
        self._kernel = self._bias = UNKNOWN
        if isinstance(parts, _Unknown):
            return Built(UNKNOWN, UNKNOWN, UNKNOWN, InputSpec(ndim=len(shape)))
        in_spec, w_spec, out_spec, left = parts
        # The checks that need only the equation (they raise whatever output_shape holds).
        for dim in out_spec:
            if dim not in in_spec and dim not in w_spec:
                raise self._equation_error(
                    f"output axis '{dim}' appears in neither the input spec '{in_spec}' nor the kernel spec "
                    f"'{w_spec}'"
                )
        for dim in w_spec:
            if dim not in out_spec and dim not in in_spec:
                raise self._equation_error(
                    f"kernel axis '{dim}' appears in neither the input spec '{in_spec}' nor the output spec "
                    f"'{out_spec}'"
                )
        rank = len(shape)
        if len(in_spec) > rank and len(set(in_spec)) == len(in_spec):
            raise LayerError(
                "SL101",
                f"EinsumDense(equation={self.equation!r}) needs an input of rank at least {len(in_spec)} (one "
                f"axis per letter of '{in_spec}'), but gets {rank}-D shape {shape_str(shape)}",
            )
        if isinstance(self.partial, _Unknown):
            self._bias_check(out_spec)
            return Built(UNKNOWN, UNKNOWN, UNKNOWN, InputSpec(ndim=rank))
        elided = rank - len(in_spec)
        out: list[Any] = list(self.partial)
        out.insert(0, shape[0])
        if elided > 0 and left:
            for i in range(1, elided):
                out.insert(1, shape[i])
        elif elided > 0:
            out.extend(shape[rank - elided:])
        if left:
            in_map = {d: i + elided - rank for i, d in enumerate(in_spec)}
            out_map = {d: i + elided for i, d in enumerate(out_spec)}
        else:
            in_map = {d: i for i, d in enumerate(in_spec)}
            out_map = {d: i for i, d in enumerate(out_spec)}

        for dim in in_spec:
            got = self._at(shape, in_map[dim], "input", shape)
            if dim in out_map:
                want = self._at(out, out_map[dim], "output_shape", shape)
                if want is not None and want is not UNKNOWN and got is not UNKNOWN and want != got:
                    raise LayerError(
                        "SL106",
                        f"EinsumDense(output_shape={self.args.raw('output_shape', 1)!r}) gives axis '{dim}' of "
                        f"equation {self.equation!r} size {want!r}, but the input {shape_str(shape)} has "
                        f"{got!r} there; use {got!r} (or None) for that entry",
                        "output_shape",
                    )
        kernel: list[tuple[Any, bool]] = []  # (size, whether it comes from the input)
        for dim in w_spec:
            if dim in out_map:
                kernel.append((self._at(out, out_map[dim], "output_shape", shape), False))
            else:
                kernel.append((shape[in_map[dim]], True))
        bias = self._bias_shape(out_spec, out, elided, left, shape)

        kernel_dims = [k for k, _ in kernel]
        for (size, from_input) in kernel:
            weight_size([size], self.name, "kernel", "output_shape", none_from_input=from_input)
        kernel_size = weight_size(kernel_dims, self.name, "kernel", "output_shape")
        bias_size: Any = 0
        if bias is UNKNOWN:
            bias_size = UNKNOWN
        elif bias is not None:
            bias_size = weight_size(bias, self.name, "bias", "bias_axes", none_from_input=True)
        self._kernel, self._bias = tuple(kernel_dims), bias
        trainable, frozen_kernel = count(kernel_size, bias_size), 0
        lora = self.lora_rank
        if lora is UNKNOWN:
            trainable = frozen_kernel = UNKNOWN
        elif lora:
            if self.kernel_constraint is not None:
                if self.kernel_constraint is UNKNOWN:  # whether enabling LoRA raises is unknown
                    result = output_shape(out, self.name, "output_shape", self.args.raw("output_shape", 1))
                    return Built(activated(result, self.activation), UNKNOWN, UNKNOWN, InputSpec(ndim=rank))
                raise LayerError(
                    "SL106",
                    "EinsumDense(lora_rank=...) cannot be combined with a kernel_constraint: Keras raises "
                    "when it enables LoRA; remove one of them",
                    "lora_rank",
                )
            a = weight_size([*kernel_dims[:-1], lora], self.name, "lora_kernel_a", "lora_rank")
            b = weight_size([lora, kernel_dims[-1]], self.name, "lora_kernel_b", "lora_rank")
            trainable, frozen_kernel = count(a, b, bias_size), kernel_size
        result = output_shape(out, self.name, "output_shape", self.args.raw("output_shape", 1))
        return Built(activated(result, self.activation), trainable, frozen_kernel, InputSpec(ndim=rank))

    def _at(self, dims: Any, index: int, what: str, shape: Shape) -> Any:
        """``dims[index]`` with Python's indexing; an index past the end raises (IndexError)."""
        if -len(dims) <= index < len(dims):
            return dims[index]
        if what == "input":
            raise LayerError(
                "SL101",
                f"EinsumDense(equation={self.equation!r}) indexes an axis the input {shape_str(shape)} does "
                "not have; the input spec must have at most one letter per input axis",
            )
        raise LayerError(
            "SL106",
            f"EinsumDense(output_shape={self.args.raw('output_shape', 1)!r}) has too few entries for the output "
            f"of equation {self.equation!r}: give one size (or None) per output letter after the batch axis",
            "output_shape",
        )

    def _bias_check(self, out_spec: str) -> Any:
        """The checks on ``bias_axes`` that need only the equation. Returns the bias axes (a
        string or sequence), None for no bias, or UNKNOWN."""
        axes = self.bias_axes
        if axes is None or axes is UNKNOWN:
            return axes
        if not isinstance(axes, (str, tuple, list)):
            raise self.args.invalid("bias_axes", axes, "a string of output letters such as 'c'")
        if any(a is UNKNOWN for a in axes):
            return UNKNOWN
        for char in axes:
            if not isinstance(char, str) or char not in out_spec:
                raise LayerError(
                    "SL106",
                    f"EinsumDense(bias_axes={axes!r}) names {char!r}, which is not an output letter of "
                    f"{self.equation!r}; use letters of '{out_spec}'",
                    "bias_axes",
                )
        if not axes:
            raise self.args.invalid("bias_axes", axes, "at least one output letter, or None for no bias")
        return axes

    def _bias_shape(self, out_spec: str, out: list[Any], elided: int, left: bool, shape: Shape) -> Any:
        axes = self._bias_check(out_spec)
        if axes is None or axes is UNKNOWN:
            return axes
        skip = elided if left else 0
        sizes = {c: self._at(out, i + skip, "output_shape", shape) for i, c in enumerate(out_spec)}
        first = min(out_spec.find(c) for c in axes)
        bias = [sizes[c] if c in axes else 1 for c in out_spec[first:]]
        if not left:
            bias.extend([1] * max(elided, 0))
        return tuple(bias)

    def call(self, shape: Shape) -> Shape | _Unknown:
        """The eager ``einsum``: each letter one size across the data and the kernel, the
        ellipsis axes in their own order, then the bias broadcast."""
        equation = self.equation
        if not isinstance(equation, str) or isinstance(self._kernel, _Unknown):
            return UNKNOWN
        if 0 in self._kernel or (isinstance(self._bias, tuple) and 0 in self._bias):
            return UNKNOWN  # TF's einsum and bias_add on empty weights follow no shape rule
        text = equation.replace(" ", "")
        forms = (
            (r"([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", None),
            (r"\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)", "left"),
            (r"([a-zA-Z]+)\.\.\.,([a-zA-Z]+)->([a-zA-Z]+)\.\.\.", "right"),
        )
        found = [(m, kind) for pattern, kind in forms if (m := re.fullmatch(pattern, text))]
        if not found:
            return UNKNOWN
        match, ellipsis = found[0]
        in_spec, w_spec, out_spec = match.groups()
        if len(set(out_spec)) != len(out_spec):
            raise self._call_error(shape, f"the output letters '{out_spec}' repeat one")
        n = len(in_spec)
        if (ellipsis is None and len(shape) != n) or len(shape) < n:
            raise self._call_error(shape, f"the input spec '{in_spec}' does not fit a {len(shape)}-D input")
        if ellipsis == "left":
            extra, named = shape[: len(shape) - n], shape[len(shape) - n:]
        else:
            named, extra = shape[:n], shape[n:]
        sizes: dict[str, Any] = {}
        for letter, size in [*zip(in_spec, named, strict=True), *zip(w_spec, self._kernel, strict=True)]:
            if size is UNKNOWN or size is None:
                sizes.setdefault(letter, size)
                continue
            old = sizes.get(letter, UNKNOWN)
            if old is not UNKNOWN and old is not None and old != size:
                raise self._call_error(shape, f"letter '{letter}' is {old} in one operand and {size} in another")
            sizes[letter] = size
        letters = tuple(sizes.get(c, UNKNOWN) for c in out_spec)
        result: tuple[Any, ...] = (*extra, *letters) if ellipsis == "left" else (*letters, *extra)
        if isinstance(self._bias, tuple):
            result = broadcast(result, self._bias, self.name, "bias")
        return activated(result, self.activation)

    def _call_error(self, shape: Shape, problem: str) -> LayerError:
        return LayerError(
            "SL102",
            f"EinsumDense(equation={self.equation!r}) fails on data of shape {shape_str(shape)}: {problem}",
        )


# ------------------------------------------------------------------------------ Masking, Lambda


@register
class Masking(LayerRule):
    """Keras does not check ``mask_value``; the comparison with the data does, on a call."""

    name = "Masking"
    family = "core"

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("mask_value",))
        self.mask_value = args.raw("mask_value", 0, 0.0)

    def build(self, shape: Shape) -> Built:
        return same_shape(shape)

    def call(self, shape: Shape) -> Shape | _Unknown:
        value = self.mask_value
        if value is None or isinstance(value, str):
            raise LayerError(
                "SL106",
                f"Masking(mask_value={value!r}) fails when data arrives: the data is compared with it; use a "
                "number such as 0.0",
                "mask_value",
            )
        if value is UNKNOWN or isinstance(value, (int, float)):
            return shape
        if isinstance(value, (tuple, list)) and all(isinstance(v, (int, float)) for v in value):
            broadcast(shape, (len(value),), self.name, f"mask_value of length {len(value)}")
            return shape
        return UNKNOWN


@register
class Lambda(LayerRule):
    """An arbitrary function: the output is known from a tuple ``output_shape`` (Keras then never
    runs the function to build the model), or from ``evaluate`` when the analysis can run the
    function (or a callable ``output_shape``) on a symbolic input."""

    name = "Lambda"
    family = "core"
    # Set by whoever can run the function on a symbolic float32 input of a given shape (Keras
    # builds a Lambda that way): its output shape, or UNKNOWN. The engine never runs code itself.
    evaluate: Callable[[Shape], Shape | _Unknown] | None = None

    def __init__(self, args: Args) -> None:
        super().__init__(args)
        check_signature(args, ("function", "output_shape", "mask", "arguments"))
        function = args.raw("function", 0)
        if function is None or isinstance(function, (bool, int, float, complex, str, bytes, tuple, list, dict, set)):
            raise args.invalid("function", function, "a function, e.g. lambda x: x * 2")
        self.output_shape = args.raw("output_shape", 1, None)
        self.arguments = args.raw("arguments", 3, None)

    def build(self, shape: Shape) -> Built:
        value = self.output_shape
        if value is None:
            arguments = self.arguments
            if arguments not in (None, UNKNOWN) and arguments and not isinstance(arguments, dict):
                raise self.args.invalid("arguments", arguments, "a dict of keyword arguments for the function")
            return Built(self.evaluate(shape) if self.evaluate is not None else UNKNOWN)
        if value is UNKNOWN or callable(value):
            # A callable output_shape: Keras reports what it returns for the input shape.
            return Built(self.evaluate(shape) if self.evaluate is not None else UNKNOWN)
        single = self._check_structure(value, top=True)
        if single:
            return Built(output_shape((shape[0], *value), self.name, "output_shape", value))
        return Built(UNKNOWN)  # several outputs

    def _check_structure(self, node: Any, top: bool = False) -> bool:
        """Keras maps ``(batch,) + shape`` over ``output_shape`` (``tree.map_shape_structure``): a
        tuple of ints/None is one shape; other tuples and lists are containers; anything else (a
        number, a list of ints) cannot be added to a tuple and raises. True for a single shape."""
        if node is UNKNOWN:
            return False
        if isinstance(node, (tuple, list)) and all(d is None or d is UNKNOWN or isinstance(d, int) for d in node):
            if isinstance(node, list):
                raise self._structure_error(node)
            output_shape((None, *node), self.name, "output_shape", self.output_shape)
            return top
        if isinstance(node, (tuple, list)):
            for item in node:
                self._check_structure(item)
            return False
        raise self._structure_error(node)

    def _structure_error(self, node: Any) -> LayerError:
        return LayerError(
            "SL106",
            f"Lambda(output_shape={self.output_shape!r}) is rejected by Keras: {node!r} is not a shape tuple "
            "(Keras adds the batch axis to each tuple of sizes); write the output shape without the batch "
            "axis as a tuple, e.g. output_shape=(10,)",
            "output_shape",
        )

    def call(self, shape: Shape) -> Shape | _Unknown:
        if self.output_shape is None and self.evaluate is not None:
            return self.evaluate(shape)
        return UNKNOWN  # what the function does to real data is unknown
