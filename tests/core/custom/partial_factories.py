# Layer factories made with functools.partial (Hands-On ML, chapter 14) and a custom layer that
# keeps lists of layers and an activation from keras.activations.get (its ResidualUnit).
from functools import partial

import keras
from keras import layers

DefaultConv2D = partial(layers.Conv2D, kernel_size=3, padding="same", activation="relu")
Narrow = partial(DefaultConv2D, 8)


def dense_block(units, activation="relu"):
    return layers.Dense(units, activation=activation)


Softmax10 = partial(dense_block, activation="softmax")


class Unit(keras.layers.Layer):
    def __init__(self, filters, strides=1, activation="relu", **kwargs):
        super().__init__(**kwargs)
        self.activation = keras.activations.get(activation)
        self.main_layers = [
            DefaultConv2D(filters, strides=strides),
            layers.BatchNormalization(),
            self.activation,
            DefaultConv2D(filters, activation=None),
        ]
        self.skip_layers = []
        if strides > 1:
            self.skip_layers = [DefaultConv2D(filters, kernel_size=1, strides=strides)]

    def call(self, inputs):
        z = inputs
        for layer in self.main_layers:
            z = layer(z)
        skip = inputs
        for layer in self.skip_layers:
            skip = layer(skip)
        return self.activation(z + skip)


Strided = partial(Unit, strides=2)

model = keras.Sequential([
    DefaultConv2D(16, kernel_size=5, input_shape=[12, 12, 3]),
    DefaultConv2D(filters=4),
    Narrow(strides=2),
    Narrow(kernel_size=1, padding="valid"),
    Unit(8),
    Strided(6),
    layers.Flatten(),
    Softmax10(10),
])
