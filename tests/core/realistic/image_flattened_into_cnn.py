import numpy as np
import keras
from keras import layers

x = np.random.rand(20, 784).astype("float32")
y = np.random.randint(0, 10, size=(20,))
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(4, 3),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x, y, epochs=1, verbose=0)
