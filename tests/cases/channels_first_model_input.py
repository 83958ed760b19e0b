# The same channels-first images, with the model input taken from the data: Keras convolves
# over (3, 32) and reads the 32 columns as channels, and trains without a word.
import keras
import numpy as np
from keras import layers

raw = np.random.rand(40, 3072)
images = raw.reshape(-1, 3, 32, 32)
classes = np.random.randint(0, 10, size=(40,))
model = keras.Sequential([
    keras.Input(shape=images.shape[1:]),
    layers.Conv2D(8, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(images, classes, batch_size=8, epochs=1, verbose=0)
