# keras.layers.RNN with cells written by the user, in the style of the Keras RNN API
# documentation (MinimalRNNCell) and the Keras guide "Working with RNNs" (a cell with
# state_size/output_size properties); data replaced by small random arrays.
import numpy as np
import keras
from keras import layers, ops


class MinimalRNNCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="uniform", name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), initializer="uniform",
                                                name="recurrent_kernel")

    def call(self, inputs, states):
        prev_output = states[0]
        h = ops.matmul(inputs, self.kernel)
        output = h + ops.matmul(prev_output, self.recurrent_kernel)
        return output, [output]


class PeepholeCell(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    @property
    def state_size(self):
        return [self.units, self.units]

    @property
    def output_size(self):
        return self.units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], 2 * self.units))
        self.u = self.add_weight(shape=(self.units, 2 * self.units))
        self.b = self.add_weight(shape=(2 * self.units,), initializer="zeros")

    def call(self, inputs, states):
        h, c = states
        z = ops.matmul(inputs, self.w) + ops.matmul(h, self.u) + self.b
        gate, candidate = ops.split(z, 2, axis=-1)
        c = ops.sigmoid(gate) * c + ops.tanh(candidate)
        return c, [c, c]


model = keras.Sequential([
    keras.Input(shape=(12, 5)),
    layers.RNN(MinimalRNNCell(16), return_sequences=True),
    layers.RNN(PeepholeCell(8)),
    layers.Dense(1),
])
model.compile(loss="mse", optimizer="adam")
model.fit(np.random.rand(8, 12, 5), np.random.rand(8, 1), epochs=1, verbose=0)
