# The loss given as a function, not a string: integer class ids against a one-hot loss.
import keras
import numpy as np
from keras import layers

images = np.random.rand(30, 12)
classes = np.random.randint(0, 4, size=(30,))
model = keras.Sequential([keras.Input(shape=(12,)), layers.Dense(4, activation="softmax")])
model.compile(optimizer="sgd", loss=keras.losses.categorical_crossentropy)
model.fit(images, classes, batch_size=10, epochs=1, verbose=0)
