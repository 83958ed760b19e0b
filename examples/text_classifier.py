"""A correct recurrent text classifier built with model.add()."""

import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

VOCAB_SIZE, MAX_LEN = 10000, 200

x = np.random.randint(0, VOCAB_SIZE, size=(512, MAX_LEN))
y = np.random.randint(0, 2, size=(512,))

model = keras.Sequential()
model.add(keras.Input(shape=(MAX_LEN,)))
model.add(layers.Embedding(VOCAB_SIZE, 64))
model.add(layers.LSTM(64, return_sequences=True))
model.add(layers.GRU(32))
model.add(layers.Dense(1, activation="sigmoid"))
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="binary_crossentropy")
model.fit(x, y, epochs=1)
