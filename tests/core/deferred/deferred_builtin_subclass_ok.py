# In the style of the keras-io recipe "Customizing the convolution operation of a Conv2D layer"
# (keras_recipes/subclassing_conv_layers.py): subclasses of built-in layers that override only
# call() or convolution_op(); Keras reports the base's compute_output_shape and builds its weights.
import numpy as np
import keras
import tensorflow as tf
from keras import layers


class StandardizedConv2DWithOverride(layers.Conv2D):
    def convolution_op(self, inputs, kernel):
        mean, var = tf.nn.moments(kernel, axes=[0, 1, 2], keepdims=True)
        return tf.nn.conv2d(inputs, (kernel - mean) / tf.sqrt(var + 1e-10), padding="VALID",
                            strides=list(self.strides))


class StandardizedConv2DWithCall(layers.Conv2D):
    def call(self, inputs):
        mean, var = tf.nn.moments(self.kernel, axes=[0, 1, 2], keepdims=True)
        result = self.convolution_op(inputs, (self.kernel - mean) / tf.sqrt(var + 1e-10))
        if self.use_bias:
            result = result + self.bias
        return result


class ScaledDense(layers.Dense):
    def call(self, inputs):
        return super().call(inputs) * 0.5

    def get_config(self):
        return super().get_config()


model = keras.Sequential([
    keras.Input(shape=(12, 12, 1)),
    StandardizedConv2DWithCall(4, kernel_size=(3, 3), activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 2)),
    StandardizedConv2DWithOverride(8, kernel_size=(3, 3), activation="relu"),
    layers.Flatten(),
    ScaledDense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.random.rand(4, 12, 12, 1), keras.utils.to_categorical(np.random.randint(0, 5, size=(4,)), 5),
          epochs=1, verbose=0)
