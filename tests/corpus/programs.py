"""The corpus: realistic programs written in the style of public tutorials and books.

``general/`` holds programs whose models say their input (``Input``/``input_shape``) and are fed
arrays; ``data_built/`` holds programs whose models are built from their data (no ``Input``, built
by ``fit``/a call/``build``) or fed by ``tf.data``, pandas or ``image_dataset_from_directory``.
The issue that asks for this corpus measures the two groups separately.
``expectations.json`` records, per program, the layers Keras builds and how many of them the
analysis knows (a ratchet: fewer fails; more passes and asks for the file to be updated with
``tools/measure_corpus.py --update``), and the programs that are known failures (``xfail``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent
GROUPS = ("general", "data_built")
PROGRAMS = sorted(path for group in GROUPS for path in (CORPUS / group).glob("*.py"))
EXPECTATIONS = CORPUS / "expectations.json"


def program_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def expectations() -> dict[str, dict[str, Any]]:
    return json.loads(EXPECTATIONS.read_text()) if EXPECTATIONS.exists() else {}
