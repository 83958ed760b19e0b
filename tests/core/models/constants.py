import keras
from keras import layers

NUM_CLASSES = 10
IMG = (28, 28, 1)
HIDDEN = 2 * 64
KERNEL = (3, 3)
FILTERS = [16, 32]

classifier = keras.Sequential(
    [
        keras.Input(shape=IMG),
        layers.Conv2D(FILTERS[0], KERNEL, activation="relu"),
        layers.Conv2D(FILTERS[-1], KERNEL, strides=(2, 2)),
        layers.Flatten(),
        layers.Dense(HIDDEN, activation="relu"),
        layers.Dense(NUM_CLASSES, activation="softmax"),
    ]
)
