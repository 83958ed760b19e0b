"""Program values: what the analysis follows, and where it must stay unknown (never a guess).

Shapes that feed models are proven against Keras in tests/core/realistic (test_realistic_vs_keras,
test_values_vs_runtime); these cases pin the soundness rules and the spellings.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from shapelens.analysis import Workspace, analyze
from shapelens.engine.shapes import UNKNOWN

HEADER = "import numpy as np\nimport keras\nfrom keras import layers\n"


def run(body: str, **kwargs: Any) -> Any:
    return analyze(HEADER + textwrap.dedent(body), "snippet.py", **kwargs)


def shapes(body: str, **kwargs: Any) -> list[Any]:
    result = run(body, **kwargs)
    assert not [d for d in result.diagnostics if d.severity == "error"], result.diagnostics
    return [layer.output_shape for layer in result.models[0].layers]


def arrays(body: str) -> dict[str, Any]:
    return {a.name: a.shape for a in run(body).arrays}


def test_dict_values_and_exact_mutation() -> None:
    assert shapes("""
        CONFIG = {"hidden": 64, "net": {"units": [32, 16]}}
        CONFIG["hidden"] = 48
        CONFIG.update(out=5)
        base = dict(CONFIG, extra=7)
        m = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(CONFIG["hidden"]),
                              layers.Dense(CONFIG["net"]["units"][-1]), layers.Dense(CONFIG.get("out", 1)),
                              layers.Dense(CONFIG.get("missing", 3)), layers.Dense(base["extra"])])
    """) == [(None, 48), (None, 16), (None, 5), (None, 3), (None, 7)]


def test_dict_changed_on_uncertain_paths_is_unknown() -> None:
    assert shapes("""
        import random
        CONFIG = {"hidden": 64, "out": 2}
        if random.random() > 0.5:
            CONFIG["hidden"] = 128
        alias = CONFIG
        while random.random() > 0.5:
            alias.update(out=3)
        m = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(CONFIG["hidden"]), layers.Dense(alias["out"])])
    """) == [(None, UNKNOWN), (None, UNKNOWN)]


def test_list_grown_in_a_loop_of_unknown_count_is_unknown() -> None:
    # keras-io style: units collected in a loop over data we cannot see; never taken as empty.
    result = run("""
        import sys
        hidden = []
        for arg in sys.argv:
            hidden.append(int(arg))
        m = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(units=len(hidden))])
        counted = []
        for u in (32, 16):
            counted.append(u)
        k = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(len(counted)), layers.Dense(counted[0])])
    """)
    assert not [d for d in result.diagnostics if d.severity == "error"]
    assert [layer.output_shape for layer in result.models[0].layers] == [(None, UNKNOWN)]
    assert [layer.output_shape for layer in result.models[1].layers] == [(None, 2), (None, 32)]


def test_containers_reached_through_attributes_and_keys_grown_in_loops_are_unknown() -> None:
    assert shapes("""
        import sys
        from dataclasses import dataclass, field

        @dataclass
        class Cfg:
            blocks: list = field(default_factory=list)
            sizes: tuple = (4,)

        CONFIG = {"units": [8]}
        cfg = Cfg()
        for arg in sys.argv:
            CONFIG["units"].append(1)
        m = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(len(CONFIG["units"])),
                              layers.Dense(len(cfg.sizes))])
    """) == [(None, UNKNOWN), (None, 1)]


def test_builtins_over_known_sequences() -> None:
    assert shapes("""
        HIDDEN = {"first": 32, "second": 16}
        model = keras.Sequential([keras.Input(shape=(8,))])
        for i, (name, units) in enumerate(zip(HIDDEN, reversed(sorted(HIDDEN.values())))):
            model.add(layers.Dense(units + i, name=f"{name}_{i}"))
        model.add(layers.Dense(sum(HIDDEN.values())))
    """) == [(None, 32), (None, 17), (None, 48)]


def test_module_list_grown_by_a_helper_called_in_an_uncounted_loop_is_unknown() -> None:
    result = run("""
        import sys
        hidden = []

        def add(units):
            hidden.append(units)

        for arg in sys.argv:
            add(int(arg))
        m = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(len(hidden))])
    """)
    assert [d.code for d in result.diagnostics if d.severity == "error"] == []
    assert [layer.output_shape for layer in result.models[0].layers] == [(None, UNKNOWN)]


def test_argparse_defaults_are_not_assumed() -> None:
    # The command line may override a default: a shape or an error resting on it would be a guess.
    result = run("""
        import argparse
        parser = argparse.ArgumentParser()
        parser.add_argument("--units", type=int, default=0)
        args = parser.parse_args()
        m = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(args.units)])
    """)
    assert [d.code for d in result.diagnostics] == []
    assert [layer.output_shape for layer in result.models[0].layers] == [(None, UNKNOWN)]


def test_config_classes() -> None:
    assert shapes("""
        from dataclasses import dataclass, field
        from collections import namedtuple
        from typing import NamedTuple

        @dataclass(frozen=True)
        class Cfg:
            hidden: int = 64
            out: int = field(default=3)

        class Arch(NamedTuple):
            units: int
            depth: int = 2

        class CONST:
            WIDTH = 12
            HALF = WIDTH // 2

        Pair = namedtuple("Pair", "a b", defaults=(4,))
        cfg = Cfg(hidden=32)
        arch = Arch(10)
        m = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(cfg.hidden), layers.Dense(Cfg().out),
                              layers.Dense(arch.units * arch.depth), layers.Dense(CONST.HALF),
                              layers.Dense(Pair(1).b), layers.Dense(arch[1])])
    """) == [(None, 32), (None, 3), (None, 20), (None, 6), (None, 4), (None, 2)]


def test_plain_subclass_of_a_dataclass_keeps_the_parents_defaults() -> None:
    # Python: the parent's generated __init__ sets hidden=48; the subclass's value is a class attribute.
    assert shapes("""
        from dataclasses import dataclass

        @dataclass
        class Base:
            hidden: int = 48

        class Big(Base):
            hidden: int = 128

        @dataclass
        class Wide(Base):
            hidden: int = 96

        m = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(Big().hidden), layers.Dense(Big.hidden),
                              layers.Dense(Wide().hidden)])
    """) == [(None, 48), (None, 128), (None, 96)]


def test_config_classes_that_compute_their_fields_are_unknown() -> None:
    assert shapes("""
        from dataclasses import dataclass

        @dataclass
        class Cfg:
            hidden: int = 64
            def __post_init__(self):
                self.hidden *= 2

        class Plain:
            units = 8
            def grow(self):
                self.units = 16

        p = Plain()
        p.grow()
        loaded = Plain()
        for key, value in vars(Plain).items():
            setattr(loaded, key, value)
        exact = Plain()
        setattr(exact, "units", 5)
        m = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(Cfg().hidden), layers.Dense(p.units),
                              layers.Dense(loaded.units), layers.Dense(exact.units)])
    """) == [(None, UNKNOWN), (None, UNKNOWN), (None, UNKNOWN), (None, 5)]


def test_star_imports_and_keras_spellings() -> None:
    result = analyze(textwrap.dedent("""
        import tensorflow.compat.v1 as tf
        from tensorflow.keras.layers import *
        from keras.models import *
        m = Sequential([Input(shape=(4,)), Dense(3), tf.keras.layers.Dense(2)])
    """), "snippet.py")
    assert [layer.output_shape for layer in result.models[0].layers] == [(None, 3), (None, 2)]


def test_image_data_format_branch_follows_the_files_format() -> None:
    body = """
        from keras import backend as K
        {setting}
        if K.image_data_format() == "channels_first":
            shape = (1, 28, 28)
        else:
            shape = (28, 28, 1)
        m = keras.Sequential([keras.Input(shape=shape), layers.Conv2D(4, 3)])
    """
    assert shapes(body.format(setting="")) == [(None, 26, 26, 4)]
    first = body.format(setting='keras.config.set_image_data_format("channels_first")')
    assert shapes(first) == [(None, 4, 26, 26)]


def test_numpy_generators_and_joins() -> None:
    got = arrays("""
        rng = np.random.default_rng(0)
        a = rng.normal(size=(10, 3))
        labels = rng.integers(0, 5, size=(10,))
        both = np.concatenate([a, a], axis=1)
        cols = np.column_stack([labels, labels])
        halves = np.split(a, 2)
        top = halves[0]
        kept = a[labels == 1]
        avg = a.mean(axis=-1, keepdims=True)
        picked = rng.choice(a, size=4)
    """)
    assert got["a"] == (10, 3) and got["labels"] == (10,) and got["both"] == (10, 6)
    assert got["cols"] == (10, 2) and got["top"] == (5, 3) and got["kept"] == (UNKNOWN, 3)
    assert got["avg"] == (10, 1) and got["picked"] == (4, 3)


def test_integers_value_range_reaches_the_label_check() -> None:
    result = run("""
        rng = np.random.default_rng(0)
        x = rng.random((20, 4))
        y = rng.integers(0, 5, size=20)
        m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation="softmax")])
        m.compile(loss="sparse_categorical_crossentropy")
        m.fit(x, y)
    """)
    assert "SL203" in [d.code for d in result.diagnostics]


def test_frames_from_files_stay_unknown_until_the_code_names_the_columns() -> None:
    got = arrays("""
        import pandas as pd
        from sklearn.preprocessing import OneHotEncoder
        raw = pd.read_csv("data.csv")
        anything = raw.values
        picked = raw[["a", "b", "c"]].values
        few = pd.read_csv("data.csv", usecols=["x", "y"]).to_numpy()
        dense = OneHotEncoder(sparse_output=False).fit_transform(picked)
        listed = OneHotEncoder(sparse_output=False, categories=[["r", "g"], ["s", "m", "l"]]).fit_transform(few)
        named = pd.read_csv("auto-mpg.data", names=["mpg", "cylinders", "weight", "origin"], sep=" ")
        label = named.pop("mpg")
        as_numpy = np.array(named)
    """)
    assert got["anything"] == (UNKNOWN, UNKNOWN)
    assert got["picked"] == (UNKNOWN, 3)
    assert got["few"] == (UNKNOWN, 2)
    assert got["dense"] == (UNKNOWN, UNKNOWN)
    assert got["listed"] == (UNKNOWN, 5)
    assert got["as_numpy"] == (UNKNOWN, 3)


def test_dicts_from_other_modules_are_copies(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text('CONFIG = {"units": 16}\n')
    train = tmp_path / "train.py"
    text = textwrap.dedent("""
        import keras
        from settings import CONFIG
        CONFIG["units"] = 99
        m = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(CONFIG["units"])])
    """)
    workspace = Workspace(tmp_path)
    first = analyze(text, str(train), workspace=workspace)
    again = analyze(text.replace('CONFIG["units"] = 99\n', ""), str(train), workspace=workspace)
    assert first.models[0].layers[0].output_shape == (None, 99)
    assert again.models[0].layers[0].output_shape == (None, 16)
    through_module = text.replace("from settings import CONFIG", "import settings as S").replace("CONFIG[", "S.CONFIG[")
    assert analyze(through_module, str(train), workspace=workspace).models[0].layers[0].output_shape == (None, 99)


def test_functions_never_called_do_not_change_module_values(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(
        'HIDDEN = [32]\nCONFIG = {"units": 16}\n\ndef tweak():\n    HIDDEN.append(8)\n    CONFIG["units"] = 1\n')
    train = tmp_path / "train.py"
    text = textwrap.dedent("""
        import keras
        from settings import HIDDEN, CONFIG
        m = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(len(HIDDEN)),
                              keras.layers.Dense(CONFIG["units"])])
    """)
    result = analyze(text, str(train), workspace=Workspace(tmp_path))
    assert [layer.output_shape for layer in result.models[0].layers] == [(None, 1), (None, 16)]


def test_matrix_products_and_like_constructors() -> None:
    got = arrays("""
        a = np.ones((1, 4))
        b = np.ones((4, 1))
        outer = b @ a
        inner = a @ b
        vec = np.dot(np.ones((5, 3)), np.ones(3))
        batched = np.ones((2, 1, 5, 3)) @ np.ones((4, 3, 2))
        same = np.full_like(a, 7)
    """)
    assert got["outer"] == (4, 4) and got["inner"] == (1, 1) and got["vec"] == (5,)
    assert got["batched"] == (2, 4, 5, 2) and got["same"] == (1, 4)


def test_padding_and_iterating_a_dicts_keys() -> None:
    got = arrays("""
        x = np.ones((2, 5, 5))
        a = np.pad(x, 1)
        b = np.pad(x, (1, 2))
        c = np.pad(x, ((0, 0), (2, 2), (1, 1)))
        d = np.pad(x, ((1, 2),))
    """)
    assert (got["a"], got["b"], got["c"], got["d"]) == ((4, 7, 7), (5, 8, 8), (2, 9, 7), (5, 8, 8))
    assert shapes("""
        BLOCKS = {16: "relu", 8: "tanh"}
        m = keras.Sequential([keras.Input(shape=(4,))])
        for units in BLOCKS:
            m.add(layers.Dense(units, activation=BLOCKS[units]))
    """) == [(None, 16), (None, 8)]


def test_frames_changed_in_place() -> None:
    result = run("""
        import pandas as pd
        df = pd.DataFrame({"a": np.zeros(10), "b": np.arange(10), "c": np.ones(10)})
        df.dropna(inplace=True)
        rows_unknown = df.values
        del df["a"]
        two = df.to_numpy()
        narrow = df.astype("float32").values
        with_index = df.reset_index().values
        same = df.reset_index(drop=True).values
        d = {"units": 4, "extra": 9}
        del d["extra"]
        m = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(d.get("extra", 3))])
    """)
    got = {a.name: (a.shape, a.dtype) for a in result.arrays}
    assert got["rows_unknown"] == ((UNKNOWN, 3), "float64")
    assert got["two"] == ((UNKNOWN, 2), "float64")
    assert got["narrow"] == ((UNKNOWN, 2), "float32")
    assert got["with_index"][0] == (UNKNOWN, UNKNOWN)
    assert got["same"][0] == (UNKNOWN, 2)
    assert [layer.output_shape for layer in result.models[0].layers] == [(None, 3)]


def test_numpy_prod_of_a_shape() -> None:
    # int(np.prod(shape)) is exact; np.prod(...) itself is an np.int64, which Dense rejects in
    # Keras 3 (units must be a Python int): that Dense is not known, never a guess.
    assert shapes("""
        shape = (7, 5)
        m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(int(np.prod(shape))),
                              layers.Reshape(shape), layers.Dense(np.prod(shape))])
    """) == [(None, 35), (None, 7, 5), (None, 7, UNKNOWN)]


def test_joined_strings_make_a_string_array() -> None:
    assert arrays("""
        words = np.array(["a", "b"])
        texts = [" ".join(words) for _ in range(6)]
        t = np.array(texts)
        u = np.array([w.strip() for w in texts])  # not a str by syntax: unknown items
    """) == {"words": (2,), "t": (6,)}


def test_plain_class_instances() -> None:
    # __init__ on a fresh object, methods with self bound, properties; a mutation on an uncertain
    # path, a base class or a decorated method makes the value unknown, never a guess.
    assert shapes("""
        class Settings:
            def __init__(self, units, extra=None):
                self.units = units
                self.double = units * 2
                if extra is not None:
                    self.extra = extra

            @property
            def wide(self):
                return self.double + 1

            def head(self, n):
                return layers.Dense(n + self.units)

            @staticmethod
            def fixed():
                return 3

        class Derived(Settings):
            pass

        s = Settings(4)
        t = Settings(5)
        for _ in range(np.random.randint(3)):
            t.units = 9
        m = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(s.units), layers.Dense(s.wide),
                              s.head(1), layers.Dense(t.units), layers.Dense(Derived(2).units),
                              layers.Dense(s.fixed())])
    """) == [(None, 4), (None, 9), (None, 5), (None, UNKNOWN), (None, UNKNOWN), (None, UNKNOWN)]


def test_frame_row_slices_and_column_statistics() -> None:
    # pandas: df[a:b] slices rows by position; (df - df.mean()) / df.std() aligns the statistics
    # on the frame's own columns. A series of other labels (a column) would add columns: unknown.
    assert arrays("""
        import pandas as pd
        df = pd.DataFrame(np.zeros((30, 4)), columns=["a", "b", "c", "d"])
        n = len(df)
        train = df[0:int(n * 0.7)]
        rest = df[int(n * 0.7):]
        scaled = (train - train.mean()) / train.std()
        x = np.array(scaled)
        y = np.array(rest * 2.0)
        z = np.array(train - df["a"])
    """) == {"x": (21, 4), "y": (9, 4)}


def test_plain_class_with_hidden_mutation_is_not_followed() -> None:
    # A classmethod or self.__dict__ may change what instances hold: such classes stay unknown.
    assert shapes("""
        class A:
            def __init__(self, units):
                self.units = units

            @classmethod
            def small(cls):
                return cls(2)

        class B:
            def __init__(self, units, **extra):
                self.units = units
                self.__dict__.update(extra)

        m = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(A(4).units), layers.Dense(B(4, width=5).units)])
    """) == [(None, UNKNOWN), (None, UNKNOWN)]
