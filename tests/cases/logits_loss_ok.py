# Logits with from_logits=True, and probabilities with the default: both right.
import keras
import numpy as np
from keras import layers

features = np.random.rand(40, 8)
labels = np.random.randint(0, 3, size=(40,))
logits = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(3)])
logits.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
               metrics=["accuracy"])
logits.fit(features, labels, batch_size=8, epochs=1, verbose=0)
probabilities = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(3), layers.Softmax()])
probabilities.compile(optimizer="adam", loss=keras.losses.sparse_categorical_crossentropy)
probabilities.fit(features, labels, batch_size=8, epochs=1, verbose=0)
binary = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(1, activation="sigmoid")])
binary.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy())
binary.fit(features, np.random.randint(0, 2, size=(40, 1)), batch_size=8, epochs=1, verbose=0)
