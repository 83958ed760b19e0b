# BatchNormalization(axis=1), a channels-first habit, on channels-last feature maps: Keras
# normalizes each of the 32 image rows instead of each of the 16 channels.
import keras
import numpy as np
from keras import layers

images = np.random.rand(32, 32, 32, 3)
classes = np.random.randint(0, 10, size=(32,))
model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.BatchNormalization(axis=1),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(images, classes, batch_size=16, epochs=1, verbose=0)
