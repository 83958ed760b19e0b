"""Names from the user's other modules, resolved statically and cached."""

from __future__ import annotations

import os
import time
from pathlib import Path

from shapelens.analysis import Workspace, analyze
from shapelens.engine.shapes import UNKNOWN


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


FILES = {
    "config.py": "IMG_SIZE = (28, 28, 1)\nNUM_CLASSES = 10\nHIDDEN = [64, 32]\n",
    "models.py": (
        "import keras\nfrom keras import layers\nfrom config import IMG_SIZE\n\n"
        "def build_model(n_classes, input_shape=IMG_SIZE):\n"
        "    model = keras.Sequential([keras.Input(shape=input_shape), layers.Conv2D(8, 3), layers.Flatten(),\n"
        "                              layers.Dense(n_classes, activation='softmax')])\n"
        "    return model\n\n"
        "def head(units):\n"
        "    return [layers.Dense(units), layers.Dense(1)]\n"
    ),
}


def test_constants_and_helpers_from_other_modules(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    train = tmp_path / "train.py"
    train.write_text(
        "import numpy as np\nimport keras\nimport config as C\n"
        "from config import NUM_CLASSES, HIDDEN\nfrom models import build_model, head\n"
        "model = build_model(NUM_CLASSES)\n"
        "x = np.zeros((16, 28, 28, 1))\n"
        "model.predict(x[0])\n"
        "mlp = keras.Sequential([keras.Input(shape=(C.IMG_SIZE[0],)), keras.layers.Dense(HIDDEN[0]), *head(4)])\n"
    )
    workspace = Workspace(tmp_path)
    result = analyze(train.read_text(), str(train), workspace=workspace)
    by_line = {m.span.line + 1: m for m in result.models}
    model = by_line[6]  # reported where the helper is called
    assert [(layer.kind, layer.output_shape, layer.span.line + 1) for layer in model.layers] == [
        ("Conv2D", (None, 26, 26, 8), 6), ("Flatten", (None, 5408), 6), ("Dense", (None, 10), 6),
    ]
    assert [layer.output_shape for layer in by_line[9].layers] == [(None, 64), (None, 4), (None, 1)]
    assert [(d.span.line + 1, d.code) for d in result.diagnostics] == [(8, "SL301")]
    assert workspace.jedi_lookups == 0  # plain layouts need no jedi


def test_errors_inside_a_helper_are_shown_at_the_call(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    train = tmp_path / "train.py"
    train.write_text("from models import build_model\n\nmodel = build_model(10, input_shape=(28, 28))\n")
    result = analyze(train.read_text(), str(train), workspace=Workspace(tmp_path))
    assert [(d.span.line + 1, d.code) for d in result.diagnostics] == [(3, "SL101")]


def test_relative_imports_in_a_package(tmp_path: Path) -> None:
    write(tmp_path, {"pkg/__init__.py": "", "pkg/settings.py": "UNITS = 7\n"})
    train = tmp_path / "pkg" / "train.py"
    train.write_text("import keras\nfrom .settings import UNITS\n"
                     "m = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(UNITS)])\n")
    result = analyze(train.read_text(), str(train), workspace=Workspace(tmp_path))
    assert result.models[0].layers[0].output_shape == (None, 7)


def test_cache_refreshes_when_the_module_changes(tmp_path: Path) -> None:
    write(tmp_path, {"config.py": "UNITS = 3\n"})
    train = tmp_path / "train.py"
    train.write_text("import keras\nfrom config import UNITS\n"
                     "m = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(UNITS)])\n")
    workspace = Workspace(tmp_path)
    assert analyze(train.read_text(), str(train), workspace=workspace).models[0].layers[0].output_shape == (None, 3)
    (tmp_path / "config.py").write_text("UNITS = 5\n")
    later = time.time() + 5
    os.utime(tmp_path / "config.py", (later, later))
    assert analyze(train.read_text(), str(train), workspace=workspace).models[0].layers[0].output_shape == (None, 5)


def test_without_a_workspace_imported_names_are_unknown(tmp_path: Path) -> None:
    write(tmp_path, {"config.py": "UNITS = 3\n"})
    source = "import keras\nfrom config import UNITS\nm = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(UNITS)])\n"
    result = analyze(source, str(tmp_path / "train.py"))
    assert result.models[0].layers[0].output_shape == (None, UNKNOWN)
    assert result.diagnostics == []


def test_import_cycles_and_broken_modules(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": "from b import Y\nX = 1\n", "b.py": "from a import X\nY = 2\n", "bad.py": "def (:\n"})
    train = tmp_path / "train.py"
    train.write_text("from a import X\nfrom bad import Z\nimport keras\n"
                     "m = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(X)])\n")
    result = analyze(train.read_text(), str(train), workspace=Workspace(tmp_path))
    assert result.models[0].layers[0].output_shape == (None, 1)
    assert result.diagnostics == []


def test_outside_the_workspace_is_never_read(tmp_path: Path) -> None:
    inside, outside = tmp_path / "ws", tmp_path / "elsewhere"
    write(outside, {"secret.py": "UNITS = 3\n"})
    write(inside, {"train.py": "from secret import UNITS\n"})
    workspace = Workspace(inside, use_jedi=False)
    assert workspace.locate("secret", 0, str(inside / "train.py")) is None
