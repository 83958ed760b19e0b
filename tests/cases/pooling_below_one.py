# Two 2x2 poolings after a 3x3 convolution on 5x5 inputs: the second one has a 1x1 map to pool.
import keras
from keras import layers

tiny = keras.Sequential([
    keras.Input(shape=(5, 5, 3)),
    layers.Conv2D(6, 3),
    layers.MaxPooling2D(pool_size=2),
    layers.MaxPooling2D(pool_size=2),
    layers.Flatten(),
])
