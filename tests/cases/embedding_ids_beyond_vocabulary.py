# Token ids drawn up to 9999 into an Embedding sized for 5000: the lookup fails on CPU.
import keras
import numpy as np
from keras import layers

tokens = np.random.randint(0, 10000, size=(64, 30))
sentiment = np.random.randint(0, 2, size=(64, 1))
model = keras.Sequential([
    layers.Embedding(5000, 16),
    layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(tokens, sentiment, batch_size=16, epochs=1, verbose=0)
