# Continuous targets (np.random.rand) given to a sparse crossentropy: Keras casts them to class
# ids without an error, so every label in [0, 1) becomes class 0.
import keras
import numpy as np
from keras import layers

features = np.random.rand(60, 7)
score = np.random.rand(60)
model = keras.Sequential([keras.Input(shape=(7,)), layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(features, score, batch_size=12, epochs=1, verbose=0)
