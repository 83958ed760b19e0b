"""ShapeLens benchmark: analysis time and memory on generated model files, and the rows of
issue 12's table as ratios against peers measured in the same run.

    .venv/bin/python bench/run.py [--repeat N] [--runs N] [--typing-seconds S] [--quick]

Reproducible: the inputs are generated deterministically here. Prints two Markdown tables
(the analysis table and the side-by-side one, in the README's format) and checks that
analysis never imports TensorFlow, Keras or jedi. Whole-process times are medians of
interleaved runs (bytecode cached by a first run), so a load that comes and goes hits both
sides of a ratio alike.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))

from shapelens.analysis import analyze  # noqa: E402

BLOCK = '''
# --- block {i} ---
x_{i} = np.random.rand(256, 28, 28).astype("float32") / 255.0
y_{i} = np.random.randint(0, NUM_CLASSES, size=(256,))
x_{i} = np.expand_dims(x_{i}, -1)
model_{i} = keras.Sequential(
    [
        keras.Input(shape=IMG),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), padding="same", activation="relu"),
        layers.BatchNormalization(),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(128, activation="relu"),
        layers.Dense(NUM_CLASSES, activation="softmax"),
    ]
)
model_{i}.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model_{i}.fit(x_{i}, y_{i}, batch_size=32, epochs=1)
probs_{i} = model_{i}.predict(x_{i}[0])
seq_{i} = keras.Sequential()
seq_{i}.add(layers.Embedding(1000, 32, input_shape=(80,)))
seq_{i}.add(layers.LSTM(64, return_sequences=True))
seq_{i}.add(layers.GRU(32))
seq_{i}.add(layers.Dense(1, activation="sigmoid"))
'''

HEADER = (
    "import numpy as np\nimport keras\nfrom keras import layers\n\n"
    "NUM_CLASSES = 10\nIMG = (28, 28, 1)\n"
)


def make_file(blocks: int) -> str:
    return HEADER + "".join(BLOCK.format(i=i) for i in range(blocks))


def time_analysis(source: str, repeat: int) -> tuple[float, float]:
    analyze(source)  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        analyze(source)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def peak_memory(source: str) -> float:
    tracemalloc.start()
    analyze(source)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def cli_time() -> float:
    exe = [sys.executable, "-m", "shapelens", "check", "--no-summary", str(ROOT / "examples")]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(exe, capture_output=True, check=False, cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5, help="interleaved whole-process runs per measure")
    parser.add_argument("--typing-seconds", type=float, default=10.0)
    parser.add_argument("--quick", action="store_true", help="only the analysis table")
    args = parser.parse_args()

    rows = []
    for blocks, label in ((6, "typical file"), (60, "large file"), (600, "huge file")):
        source = make_file(blocks)
        lines = source.count("\n")
        repeat = max(3, args.repeat // (blocks // 6))
        median, p95 = time_analysis(source, repeat)
        rows.append((f"{label}, {lines:,} lines, {2 * blocks} models", median, p95, peak_memory(source)))

    heavy = [m for m in ("tensorflow", "keras", "jedi") if m in sys.modules]
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print()
    print("| input | median ms | p95 ms | peak MiB |")
    print("|---|---:|---:|---:|")
    for label, median, p95, mem in rows:
        print(f"| {label} | {median:.1f} | {p95:.1f} | {mem:.1f} |")
    print(f"| `shapelens check examples/` (process start to exit, best of 3) | {cli_time():.0f} | | |")
    print()
    print(f"modules imported by analysis: {', '.join(heavy) if heavy else 'no tensorflow, keras or jedi'}")
    if not args.quick:
        from side_by_side import side_by_side  # only for the full run

        huge = make_file(600)
        per_line = time_analysis(huge, 3)[0] * 1000 / huge.count("\n")
        print()
        side_by_side(make_file, per_line, args.runs, args.typing_seconds)
    return 1 if heavy else 0


if __name__ == "__main__":
    sys.exit(main())
