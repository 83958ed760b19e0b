"""pandas frames and sklearn preprocessing, where the code itself says the columns.

``pd.DataFrame({"a": x, "b": y})`` has two columns; ``df.drop(columns=["b"]).values`` is an
(n, 1) array; ``df.pop("label")`` removes a column and returns it; ``StandardScaler()
.fit_transform(x)`` keeps the shape. ``pd.read_csv`` gives rows and columns we cannot see
(unknown) until ``usecols=`` or a column selection names them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ..engine.shapes import UNKNOWN, is_concrete
from . import arrays, datasets, program_values
from .arrays import FLOAT, INT
from .program_values import DictValue
from .values import Array


@dataclass(eq=False)
class Frame:
    """A DataFrame: its column names when known (in order), and its row count when known."""

    columns: list[Any] | None
    length: Any = UNKNOWN
    dtype: Any = UNKNOWN
    # The number of columns when their names are unknown (``columns=`` built by code we do not follow).
    n_columns: Any = UNKNOWN
    # What is known of single columns (dtype, value range), by name.
    known: dict[Any, Series] = field(default_factory=dict)
    # Which set of columns this is when their names are unknown (``pd.read_csv(path)``): frames
    # sharing the token have the same columns, so ``(df - df.mean()) / df.std()`` keeps them.
    # A change of columns in place gives a fresh token.
    token: object = field(default_factory=object)

    @property
    def width(self) -> Any:
        return len(self.columns) if self.columns is not None else self.n_columns

    def array(self) -> Any:
        dtype = self.dtype
        if dtype is UNKNOWN and self.columns and all(c in self.known for c in self.columns):
            dtype = _common_dtype({self.known[c].dtype for c in self.columns})
        return Array((self.length, self.width), dtype)

    def column(self, name: Any) -> Series:
        known = self.known.get(name)
        return Series(self.length, known.dtype, known.value_range) if known is not None else Series(self.length)

    def forget(self) -> None:
        self.columns = None
        self.n_columns = UNKNOWN
        self.dtype = UNKNOWN
        self.known = {}
        self.token = object()

    def same_columns(self, length: Any = UNKNOWN, dtype: Any = UNKNOWN) -> Frame:
        return Frame(None if self.columns is None else list(self.columns), length, dtype, self.n_columns,
                     dict(self.known), self.token)

    def select(self, names: list[Any], length: Any) -> Frame:
        return Frame(names, length, self.dtype, known={n: self.known[n] for n in names if n in self.known})


@dataclass(eq=False)
class Series:
    length: Any = UNKNOWN
    dtype: Any = UNKNOWN
    value_range: tuple[int, int] | None = None
    # The labels of its index when they are a frame's column names (``df.mean()``).
    index: list[Any] | None = None
    # The column token of that frame when its column names are unknown.
    columns_of: object | None = None

    def array(self) -> Array:
        return Array((self.length,), self.dtype, self.value_range)


@dataclass(frozen=True)
class Indexer:
    """``df.iloc`` / ``df.loc`` before the subscript."""

    frame: Frame
    by_position: bool


@dataclass(eq=False)
class Transformer:
    """An sklearn preprocessing object; what ``fit_transform`` returns depends on its kind."""

    kind: str
    kwargs: dict[str, Any] = field(default_factory=dict)


TYPES = (Frame, Series, Indexer, Transformer)

_SAME_SHAPE = frozenset({"StandardScaler", "MinMaxScaler", "MaxAbsScaler", "RobustScaler", "Normalizer",
                         "PowerTransformer", "QuantileTransformer", "Binarizer"})
# Same rows and columns; the first group keeps each column's dtype too.
_FRAME_SAME_DTYPES = frozenset({"copy", "sort_values", "sort_index"})
_FRAME_SAME = _FRAME_SAME_DTYPES | {"fillna", "astype", "abs", "round", "clip", "interpolate", "ffill", "bfill",
                                    "replace", "applymap", "map"}
_COLUMN_REDUCTIONS = frozenset({"mean", "std", "var", "min", "max", "median", "sum"})
_ROWS_UNKNOWN = frozenset({"dropna", "drop_duplicates", "sample", "query"})


def _with_dtype(array: Any, dtype: Any) -> Any:
    if dtype is None or not isinstance(array, Array):
        return array
    return Array(array.shape, dtype if isinstance(dtype, str) else UNKNOWN,
                 array.value_range if isinstance(dtype, str) and "int" in dtype else None)


def _common_dtype(dtypes: set[Any]) -> Any:
    """The dtype of ``df.values`` for columns of these dtypes (pandas upcasts ints with floats)."""
    if len(dtypes) == 1:
        return next(iter(dtypes))
    return "float64" if dtypes <= {"int64", "float64"} else UNKNOWN


def as_array(value: Any) -> Any:
    """What NumPy and Keras make of a frame or a series: a 2-D or 1-D array."""
    return _as_array(value)


def _as_array(value: Any) -> Any:
    if isinstance(value, (Frame, Series)):
        return value.array()
    return value


def call(qualname: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    name = qualname.split(".")[-1]
    if qualname == "pandas.DataFrame":
        return data_frame(args[0] if args else kwargs.get("data"), kwargs.get("columns"))
    if qualname == "pandas.Series":
        data = _as_array(args[0] if args else kwargs.get("data", UNKNOWN))
        if isinstance(data, (list, tuple)):
            return Series(len(data))
        return Series(data.shape[0], data.dtype, data.value_range) if isinstance(data, Array) and data.rank == 1 \
            else UNKNOWN
    if qualname in ("pandas.read_csv", "pandas.read_table", "pandas.read_excel", "pandas.read_parquet"):
        cols = kwargs.get("usecols")
        if cols is None and qualname == "pandas.read_csv" and not (set(kwargs) & {"index_col", "header"}):
            cols = kwargs.get("names")  # names= without a header: exactly these columns
        named = isinstance(cols, (list, tuple)) and all(isinstance(c, str) for c in cols) and len(set(cols)) == len(cols)
        return Frame(list(cols) if named else None)
    if qualname == "pandas.concat":
        return concat(args[0] if args else kwargs.get("objs"), kwargs.get("axis", 0))
    if qualname == "pandas.get_dummies":
        # One column per category present in the data (not knowable here); the rows stay.
        data = args[0] if args else kwargs.get("data")
        return Frame(None, data.length) if isinstance(data, (Frame, Series)) else UNKNOWN
    if qualname.startswith("sklearn.preprocessing.") and name[:1].isupper():
        return Transformer(name, dict(kwargs))
    if name == "train_test_split" and qualname.startswith("sklearn."):
        return train_test_split(args, kwargs)
    if qualname.startswith("pandas."):
        return UNKNOWN
    return NotImplemented


def data_frame(data: Any, columns: Any) -> Any:
    names = list(columns) if isinstance(columns, (list, tuple)) and all(isinstance(c, (str, int)) for c in columns) \
        else None
    if columns is not None and names is None:
        data = _as_array(data)
        if isinstance(data, Array) and data.rank == 2:
            return Frame(None, data.shape[0], data.dtype, data.shape[1])
        return Frame(None)
    if isinstance(data, DictValue) and not data.open:
        lengths = set()
        known: dict[Any, Series] = {}
        for key, value in data.items():
            value = _as_array(value)
            if isinstance(value, (list, tuple)):
                value = arrays.literal(list(value))
            if isinstance(value, Array) and value.rank == 1:
                lengths.add(value.shape[0])
                known[key] = Series(value.shape[0], value.dtype, value.value_range)
            else:
                lengths.add(UNKNOWN)
        length = lengths.pop() if len(lengths) == 1 else UNKNOWN
        keys = list(data.keys())
        if names is not None:
            keys = names  # pandas keeps exactly the named columns (missing ones filled with NaN)
        return Frame(keys, length, known={k: v for k, v in known.items() if k in keys})
    data = _as_array(data)
    if isinstance(data, Array) and data.rank == 2:
        width = data.shape[1]
        if names is not None:
            return Frame(names, data.shape[0], data.dtype) if not is_concrete(width) or width == len(names) \
                else UNKNOWN  # pandas raises: not ours to judge
        return Frame(list(range(width)) if is_concrete(width) else None, data.shape[0], data.dtype, width)
    return Frame(None) if data is not UNKNOWN else UNKNOWN


def concat(objs: Any, axis: Any) -> Any:
    """``pd.concat([a, b])`` (rows: same columns) or ``axis=1`` (columns side by side)."""
    if not isinstance(objs, (list, tuple)) or not objs or not all(isinstance(o, (Frame, Series)) for o in objs):
        return UNKNOWN
    lengths = [o.length for o in objs]
    if axis in (0, "index"):
        if not all(isinstance(o, Frame) and o.columns is not None and o.columns == objs[0].columns for o in objs):
            return Frame(None) if all(isinstance(o, Frame) for o in objs) else UNKNOWN
        total = sum(lengths) if all(is_concrete(n) for n in lengths) else UNKNOWN
        return objs[0].select(list(objs[0].columns), total)
    if axis in (1, "columns") and all(isinstance(o, Frame) for o in objs):
        names = [c for o in objs for c in (o.columns or [])]
        rows = lengths[0] if all(n == lengths[0] and is_concrete(n) for n in lengths) else UNKNOWN
        if any(o.columns is None for o in objs):
            return Frame(None, rows)
        if len(set(names)) != len(names):
            return Frame(None, rows, n_columns=len(names))
        out = Frame(names, rows)
        for o in objs:
            out.known.update(o.known)
        return out
    return UNKNOWN


def _sample_rows(length: Any, kwargs: dict[str, Any]) -> Any:
    """``df.sample(frac=0.8)``: ``round(frac * len)`` rows (pandas), ``n=`` rows; else unknown."""
    n, frac, replace = kwargs.get("n"), kwargs.get("frac"), kwargs.get("replace", False)
    if not isinstance(replace, bool) or (n is not None and frac is not None):
        return UNKNOWN
    if n is None and frac is None:
        n = 1
    if isinstance(n, int) and not isinstance(n, bool) and n >= 0 and is_concrete(length):
        return n if replace or n <= length else UNKNOWN  # more rows than there are: pandas raises
    if isinstance(frac, (int, float)) and not isinstance(frac, bool) and 0 <= frac and is_concrete(length) \
            and (replace or frac <= 1):
        return round(frac * length)
    return UNKNOWN


def columns(frame: Frame) -> Any:
    """``df.items()`` / ``dict(df)``: (name, column) pairs, when the code names the columns."""
    if frame.columns is None or len(set(frame.columns)) != len(frame.columns):
        return UNKNOWN
    return [(name, frame.column(name)) for name in frame.columns]


def length(value: Any) -> Any:
    if isinstance(value, (Frame, Series)):
        return value.length
    return UNKNOWN


def attribute(value: Any, attr: str) -> Any:
    if isinstance(value, Frame):
        if attr == "values":
            return value.array()
        if attr == "shape":
            return (value.length, value.width)
        if attr == "columns":
            return list(value.columns) if value.columns is not None else UNKNOWN
        if attr in ("iloc", "loc"):
            return Indexer(value, attr == "iloc")
        if attr == "T":
            return Frame(None, value.width, value.dtype, value.length)
        if value.columns is not None and attr in value.columns:
            return value.column(attr)
        return NotImplemented
    if isinstance(value, Series):
        if attr == "values":
            return value.array()
        if attr == "shape":
            return (value.length,)
        return NotImplemented
    return NotImplemented


def method(interp: Any, obj: Any, name: str, node: ast.Call, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if isinstance(obj, Transformer):
        return _transform(obj, name, args, kwargs)
    if isinstance(obj, Series):
        if name == "to_numpy":
            return _with_dtype(obj.array(), kwargs.get("dtype", args[0] if args else None))
        out: Any = Series(obj.length) if name in _FRAME_SAME else Series() if name in _ROWS_UNKNOWN else UNKNOWN
        if kwargs.get("inplace", False) is not False:
            obj.length = out.length if isinstance(out, Series) and kwargs["inplace"] is True and \
                program_values.certain(interp) else UNKNOWN
            obj.dtype, obj.value_range = UNKNOWN, None
            return None
        return out
    if not isinstance(obj, Frame):
        return UNKNOWN
    if name == "to_numpy":
        return _with_dtype(obj.array(), kwargs.get("dtype", args[0] if args else None))
    if name == "sample" and not args and set(kwargs) <= {"n", "frac", "random_state", "replace"}:
        return obj.same_columns(_sample_rows(obj.length, kwargs), obj.dtype)
    if name in _FRAME_SAME or name in _ROWS_UNKNOWN or name == "reset_index":
        if name in _FRAME_SAME_DTYPES:
            out = obj.same_columns(obj.length, obj.dtype)
        elif name == "reset_index":
            # Without drop=True the old index becomes a column: not followed.
            out = obj.same_columns(obj.length) if kwargs.get("drop") is True else Frame(None, obj.length)
        elif name in _ROWS_UNKNOWN:
            out = obj.same_columns(UNKNOWN, obj.dtype)
        else:
            out = obj.same_columns(obj.length)
            out.known = {k: Series(v.length) for k, v in out.known.items()}  # dtypes may change
            if name == "astype" and isinstance(args[0] if args else kwargs.get("dtype"), str):
                out.dtype = args[0] if args else kwargs["dtype"]
        inplace = kwargs.get("inplace", False)
        if inplace is False:
            return out
        if inplace is True and program_values.certain(interp):
            obj.columns, obj.length, obj.dtype, obj.n_columns, obj.known = \
                out.columns, out.length, out.dtype, out.n_columns, out.known
        else:
            obj.forget()
            obj.length = UNKNOWN
        return None
    if name == "items" and not args and not kwargs:
        return columns(obj)
    if name in _COLUMN_REDUCTIONS and not args and not kwargs:
        # df.mean(): one value per column, indexed by the column names
        return Series(obj.width, index=list(obj.columns) if obj.columns is not None else None,
                      columns_of=obj.token if obj.columns is None else None)
    if name == "head" or name == "tail":
        n = args[0] if args else kwargs.get("n", 5)
        rows = min(obj.length, n) if is_concrete(obj.length) and is_concrete(n) and n >= 0 else UNKNOWN
        return obj.same_columns(rows, obj.dtype)
    if name == "drop":
        return _drop(interp, obj, args, kwargs)
    if name == "pop" and len(args) == 1:
        certain = program_values.certain(interp)
        if obj.columns is not None and args[0] in obj.columns and certain:
            obj.columns.remove(args[0])
            return obj.column(args[0])
        elif obj.columns is None and is_concrete(obj.n_columns) and certain:
            obj.n_columns -= 1  # pandas raises KeyError when the column is missing
            obj.token = object()
        else:
            obj.forget()
        return Series(obj.length)
    return UNKNOWN


def _drop(interp: Any, frame: Frame, args: list[Any], kwargs: dict[str, Any]) -> Any:
    labels = kwargs.get("columns")
    by_columns = labels is not None
    if not by_columns:
        axis = kwargs.get("axis", args[1] if len(args) > 1 else 0)
        labels = args[0] if args else kwargs.get("labels")
        if axis in (1, "columns"):
            by_columns = True
        elif axis not in (0, "index"):
            return UNKNOWN
    if not by_columns:
        out = frame.same_columns()
    else:
        names = [labels] if isinstance(labels, (str, int)) else list(labels) if isinstance(labels, (list, tuple)) \
            else None
        if frame.columns is None or names is None or not all(n in frame.columns for n in names):
            out = Frame(None, frame.length)  # pandas raises on a missing label: not ours to judge
        else:
            out = frame.select([c for c in frame.columns if c not in names], frame.length)
    if kwargs.get("inplace") is True:
        certain = program_values.certain(interp)
        frame.columns = out.columns if certain else None
        frame.n_columns = out.n_columns if certain else UNKNOWN
        frame.length = out.length if certain else UNKNOWN
        frame.token = object()
        return None
    return out


def binop(left: Any, right: Any) -> Any:
    """``(df - df.mean()) / df.std()``: a frame with a series of its own columns (or a number)
    keeps its columns and rows; other alignments (new columns, row labels) are not followed."""
    frame, other = (left, right) if isinstance(left, Frame) else (right, left)
    if not isinstance(frame, Frame):
        return NotImplemented
    aligned = isinstance(other, Series) and (
        (other.index is not None and other.index == frame.columns)
        or (frame.columns is None and other.columns_of is frame.token))
    number = isinstance(other, (int, float)) and not isinstance(other, bool)
    return frame.same_columns(frame.length) if aligned or number else UNKNOWN


def subscript(interp: Any, base: Any, key_node: ast.expr) -> Any:
    if isinstance(base, Indexer):
        return _indexer(interp, base, key_node)
    if isinstance(base, Frame) and isinstance(key_node, ast.Slice):
        # df[a:b] with integer bounds slices rows by position (pandas does so on every index but a
        # float one); other bounds (labels, values we cannot see) still select rows, never columns.
        parts = [interp.eval(n) if n is not None else None for n in (key_node.lower, key_node.upper, key_node.step)]
        if not all(p is None or (isinstance(p, int) and not isinstance(p, bool)) for p in parts):
            return base.same_columns(UNKNOWN, base.dtype)
        rows = len(range(base.length)[slice(*parts)]) if is_concrete(base.length) else UNKNOWN
        return base.same_columns(rows, base.dtype)
    key = interp.eval(key_node)
    if isinstance(base, Frame):
        if isinstance(key, (str, int)) and not isinstance(key, bool):
            return base.column(key)
        if isinstance(key, list) and all(isinstance(k, (str, int)) for k in key):
            return base.select(list(key), base.length)
        if isinstance(key, Series):  # a boolean row mask
            return base.same_columns()
        return UNKNOWN
    return UNKNOWN


def _indexer(interp: Any, indexer: Indexer, key_node: ast.expr) -> Any:
    frame = indexer.frame
    items = key_node.elts if isinstance(key_node, ast.Tuple) else [key_node]
    if len(items) != 2:
        return UNKNOWN
    rows = _rows(interp, frame, items[0])
    col_node = items[1]
    if isinstance(col_node, ast.Slice):
        lo, hi, step = (interp.eval(n) if n is not None else None for n in (col_node.lower, col_node.upper, col_node.step))
        if indexer.by_position and all(v is None or is_concrete(v) for v in (lo, hi, step)):
            if frame.columns is not None:
                return Frame(frame.columns[slice(lo, hi, step)], rows, frame.dtype)
            width = len(range(frame.n_columns)[slice(lo, hi, step)]) if is_concrete(frame.n_columns) else UNKNOWN
            return Frame(None, rows, frame.dtype, width)
        return Frame(None, rows)  # label slices include their end: not followed
    key = interp.eval(col_node)
    if indexer.by_position and is_concrete(key):
        return Series(rows)
    if not indexer.by_position and isinstance(key, str):
        return Series(rows)
    if isinstance(key, list) and key and all(isinstance(k, int if indexer.by_position else (str, int)) for k in key):
        if indexer.by_position and frame.columns is not None:
            if not all(-len(frame.columns) <= k < len(frame.columns) for k in key):
                return UNKNOWN
            return Frame([frame.columns[k] for k in key], rows, frame.dtype)
        return Frame(list(key), rows) if not indexer.by_position else Frame(None, rows, frame.dtype, len(key))
    return UNKNOWN


def _rows(interp: Any, frame: Frame, node: ast.expr) -> Any:
    if isinstance(node, ast.Slice) and node.lower is None and node.upper is None and node.step is None:
        return frame.length
    if isinstance(node, ast.Slice) and is_concrete(frame.length):
        parts = [interp.eval(n) if n is not None else None for n in (node.lower, node.upper, node.step)]
        if all(p is None or is_concrete(p) for p in parts):
            return len(range(frame.length)[slice(*parts)])
    return UNKNOWN


def delete_column(interp: Any, frame: Frame, key: Any) -> None:
    """``del df["col"]``."""
    if frame.columns is not None and key in frame.columns and program_values.certain(interp):
        frame.columns.remove(key)
        frame.known.pop(key, None)
    else:
        frame.forget()


def set_column(interp: Any, frame: Any, key: Any, value: Any, target: ast.AST) -> None:
    """``df["new"] = ...``: the frame gains a column (replacing one keeps the width)."""
    if not isinstance(frame, Frame):
        return
    certain = program_values.certain(interp)
    if frame.columns is not None and isinstance(key, (str, int)) and certain:
        if key not in frame.columns:
            frame.columns.append(key)
        frame.dtype = UNKNOWN
        column = _as_array(value)
        if isinstance(column, Array) and column.rank == 1:
            frame.known[key] = Series(column.shape[0], column.dtype, column.value_range)
        else:
            frame.known.pop(key, None)
        if isinstance(value, Frame):  # df[["a", "b"]] = other: not followed
            frame.forget()
    else:
        frame.forget()


def _transform(obj: Transformer, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if name == "fit":
        return obj
    if name not in ("fit_transform", "transform", "inverse_transform"):
        return UNKNOWN
    data = _as_array(args[0] if args else kwargs.get("X", kwargs.get("y", UNKNOWN)))
    if not isinstance(data, Array):
        return UNKNOWN
    if obj.kind in _SAME_SHAPE:
        return Array(data.shape, FLOAT) if data.rank == 2 else UNKNOWN  # sklearn rejects 1-D input
    if obj.kind == "LabelEncoder" and name != "inverse_transform":
        return Array(data.shape, INT) if data.rank == 1 else UNKNOWN
    if obj.kind == "OneHotEncoder" and name != "inverse_transform":
        return _one_hot(obj, data)
    return UNKNOWN


def _one_hot(obj: Transformer, data: Array) -> Any:
    """Dense output only; its width is the number of categories, known when the code lists them."""
    sparse = obj.kwargs.get("sparse_output", obj.kwargs.get("sparse", True))
    if sparse is not False or data.rank != 2 or obj.kwargs.get("drop") is not None:
        return UNKNOWN
    categories = obj.kwargs.get("categories", "auto")
    if isinstance(categories, (list, tuple)) and all(isinstance(c, (list, tuple)) for c in categories) \
            and (not is_concrete(data.shape[1]) or len(categories) == data.shape[1]):
        return Array((data.shape[0], sum(len(c) for c in categories)), FLOAT, (0, 1), one_hot=len(categories) == 1)
    if categories == "auto" and data.value_range is not None and is_concrete(data.shape[1]) and \
            data.shape[1] == 1 and data.value_range[0] == 0:
        return UNKNOWN  # the categories actually present: not knowable statically
    return Array((data.shape[0], UNKNOWN), FLOAT, (0, 1))


def train_test_split(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``train_test_split`` over arrays, frames and series: the split keeps each kind."""
    if not args:
        return UNKNOWN
    proxies = [_as_array(a) for a in args]
    out = datasets.train_test_split(proxies, kwargs)
    if not isinstance(out, list):
        # Row counts we cannot see: each piece keeps its other axes.
        if not all(isinstance(a, Array) and a.rank >= 1 and not is_concrete(a.shape[0]) for a in proxies):
            return UNKNOWN
        out = [Array((UNKNOWN, *a.shape[1:]), a.dtype, a.value_range, one_hot=a.one_hot)
               for a in proxies for _ in range(2)]
    result: list[Any] = []
    for i, piece in enumerate(out):
        original = args[i // 2]
        if isinstance(original, Frame):
            result.append(original.same_columns(piece.shape[0], original.dtype))
        elif isinstance(original, Series):
            result.append(Series(piece.shape[0], original.dtype, original.value_range))
        else:
            result.append(piece)
    return result
