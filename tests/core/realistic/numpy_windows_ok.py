# values: random generators, windows built by append in a loop, joins, splits, masks, reductions.
# unknown: row, row_norm
# In the style of the TensorFlow "Time series forecasting" tutorial and Deep Learning with
# Python (ch. 10, temperature forecasting); data replaced by small random arrays.
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(0)
legacy = np.random.RandomState(3)
series = rng.standard_normal(size=(200, 3))
extra = legacy.rand(200, 2)
signal = np.hstack([series, extra])
t = np.linspace(0, 10, 200)
wave = np.sin(t)
combined = np.column_stack([signal, wave])
mean = combined.mean(axis=0)
std = combined.std(axis=0, keepdims=True)
normed = (combined - mean) / std

WINDOW = 12
windows, targets = [], []
for start in range(0, 48, 4):
    windows.append(normed[start:start + WINDOW])
    targets.append(normed[start + WINDOW, 0])
x = np.array(windows)
y = np.array(targets)
x_train, x_val = np.split(x, [8])
y_train, y_val = y[:8], y[8:]
stacked = np.stack([x[0], x[1]], axis=0)
depth = np.dstack([series, series])
labels = rng.integers(0, 4, size=12)
chosen = rng.choice(200, size=16, replace=False)
order = rng.permutation(12)
positives = normed[labels[:1].repeat(200) == 1]
flipped = np.where(normed > 0, normed, 0.0)
tiled = np.tile(wave, (2, 1))
total = normed.sum(axis=1)
pieces = np.array_split(series, 3)
first_piece = pieces[0]
for row in normed:
    row_norm = row / 2.0

model = keras.Sequential([
    keras.Input(shape=x.shape[1:]),
    layers.LSTM(8),
    layers.Dense(1),
])
model.compile(loss="mse", optimizer="adam")
model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=1, verbose=0)

onehot = keras.Sequential([keras.Input(shape=(normed.shape[1],)), layers.Dense(4, activation="softmax")])
onehot.compile(loss="sparse_categorical_crossentropy")
onehot.fit(normed[:12], labels, epochs=1, verbose=0)

scaled_windows = np.array([w * 0.5 for w in x])
conv = keras.Sequential([keras.Input(shape=scaled_windows.shape[1:]), layers.Conv1D(4, 3), layers.GlobalMaxPooling1D()])
conv.compile(loss="mse")
conv.fit(scaled_windows, np.zeros((len(scaled_windows), 4)), epochs=1, verbose=0)
