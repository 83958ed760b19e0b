# In the style of the keras-io recipe "Writing Keras Models With TensorFlow NumPy"
# (keras_recipes/tensorflow_numpy_models.py): a dense layer written with tf.experimental.numpy,
# its activation a function of the file held on self and tested with `if self.activation:`.
import numpy as np
import keras
import tensorflow.experimental.numpy as tnp
from keras import layers


def tnp_relu(x):
    return tnp.maximum(x, 0)


class TNPDense(keras.layers.Layer):
    def __init__(self, units, activation=None):
        super().__init__()
        self.units = units
        self.activation = activation

    def build(self, input_shape):
        self.w = self.add_weight(name="weights", shape=(input_shape[1], self.units), initializer="random_normal")
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        outputs = tnp.matmul(inputs, self.w) + self.bias
        if self.activation:
            return self.activation(outputs)
        return outputs


layered = keras.Sequential([TNPDense(3, activation=tnp_relu), TNPDense(3, activation=tnp_relu), TNPDense(1)])
layered.build((None, 6))
mixed = keras.Sequential([TNPDense(4, activation=tnp_relu), layers.Dense(3, activation="relu"), TNPDense(1)])
mixed.compile(optimizer="adam", loss="mean_squared_error")
mixed.fit(np.random.rand(8, 6).astype("float32"), np.random.rand(8, 1).astype("float32"), batch_size=4, epochs=1,
          verbose=0)
