"""Shared test settings. ``--slow`` asks the generated (hypothesis) suites for many more cases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# TensorFlow's oneDNN CPU kernels (its default on x86) give undefined results for an input smaller
# than a window: sometimes garbage, sometimes a SIGFPE that kills the test process, where TF's
# reference kernels raise as Keras documents. Keras is the truth here, so the tests use the
# reference kernels. Read when TensorFlow is imported: this runs before any test module does.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow",
        action="store_true",
        default=False,
        help="run many more generated configurations in the differential suite",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--slow"):
        os.environ["SHAPELENS_SLOW"] = "1"
