"""Real Keras mistakes as small runnable programs, with what TensorFlow 2.21 / Keras 3.15 does.

Each entry: the file, the diagnostic a static check owes it (``error``: Keras raises;
``warning``: Keras runs but the result is wrong; ``none``: Keras runs and it is right), the
lines where that diagnostic may sit, and Keras's own outcome (the exception class, a piece of its
message, the line of the file it was raised from). ``tests/core/test_keras_cases.py`` re-runs
every file in Keras to hold these facts, and checks ShapeLens against them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CASES_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Case:
    file: str
    expect: str  # "error", "warning" or "none"
    lines: tuple[int, ...]  # 1-based lines where the diagnostic may be reported
    exception: str | None = None  # what Keras raises, None when it runs
    message: str | None = None  # a piece of Keras's message
    keras_line: int | None = None  # the line of the file Keras raised from

    @property
    def path(self) -> Path:
        return CASES_DIR / self.file

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


_RANK = "must have the same rank (ndim)"
_RANK_MINUS_ONE = "must have rank (ndim) `target.ndim - 1`"

CASES: tuple[Case, ...] = (
    Case("batchnorm_axis_channels_last.py", "warning", (12,)),
    Case("categorical_loss_int_labels.py", "error", (12, 13), "ValueError", _RANK, 13),
    Case("categorical_loss_function_int_labels.py", "error", (9, 10), "ValueError", _RANK, 10),
    Case("channels_first_images_fed.py", "error", (16,), "ValueError", "expected axis -1 of input shape to have value 3",
         16),
    Case("channels_first_model_input.py", "warning", (11,)),
    # Keras blames the Sequential( call; the mistake is the Conv2D's input_shape.
    Case("conv2d_fed_2d_input_shape.py", "error", (6,), "ValueError", "expected min_ndim=4, found ndim=3", 4),
    Case("dense_on_images_no_flatten.py", "error", (11, 15), "ValueError", _RANK_MINUS_ONE, 15),
    Case("embedding_dense_no_pooling.py", "error", (11, 14), "ValueError", _RANK, 14),
    Case("embedding_float_inputs.py", "warning", (16,)),
    # On CPU the embedding's gather checks its indices.
    Case("embedding_ids_beyond_vocabulary.py", "error", (9, 14), "InvalidArgumentError", "GatherV2", 14),
    # TensorFlow's backend recovers the logits behind the softmax: right on TF (SL208 is information).
    Case("from_logits_after_softmax_ok.py", "none", ()),
    Case("input_shape_includes_batch.py", "error", (9, 13), "ValueError", "Invalid input shape", 13),
    Case("input_shape_none_batch_axis.py", "error", (8, 10), "ValueError", "Expected shape (None, None, 5)", 10),
    Case("keras2_argument_names.py", "error", (6,), "ValueError", "Argument(s) not recognized: {'lr'", 6),
    Case("layer_chain_ok.py", "none", ()),
    Case("logits_loss_ok.py", "none", ()),
    Case("lstm_fed_2d.py", "error", (7,), "ValueError", "expected ndim=3, found ndim=2", 7),
    Case("missing_unit_channel_ok.py", "none", ()),
    # The loss fits the one-hot labels; the metric object wants class ids (string, class, function alike).
    Case("metric_sparse_accuracy_onehot.py", "error", (10, 11, 12), "ValueError", "Dimensions must be equal", 12),
    # The metric class wants one-hot labels: Keras trains and reports a meaningless accuracy.
    Case("metric_categorical_accuracy_ids.py", "warning", (10, 11)),
    Case("mse_labels_broadcast.py", "warning", (10, 11)),
    Case("mse_labels_width_mismatch.py", "error", (10,), "ValueError", "Dimensions must be equal, but are 3 and 5", 10),
    Case("normalization_adapted_with_target.py", "error", (14,), "ValueError", "Dimensions must be equal", 14),
    Case("pooling_below_one.py", "error", (9,), "ValueError", "Computed output size would be zero or negative", 5),
    Case("predict_list_of_one_sample.py", "error", (10,), "ValueError", "Invalid input shape", 10),
    Case("predict_single_sample.py", "error", (9,), "ValueError", "Invalid input shape", 9),
    Case("probability_loss_on_logits.py", "warning", (10, 11)),
    Case("regression_ok.py", "none", ()),
    Case("reshape_size_mismatch.py", "error", (8,), "ValueError", "total size of the tensor must be unchanged", 5),
    Case("sequence_output_scalar_targets.py", "warning", (11, 15)),
    Case("softmax_single_unit.py", "warning", (8,)),
    Case("sparse_loss_onehot_labels.py", "error", (9, 10), "ValueError", _RANK_MINUS_ONE, 10),
    # Labels from np.random.rand are cast to class 0 by the sparse loss, silently.
    Case("sparse_loss_fractional_labels.py", "warning", (10, 11)),
    # Cast to ids, values <= -1 are negative and values >= units have no unit: InvalidArgumentError
    # on CPU (64 normal draws all land in (-1, 5) about once in 60,000 runs).
    Case("sparse_loss_negative_labels.py", "error", (9, 12), "InvalidArgumentError", "Graph execution error", 12),
    Case("sparse_loss_scaled_fractions_past_units.py", "error", (9, 12), "InvalidArgumentError",
         "Graph execution error", 12),
    # Whole class ids stored as floats: the cast gives the same ids back.
    Case("sparse_loss_float_class_ids_ok.py", "none", ()),
    # Keras 3 rejects batch_input_shape= (blamed on the Embedding( line); the stateful GRU after it
    # has the batch size the author meant and is not a second report.
    Case("stateful_gru_batch_input_shape.py", "error", (7, 8), "ValueError", "Unrecognized keyword arguments", 7),
    Case("stateful_lstm_fixed_batch_ok.py", "none", ()),
    # The last batch holds 10 samples; the state holds 32 rows.
    Case("stateful_lstm_partial_batch.py", "error", (15,), "InvalidArgumentError", "Graph execution error", 15),
    # The label 4 reaches the kernel of the loss: a TensorFlow error at fit, not a Keras check.
    # max_tokens=1000 into Embedding(500): whether Keras raises depends on the vocabulary adapt()
    # finds (a warning). 3000 distinct words fill it: the lookup raises on CPU...
    # The same ids made in the dataset (map), fed to a model that starts with the Embedding.
    Case("text_vectorization_dataset_embedding_too_small.py", "warning", (17, 22), "InvalidArgumentError", "GatherV2",
         22),
    Case("text_vectorization_embedding_too_small.py", "warning", (17,), "InvalidArgumentError", "GatherV2", 22),
    # ... 100 distinct words do not: Keras trains.
    Case("text_vectorization_embedding_small_corpus.py", "warning", (17,)),
    Case("units_fewer_than_classes.py", "error", (8, 10), "InvalidArgumentError", "Graph execution error", 10),
    Case("wrong_feature_count.py", "error", (10,), "ValueError", "expected axis -1 of input shape to have value 12", 10),
    Case("xy_length_mismatch.py", "error", (10,), "ValueError", "Data cardinality is ambiguous", 10),
)

BY_NAME: dict[str, Case] = {case.file: case for case in CASES}
