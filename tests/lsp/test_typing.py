"""Typing in a large file: the server publishes intermediate results while the keystrokes go
on (a max-wait on the debounce), never an older result after a newer one, and the final
version once typing stops.

No wall-clock thresholds: the test types until it sees the intermediate publications (or
gives up after many keystrokes), so a loaded machine makes it slower, not flaky. The server
is started with a short max-wait (an initialization option meant for tests)."""

from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import CONFIG, TIMEOUT, _start, change_doc, diagnostics_for, hover_at, open_doc, publications

pytestmark = pytest.mark.timeout(180)

BLOCK = """
x_{i} = np.random.rand(64, 28, 28, 1).astype("float32")
y_{i} = np.random.randint(0, 10, size=(64,))
model_{i} = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(8, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ]
)
model_{i}.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model_{i}.fit(x_{i}, y_{i}, epochs=1)
probs_{i} = model_{i}.predict(x_{i}[0])
"""
BLOCKS = 250  # about 4,000 lines
KEYSTROKE = 0.05
MAX_KEYSTROKES = 800
WANTED = 2  # intermediate publications to see while typing


def big_file() -> str:
    return "import numpy as np\nimport keras\nfrom keras import layers\n" + "".join(
        BLOCK.format(i=i) for i in range(BLOCKS)
    )


@pytest_lsp.fixture(config=CONFIG)
async def typing_client(lsp_client: LanguageClient):
    await _start(lsp_client, "visual-studio-code", {"debounce": {"maxWait": 0.3}})
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_publishes_while_typing_on_a_large_file(typing_client: LanguageClient, tmp_path):
    client = typing_client
    text = big_file()
    uri = (tmp_path / "big.py").as_uri()
    open_doc(client, uri, text, 1)
    first = await diagnostics_for(client, uri, 1, timeout=120)
    assert first, "the generated file has predict() mistakes to report"

    version = 1
    during: list[types.PublishDiagnosticsParams] = []
    for _ in range(MAX_KEYSTROKES):
        version += 1
        text += "#" if version % 7 else "\n"
        change_doc(client, uri, text, version)
        await asyncio.sleep(KEYSTROKE)
        during = [p for p in publications(client, uri) if 1 < p.version < version]
        if len(during) >= WANTED:
            break
    assert len(during) >= WANTED, f"{version - 1} keystrokes, no publication while typing"
    # The last result stays on screen: the intermediate ones carry the file's diagnostics.
    assert all(len(p.diagnostics) == len(first) for p in during)

    final = await diagnostics_for(client, uri, version, timeout=120)
    assert len(final) == len(first)
    versions = [p.version for p in publications(client, uri)]
    assert versions == sorted(versions), "an older result was published after a newer one"
    assert versions[-1] == version


@pytest_lsp.fixture(config=CONFIG)
async def eager_client(lsp_client: LanguageClient):
    await _start(lsp_client, "visual-studio-code", {"debounce": {"delay": 0}})
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)


async def test_other_documents_answer_while_a_large_one_is_analyzed(eager_client: LanguageClient, tmp_path):
    """A hover in a small file that was just edited is answered from its last analysis while
    the worker analyzes a large file, not after it."""
    client = eager_client
    big_uri, small_uri = (tmp_path / "big.py").as_uri(), (tmp_path / "small.py").as_uri()
    big = big_file() * 6  # the same models again: about 24,000 lines (seconds of analysis)
    small = BLOCK.format(i=0)
    open_doc(client, big_uri, big, 1)
    open_doc(client, small_uri, "import numpy as np\nimport keras\nfrom keras import layers\n" + small, 1)
    await diagnostics_for(client, big_uri, 1, timeout=120)
    await diagnostics_for(client, small_uri, 1, timeout=120)

    # Edited at its top: no checkpoint of the prefix cache applies, the whole file runs again.
    change_doc(client, big_uri, "# edited\n" + big, 2)
    await asyncio.sleep(0.5)  # the large file's analysis is under way (no debounce)
    change_doc(client, small_uri, "import numpy as np\nimport keras\nfrom keras import layers\n" + small + "# edited\n", 2)
    hover = await hover_at(client, small_uri, 12, 16)  # layers.Dense(10, ...) in the small file
    assert hover is not None and "Dense" in hover.contents.value
    assert not [p for p in publications(client, big_uri) if p.version == 2], "the hover waited for the large file"
    await diagnostics_for(client, big_uri, 2, timeout=120)
    await diagnostics_for(client, small_uri, 2, timeout=120)
