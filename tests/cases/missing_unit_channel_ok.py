# The model declares a channel axis of size 1 that the data lacks: Keras adds it by itself
# (a missing trailing axis of size 1 is adapted), so this trains. A static check must stay
# silent here.
import keras
import numpy as np
from keras import layers

scans = np.random.rand(12, 20, 20)
labels = np.random.randint(0, 5, size=(12,))
model = keras.Sequential([
    keras.Input(shape=(20, 20, 1)),
    layers.Conv2D(4, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(scans, labels, batch_size=4, epochs=1, verbose=0)
