# from_logits=True on a loss object while the last layer already applies softmax: on TensorFlow
# Keras uses the logits behind the softmax (and only warns), so this trains right there.
import keras
import numpy as np
from keras import layers, losses

features = np.random.rand(48, 6)
labels = np.random.randint(0, 4, size=(48,))
model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss=losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(features, labels, batch_size=16, epochs=1, verbose=0)
