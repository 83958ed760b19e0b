"""Run corpus programs in real Keras, all in one process (one TensorFlow import), and write the
Sequential models each built as JSON:

    python -m tests.corpus.keras_run OUT.json PROGRAM.py...

Only the project's own corpus programs are run here, never user code. ``keras.datasets`` loaders
are replaced by random arrays of the documented shapes (fewer samples: no layer shape depends on
the sample count), so a program may call ``load_data()`` exactly as the tutorials do and still
never download anything.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

TRAIN, TEST = 96, 32  # samples per split returned by the fake loaders


def _images(shape: tuple[int, ...], classes: int, label_shape: tuple[int, ...]) -> Any:
    import numpy as np

    rng = np.random.default_rng(0)

    def split(n: int) -> tuple[Any, Any]:
        x = rng.integers(0, 256, size=(n, *shape), dtype="uint8")
        return x, rng.integers(0, classes, size=(n, *label_shape), dtype="uint8")

    return lambda *args, **kwargs: (split(TRAIN), split(TEST))


def _sequences(classes: int) -> Any:
    import numpy as np

    rng = np.random.default_rng(0)

    def load(*args: Any, num_words: int | None = None, **kwargs: Any) -> Any:
        top = num_words or 1000

        def split(n: int) -> tuple[Any, Any]:
            x = np.empty(n, dtype=object)
            for i in range(n):
                x[i] = [1, *rng.integers(2, top, size=int(rng.integers(20, 300))).tolist()]
            return x, rng.integers(0, classes, size=(n,)).astype("int64")

        return split(TRAIN), split(TEST)

    return load


def _boston(*args: Any, **kwargs: Any) -> Any:
    import numpy as np

    rng = np.random.default_rng(0)
    return ((rng.random((TRAIN, 13)), rng.random(TRAIN) * 50), (rng.random((TEST, 13)), rng.random(TEST) * 50))


@contextlib.contextmanager
def fake_datasets() -> Any:
    """``keras.datasets.*.load_data`` returning random arrays of the documented shapes."""
    import keras

    fakes = {
        "mnist": _images((28, 28), 10, ()),
        "fashion_mnist": _images((28, 28), 10, ()),
        "cifar10": _images((32, 32, 3), 10, (1,)),
        "cifar100": _images((32, 32, 3), 100, (1,)),
        "imdb": _sequences(2),
        "reuters": _sequences(46),
        "boston_housing": _boston,
    }
    saved = {name: getattr(keras.datasets, name).load_data for name in fakes}
    for name, fake in fakes.items():
        getattr(keras.datasets, name).load_data = fake
    try:
        yield
    finally:
        for name, loader in saved.items():
            getattr(keras.datasets, name).load_data = loader


def run_program(path: Path) -> dict[str, Any]:
    """One program in a fresh namespace and a scratch directory: its models, or what it raised."""
    import keras

    from tests.core.keras_truth import sequential_instances

    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    keras.config.set_image_data_format("channels_last")
    keras.config.set_dtype_policy("float32")
    start = time.perf_counter()
    cwd = os.getcwd()
    error = None
    models: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch, fake_datasets():
        os.chdir(scratch)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                models = sequential_instances(path)
        except Exception as exc:  # a corpus program must run; the test reports this
            error = f"{type(exc).__name__}: {str(exc)[:500]}"
        finally:
            os.chdir(cwd)
    return {"models": models, "error": error, "seconds": round(time.perf_counter() - start, 2)}


def main(argv: list[str]) -> None:
    out, programs = Path(argv[0]), [Path(p).resolve() for p in argv[1:]]
    results = {str(path): run_program(path) for path in programs}
    out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])


def run_all(programs: list[Path], processes: int = 2) -> dict[str, dict[str, Any]]:
    """Per program path, ``run_program``: the programs split over a few subprocesses (one
    TensorFlow import each; the machine has two cores) that run theirs one after the other."""
    import subprocess

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        outs = [Path(scratch) / f"truth{i}.json" for i in range(processes)]
        running = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.corpus.keras_run", str(out), *map(str, programs[i::processes])],
                cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            for i, out in enumerate(outs)
            if programs[i::processes]
        ]
        for process in running:
            if process.wait(timeout=1200) != 0:
                raise RuntimeError(f"the Keras runner failed: {process.args}")
        for out in outs:
            if out.exists():
                results.update(json.loads(out.read_text()))
    return results
