"""ShapeLens editor end-to-end sample: predict() is given one image without its batch axis (SL301)."""

import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])

x_test = np.random.rand(100, 28, 28, 1).astype("float32")
probs = model.predict(x_test[0])
