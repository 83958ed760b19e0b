# Fractions scaled to [0, 10) given to a sparse crossentropy over 5 units: the cast ids 5..9 have
# no output unit.
import keras
import numpy as np
from keras import layers

np.random.seed(0)  # every seed raises but ~1 in 10^19; a fixed one keeps the test deterministic
features = np.random.rand(64, 7)
score = np.random.rand(64) * 10
model = keras.Sequential([keras.Input(shape=(7,)), layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(features, score, batch_size=16, epochs=1, verbose=0)
