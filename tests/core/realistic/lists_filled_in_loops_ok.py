# In the style of the keras-io structured-data examples ("Structured data classification from
# scratch", "Wide, Deep, and Cross networks": https://keras.io/examples/structured_data/): the
# hidden widths are a list filled in a loop, the blocks are collected in a list by a helper, and
# one builder makes the model for each feature set (called more than once with the same shape).
# Data: small random arrays of the real shapes.
import numpy as np
import keras
from keras import layers

NUMERIC = 7
CATEGORICAL = 12

hidden_units = []
for width in (32, 16):
    hidden_units.append(width)


def make_blocks(units_list, dropout):
    blocks = []
    for units in units_list:
        blocks.append(layers.Dense(units, activation="relu"))
        blocks += [layers.Dropout(dropout)]
    return blocks


def build(n_features):
    stack = [keras.Input(shape=(n_features,))]
    stack.extend(make_blocks(hidden_units, 0.2))
    stack.append(layers.Dense(len(hidden_units) + 1, activation="softmax"))
    return keras.Sequential(stack)


numeric_model = build(NUMERIC)
numeric_again = build(NUMERIC)
categorical_model = build(CATEGORICAL)

x_num = np.random.rand(64, NUMERIC).astype("float32")
x_cat = np.random.rand(64, CATEGORICAL).astype("float32")
y = np.random.randint(0, len(hidden_units) + 1, size=(64,))
numeric_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
numeric_model.fit(x_num, y, epochs=1, verbose=0)
numeric_again.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
numeric_again.fit(x_num, y, epochs=1, verbose=0)
categorical_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
categorical_model.fit(x_cat, y, epochs=1, verbose=0)
