"""Differential tests: the shape engine against real Keras (TensorFlow backend, CPU).

Keras is imported once here, quietly. ``--slow`` (or SHAPELENS_SLOW=1) raises the number
of generated configurations per layer; the default run stays well under a few minutes on 2
cores. Hypothesis is derandomized (a fixed seed) so failures reproduce exactly; the settings
are applied per test (``harness.diff_settings``), never as a global profile.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # silences the oneDNN banner
os.environ["KERAS_BACKEND"] = "tensorflow"

import warnings

import keras  # noqa: F401  (imported once, before any test module)
import pytest

from . import harness
from .harness import STATS


def pytest_configure(config: pytest.Config) -> None:
    # ``--slow`` is registered by tests/conftest.py (which also exports SHAPELENS_SLOW=1).
    # Read by harness.diff_settings() when the test modules are imported (after this hook).
    harness.SLOW = bool(config.getoption("--slow", default=False)) or os.environ.get("SHAPELENS_SLOW") == "1"
    # Keras warns about things that are irrelevant here (input_shape= on layers, ...).
    warnings.filterwarnings("ignore", module="keras")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not STATS:
        return
    tr = terminalreporter
    tr.section("differential: configurations compared with Keras")
    width = max(len(kind) for _, kind in STATS)
    tr.write_line(
        f"{'test':<12} {'layer':<{width}} {'configs':>8} {'raising':>8} {'ctor':>6} {'build':>6} "
        f"{'unknown':>8}"
    )
    total = 0
    for (test, kind), s in sorted(STATS.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        total += s.configs
        tr.write_line(
            f"{test:<12} {kind:<{width}} {s.configs:>8} {s.raising:>8} {s.raised_ctor:>6} "
            f"{s.raised_build:>6} {s.unknown:>8}"
        )
    tr.write_line(f"total: {total} configurations")
