# Dense layers put straight on 2-D pictures: they act on the last axis only, so the output keeps
# an axis per picture row and no longer matches one class id per sample.
import keras
import numpy as np
from keras import layers

pictures = np.random.rand(48, 16, 16).astype("float32")
digits = np.random.randint(0, 6, size=(48,))
model = keras.Sequential([
    keras.Input(shape=(16, 16)),
    layers.Dense(64, activation="relu"),
    layers.Dense(6, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(pictures, digits, batch_size=8, epochs=1, verbose=0)
