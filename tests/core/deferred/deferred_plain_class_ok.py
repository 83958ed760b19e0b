# A plain class (no Layer): __init__ stores settings on self, a method builds the model, a
# @property makes the dataset fit builds it from (the TF time-series tutorial's WindowGenerator style).
import numpy as np
import tensorflow as tf

class Gen():
    def __init__(self, width, units=8, extra=None):
        self.width = width
        self.units = units
        self.total = width + 1
        if extra is not None:
            self.extra = extra

    def data(self, n):
        return np.zeros((n, self.width, 3), dtype="float32")

    @property
    def train(self):
        return tf.data.Dataset.from_tensor_slices((self.data(64), np.zeros((64, 1)))).batch(16)

    def build_model(self):
        return tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(self.units),
                                    tf.keras.layers.Dense(self.total)])

g = Gen(5, units=4)
m = g.build_model()
m.compile(loss="mse")
m.fit(g.train, epochs=1, verbose=0)
