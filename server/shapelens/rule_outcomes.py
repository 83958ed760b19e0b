"""For the README's rule table: what Keras 3 (TF 2.21) does on each mistake, and the usual fix.

Kept apart from rules.py so that a rule added elsewhere only misses its row cells here.
"""

from __future__ import annotations

# code -> (what Keras does, the fix)
OUTCOMES: dict[str, tuple[str, str]] = {
    "SL001": ("Python raises SyntaxError", "fix the syntax"),
    "SL002": ("nothing to run", "save the file as UTF-8 Python"),
    "SL003": ("nothing: it is about the analysis", "split the work, or loop over fewer items"),
    "SL101": ("ValueError when the model is built (`expected ndim=3, found ndim=2`)",
              "declare the right input rank, or Reshape/Flatten"),
    "SL102": ("ValueError when the layer is built or called", "give the axis a size / match it"),
    "SL103": ("ValueError: `total size of the tensor must be unchanged`", "fix the Reshape target or use -1"),
    "SL104": ("the model expects an extra axis; fit/predict raise ValueError", "`input_shape=x.shape[1:]`"),
    "SL105": ("ValueError: `Computed output size would be zero or negative`", "smaller window, or padding='same'"),
    "SL106": ("ValueError in the layer constructor", "pass a valid value"),
    "SL107": ("AttributeError on the name", "use the Keras 3 layer"),
    "SL108": ("ValueError or RecursionError when the model is added to or built",
              "add a new model, or the layers one by one"),
    "SL201": ("trains; the output is always 1.0", "sigmoid for one unit, or n softmax units"),
    "SL202": ("ValueError on the first training step", "match labels to the loss (sparse vs one-hot, units)"),
    "SL203": ("InvalidArgumentError during fit", "one output unit per class"),
    "SL204": ("trains, optimizes the wrong thing", "softmax with categorical, sigmoid with binary"),
    "SL205": ("trains on meaningless losses", "sparse_categorical_crossentropy with n units"),
    "SL206": ("trains on clipped raw scores", "`from_logits=True`, or a softmax/sigmoid last layer"),
    "SL207": ("broadcasts labels against the output and trains", "labels shaped like the output"),
    "SL208": ("TF recovers the logits and warns; JAX/PyTorch apply softmax twice", "`from_logits=False`"),
    "SL209": ("InvalidArgumentError in the embedding lookup (CPU)", "`input_dim` = vocabulary size"),
    "SL210": ("casts floats to ids and trains", "feed integer token ids"),
    "SL211": ("builds one gamma per image row and trains", "`axis=-1` (the default)"),
    "SL212": ("convolves over (channels, height) and trains", "`x.transpose(0, 2, 3, 1)`"),
    "SL213": ("ValueError at fit(): `Dimensions must be equal`", "adapt on the features the model gets"),
    "SL214": ("casts the floats to class ids (0.73 -> 0) and trains; InvalidArgumentError at fit() (CPU) "
              "once a value is <= -1 or >= units", "integer class ids, or a regression loss"),
    "SL215": ("computes the metric on the wrong format and trains", "the metric of the labels' format, or 'accuracy'"),
    "SL216": ("InvalidArgumentError at fit() once the vocabulary outgrows input_dim (CPU)",
              "`input_dim` = `max_tokens`"),
    "SL301": ("ValueError: `Invalid input shape`", "`np.expand_dims(x, 0)` or `x[:1]`"),
    "SL302": ("ValueError: `Invalid input shape`", "reshape the data to the model input"),
    "SL303": ("ValueError in fit()/predict()", "make the data match the model"),
    "SL304": ("ValueError: `Data cardinality is ambiguous`", "same number of samples in x and y"),
    "SL305": ("ValueError: `Unrecognized data type` / `Invalid dtype`", "`np.array(...)`, or encode text"),
    "SL401": ("ValueError/TypeError/AttributeError", "the Keras 3 name"),
    "SL402": ("warns and ignores the argument", "the Keras 3 way (schedules, Input)"),
}
