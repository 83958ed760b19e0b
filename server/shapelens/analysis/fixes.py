"""Quick fixes: small source edits that turn a diagnosed line into code Keras accepts.

Each builder returns a ``Fix`` or None when the source is not in a shape it can safely edit
(the fix is then simply not offered). Edits keep the user's spelling: the same module prefix
(``layers.``, ``tf.keras.layers.``), the same quote character.
"""

from __future__ import annotations

import ast
import math
import re
from typing import Any

from ..engine.shapes import Shape, is_concrete, shape_str
from .positions import Positions
from .result import Edit, Fix, Span


class Fixer:
    def __init__(self, source: str, positions: Positions) -> None:
        self.source = source
        self.positions = positions

    def text(self, node: ast.AST) -> str | None:
        return self.positions.segment(node)

    def replace(self, node: ast.AST, new: str) -> Edit:
        return Edit(self.positions.span(node), new)

    # ----- model input ---------------------------------------------------------------------

    def trailing_axis(self, decl: ast.AST | None) -> Fix | None:
        """``input_shape=(28, 28)`` -> ``(28, 28, 1)`` for a layer that needs one more axis."""
        if not isinstance(decl, (ast.Tuple, ast.List)):
            return None
        items = [self.text(e) for e in decl.elts]
        if not items or any(i is None for i in items):
            return None
        new = f"({', '.join(items)}, 1)"  # type: ignore[arg-type]
        return Fix(f"Add a trailing axis of size 1: {new}", (self.replace(decl, new),), True)

    # ----- layers --------------------------------------------------------------------------

    def layer_prefix(self, call: ast.Call, kind: str) -> str | None:
        """``layers.`` in ``layers.Dense(...)``; None when the class was imported by name."""
        func = self.text(call.func)
        if func is None or not isinstance(call.func, ast.Attribute):
            return None
        return func[: len(func) - len(call.func.attr)]

    def insert_layer_before(self, call: ast.Call, kind: str, new_layer: str) -> Fix | None:
        """Insert ``new_layer`` (e.g. ``Flatten()``) before the layer built by ``call``."""
        prefix = self.layer_prefix(call, kind)
        if prefix is None:
            return None
        span = self.positions.span(call)
        line = self.positions.lines[span.line]
        before = line[: span.col]
        add = re.match(r"^(\s*)([\w.]+)\.add\($", before)
        if add:  # model.add(layers.Dense(...)): a new statement on the line above
            indent, model = add.groups()
            edit = Edit(Span(span.line, 0, span.line, 0), f"{indent}{model}.add({prefix}{new_layer})\n")
        elif before.strip() == "":
            edit = Edit(Span(span.line, span.col, span.line, span.col), f"{prefix}{new_layer},\n{before}")
        else:
            edit = Edit(Span(span.line, span.col, span.line, span.col), f"{prefix}{new_layer}, ")
        return Fix(f"Insert {prefix}{new_layer} before {kind}", (edit,), True)

    def declare_input(self, call: ast.Call, kind: str, keyword: str, shape_text: str,
                      input_keyword: str = "shape") -> Fix | None:
        """Move ``input_shape=`` off the first layer into a ``keras.Input(shape=...)`` before it
        (``batch_input_shape=`` into ``keras.Input(batch_shape=...)``)."""
        kw = next((k for k in call.keywords if k.arg == keyword), None)
        insert = self.insert_layer_before(call, kind, f"Input({input_keyword}={shape_text})")
        if kw is None or insert is None:
            return None
        items = sorted([*call.args, *(k.value for k in call.keywords)],
                       key=lambda n: (n.lineno, n.col_offset))
        start_kw, end_kw = self.positions.span(kw), self.positions.span(kw.value)
        before = [n for n in items if (n.end_lineno, n.end_col_offset) <= (kw.lineno, kw.col_offset)]
        after = [n for n in items if (n.lineno, n.col_offset) > (kw.value.lineno, kw.value.col_offset)]
        if before:
            prev = self.positions.span(before[-1])
            removal = Span(prev.end_line, prev.end_col, end_kw.end_line, end_kw.end_col)
        elif after:
            nxt = self.positions.span(min(after, key=lambda n: (n.lineno, n.col_offset)))
            owner = next((k for k in call.keywords if k.value is after[0]), None)
            nxt = self.positions.span(owner) if owner is not None else nxt
            removal = Span(start_kw.line, start_kw.col, nxt.line, nxt.col)
        else:
            removal = Span(start_kw.line, start_kw.col, end_kw.end_line, end_kw.end_col)
        title = f"Declare the input with a first layer Input({input_keyword}={shape_text})"
        return Fix(title, (*insert.edits, Edit(removal, "")), False)

    def set_argument(self, call: ast.Call, name: str, pos: int | None, value: str, title: str) -> Fix | None:
        """Replace an argument's value, or add it as a keyword when it is absent."""
        for kw in call.keywords:
            if kw.arg == name:
                return Fix(title, (self.replace(kw.value, value),), True)
        if pos is not None and pos < len(call.args):
            return Fix(title, (self.replace(call.args[pos], value),), True)
        if any(kw.arg is None for kw in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args):
            return None
        last = (call.args + [kw.value for kw in call.keywords])
        if last:
            end = self.positions.span(max(last, key=lambda n: (n.end_lineno or 0, n.end_col_offset or 0)))
            edit = Edit(Span(end.end_line, end.end_col, end.end_line, end.end_col), f", {name}={value}")
        else:
            span = self.positions.span(call)
            open_at = self.positions.lines[span.end_line][: span.end_col].rfind("(")
            if open_at < 0:
                return None
            edit = Edit(Span(span.end_line, open_at + 1, span.end_line, open_at + 1), f"{name}={value}")
        return Fix(title, (edit,), True)

    def string_value(self, node: ast.AST, new: str) -> str:
        """``new`` quoted like the string literal at ``node``."""
        old = self.text(node) or ""
        quote = "'" if old.startswith("'") else '"'
        return f"{quote}{new}{quote}"

    # ----- data ----------------------------------------------------------------------------

    def reshape_to(self, x_node: ast.AST, data: Shape, ref: Shape) -> Fix | None:
        """``x`` -> ``x.reshape((-1, 28, 28, 1))`` when the values per sample match."""
        sample, target = data[1:], ref[1:]
        if not data or not all(is_concrete(d) for d in (*sample, *target)):
            return None
        if math.prod(sample) != math.prod(target):  # type: ignore[arg-type]
            return None
        text = self.text(x_node)
        if text is None:
            return None
        if not isinstance(x_node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
            text = f"({text})"
        new = f"{text}.reshape((-1, {', '.join(str(d) for d in target)}))"
        return Fix(f"Reshape the data to the model input {shape_str(ref)}: {new}", (self.replace(x_node, new),), True)

    def wrap(self, node: ast.AST, template: str, title: str, extra: tuple[Edit, ...] = ()) -> Fix | None:
        text = self.text(node)
        if text is None:
            return None
        new = template.format(text)
        return Fix(title.format(new=new), (*extra, self.replace(node, new)), True)


def keras_prefix(env: dict[str, Any]) -> str | None:
    """How the file can name the ``keras`` package: ``keras`` or ``tf.keras``."""
    from .values import Ref

    for name, value in env.items():
        if isinstance(value, Ref) and value.qualname == "keras":
            return name
    for name, value in env.items():
        if isinstance(value, Ref) and value.qualname == "tensorflow":
            return f"{name}.keras"
    return None
