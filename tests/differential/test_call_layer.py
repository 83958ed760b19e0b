"""``call_layer``: a built layer fed real data of another shape, as in fit()/predict().

Keras builds the layer symbolically (as a Sequential does), then calls it eagerly on
``np.zeros(data_shape)``; the engine builds the same layer and applies ``call_layer``.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given, reject
from hypothesis import strategies as st

from shapelens.engine import LayerError, build_layer, call_layer, make_layer

from .harness import Case, PlatformLimitation, compare_call, diff_settings, run_engine, run_keras
from .strategies import STRATEGIES

# ---------------------------------------------------------------------------------- examples


def test_dense_built_on_784_rejects_785() -> None:
    case = Case("Dense", (64,), {}, (None, 784))
    compare_call(case, (2, 785))
    rule = make_layer("Dense", (64,))
    with pytest.raises(LayerError) as err:
        call_layer(rule, build_layer(rule, (None, 784)), (2, 785))
    assert err.value.code == "SL102"


def test_conv2d_built_on_28x28_accepts_32x32() -> None:
    case = Case("Conv2D", (8, 3), {}, (None, 28, 28, 1))
    compare_call(case, (2, 32, 32, 1))
    rule = make_layer("Conv2D", (8, 3))
    assert call_layer(rule, build_layer(rule, (None, 28, 28, 1)), (2, 32, 32, 1)) == (2, 30, 30, 8)


@pytest.mark.parametrize(
    ("case", "data"),
    [
        (Case("Conv2D", (8, 3), {}, (None, 28, 28, 1)), (2, 28, 28, 3)),  # other channel count
        (Case("Conv2D", (8, 3), {}, (None, 28, 28, 1)), (2, 2, 2, 1)),  # too small for the kernel
        (Case("Conv3D", (4, 3), {"data_format": "channels_first"}, (None, 2, 5, 5, 5)), (2, 2, 4, 6, 3)),
        (Case("MaxPooling1D", (2,), {}, (None, None, 3)), (2, 1, 3)),  # empty output, no error
        (Case("MaxPooling1D", (4,), {"strides": 1}, (None, None, 3)), (2, 1, 3)),  # negative: raises
        (Case("LSTM", (4,), {}, (None, 5, 3)), (2, 9, 3)),  # other sequence length: fine
        (Case("LSTM", (4,), {}, (None, 5, 3)), (2, 5, 4)),  # other feature count: MatMul fails
        (Case("GRU", (4,), {"stateful": True}, (3, 5, 2)), (2, 5, 2)),  # stateful: batch is fixed
        (Case("BatchNormalization", (), {}, (None, 4, 3)), (2, 4, 3, 1)),  # BN fixes the rank
        (Case("Reshape", ((3, 2),), {}, (None, 2, 3)), (2, 3, 3)),  # element count changes
        (Case("Flatten", (), {}, (None, 2, 3)), (2, 5, 5)),
        (Case("MaxPooling2D", (), {}, (None, 8, 8, 2)), (2, 5, 9, 2)),
        (Case("GlobalAveragePooling1D", (), {}, (None, 8, 2)), (2, 3, 2)),
        (Case("Embedding", (10, 4), {}, (None, 6)), (2, 9)),
        # Float strides/pools: Keras's build floors with them, TF's kernels truncate them.
        (Case("MaxPooling2D", (), {"strides": (1.0, 1.5), "padding": "same"}, (None, 1, 1, 1)), (2, 1, 2, 1)),
        (Case("Conv2D", (1, (1, 2)), {"dilation_rate": (1.0, 1.5)}, (None, 1, 3, 1)), (2, 1, 3, 1)),
        (Case("Conv1D", (1, 2), {"strides": (0.5,)}, (None, 4, 1)), (2, 4, 1)),  # truncated to 0
        (Case("Conv1D", (2, 3), {}, (None, 5, 3)), (2, 4, 5, 3)),  # conv1d: an extra batch axis
    ],
    ids=repr,
)
def test_call_examples(case: Case, data: tuple[int, ...]) -> None:
    compare_call(case, data, test="call-fixed")


# ---------------------------------------------------------------------------------- generated


def _data_shape(draw: st.DrawFn, shape: tuple[Any, ...]) -> tuple[int, ...]:
    """Real data for a layer built on ``shape``: mostly the same rank with some axes changed,
    sometimes one axis more or fewer. Batch 2 (or the built batch size, usually)."""
    size = st.integers(1, 10)
    dims = [d if isinstance(d, int) and d > 0 and draw(st.integers(0, 2)) else draw(size) for d in shape[1:]]
    change = draw(st.sampled_from(["same"] * 6 + ["more", "fewer"]))
    if change == "more":
        dims.insert(draw(st.integers(0, len(dims))), draw(size))
    elif change == "fewer" and dims:
        del dims[draw(st.integers(0, len(dims) - 1))]
    batch = shape[0] if isinstance(shape[0], int) and draw(st.integers(0, 3)) else 2
    return (batch, *dims)


def _call_test(kind: str):
    @diff_settings(40)  # eager calls cost more than symbolic builds
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        case: Case = data.draw(STRATEGIES[kind], label="case")
        # cuDNN availability is a property of the machine, not of the model.
        assume(case.kwargs.get("use_cudnn") is not True)
        # Only layers that build: the call is what is under test.
        assume(run_keras(case).stage is None and run_engine(case)[0].stage is None)
        try:
            compare_call(case, _data_shape(data.draw, case.batch_shape))
        except PlatformLimitation:
            reject()

    return check


_TESTS = {kind: _call_test(kind) for kind in sorted(STRATEGIES)}


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_built_layer_called_on_other_data(kind: str) -> None:
    _TESTS[kind]()
