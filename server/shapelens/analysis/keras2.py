"""Keras 1/2 spellings that Keras 3 rejects, with their Keras 3 replacements.

Every entry is checked against the installed Keras by tests/core/test_keras2_vs_keras.py: the
old spelling raises, the new one is accepted.
"""

from __future__ import annotations

# Layer keyword arguments: old name -> Keras 3 name.
LAYER_RENAMES: dict[str, str] = {
    "border_mode": "padding",
    "output_dim": "units",
    "init": "kernel_initializer",
    "subsample": "strides",
    "subsample_length": "strides",
    "nb_filter": "filters",
    "filter_length": "kernel_size",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "dim_ordering": "data_format",
    "inner_init": "recurrent_initializer",
    "inner_activation": "recurrent_activation",
    "U_regularizer": "recurrent_regularizer",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
    "bias": "use_bias",
    "pool_length": "pool_size",
}

# Layers whose Keras 1 argument was renamed differently (the first argument of Dense is units).
LAYER_SPECIFIC: dict[tuple[str, str], str] = {
    ("Embedding", "output_dim"): "output_dim",  # still valid on Embedding
}

# Keyword arguments of model methods.
METHOD_RENAMES: dict[tuple[str, str], str] = {
    ("fit", "nb_epoch"): "epochs",
    ("fit", "nb_val_samples"): "validation_steps",
    ("fit", "samples_per_epoch"): "steps_per_epoch",
}

# Model methods Keras 3 no longer has.
REMOVED_METHODS: dict[str, str] = {
    "fit_generator": "fit",
    "predict_generator": "predict",
    "evaluate_generator": "evaluate",
    "predict_classes": "predict",
    "predict_proba": "predict",
}

# Optimizer keyword arguments.
OPTIMIZER_RENAMES: dict[str, str] = {"lr": "learning_rate"}

# Layers that no longer exist, and what to use.
REMOVED_LAYERS: dict[str, str] = {
    "Merge": "layers.Concatenate(), layers.Add() or another merging layer",
    "Highway": "a Dense layer with a gate, written as a custom layer",
    "MaxoutDense": "a Dense layer followed by a max over units",
    "TimeDistributedDense": "layers.TimeDistributed(layers.Dense(...)), or Dense (it acts on the last axis)",
    "AtrousConvolution2D": "layers.Conv2D(..., dilation_rate=...)",
    "AtrousConvolution1D": "layers.Conv1D(..., dilation_rate=...)",
    "CuDNNLSTM": "layers.LSTM (it uses cuDNN when it can)",
    "CuDNNGRU": "layers.GRU (it uses cuDNN when it can)",
}


def layer_rename(kind: str, kwarg: str) -> str | None:
    if (kind, kwarg) in LAYER_SPECIFIC:
        return None
    return LAYER_RENAMES.get(kwarg)
