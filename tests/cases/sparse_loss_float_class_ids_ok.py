# Class ids stored as floats (a frequent astype after loading): the sparse loss casts them back to
# the same ids, which is right.
import keras
import numpy as np
from keras import layers

features = np.random.rand(60, 7)
classes = np.random.randint(0, 5, size=(60,)).astype("float32")
model = keras.Sequential([keras.Input(shape=(7,)), layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(features, classes, batch_size=12, epochs=1, verbose=0)
