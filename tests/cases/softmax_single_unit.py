# A softmax over a single unit: Keras trains it, but the output is always 1.0.
import keras
import numpy as np
from keras import layers

measurements = np.random.rand(30, 5)
is_positive = np.random.randint(0, 2, size=(30, 1))
model = keras.Sequential([keras.Input(shape=(5,)), layers.Dense(1, activation="softmax")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(measurements, is_positive, batch_size=10, epochs=1, verbose=0)
