# In the style of the keras-io examples "Involutional neural networks" (vision/involution.py) and
# ShiftViT (vision/shiftvit.py): custom layers that make their Sequential blocks in build(), sized
# from input_shape, and use them in call() (Keras runs build once, before the first call).
import numpy as np
import keras
import tensorflow as tf


class Involution(keras.layers.Layer):
    def __init__(self, channel, group_number, kernel_size, stride, reduction_ratio, name):
        super().__init__(name=name)
        self.channel = channel
        self.group_number = group_number
        self.kernel_size = kernel_size
        self.stride = stride
        self.reduction_ratio = reduction_ratio

    def build(self, input_shape):
        (_, height, width, num_channels) = input_shape
        height = height // self.stride
        width = width // self.stride
        self.stride_layer = (
            keras.layers.AveragePooling2D(pool_size=self.stride, strides=self.stride, padding="same")
            if self.stride > 1 else tf.identity
        )
        self.kernel_gen = keras.Sequential([
            keras.layers.Conv2D(filters=self.channel // self.reduction_ratio, kernel_size=1),
            keras.layers.BatchNormalization(),
            keras.layers.ReLU(),
            keras.layers.Conv2D(filters=self.kernel_size * self.kernel_size * self.group_number, kernel_size=1),
        ])
        self.kernel_reshape = keras.layers.Reshape(
            target_shape=(height, width, self.kernel_size * self.kernel_size, 1, self.group_number))
        self.input_patches_reshape = keras.layers.Reshape(
            target_shape=(height, width, self.kernel_size * self.kernel_size, num_channels // self.group_number,
                          self.group_number))
        self.output_reshape = keras.layers.Reshape(target_shape=(height, width, num_channels))

    def call(self, x):
        kernel = self.kernel_reshape(self.kernel_gen(self.stride_layer(x)))
        input_patches = tf.image.extract_patches(images=x, sizes=[1, self.kernel_size, self.kernel_size, 1],
                                                 strides=[1, self.stride, self.stride, 1], rates=[1, 1, 1, 1],
                                                 padding="SAME")
        input_patches = self.input_patches_reshape(input_patches)
        output = tf.reduce_sum(tf.multiply(kernel, input_patches), axis=3)
        return self.output_reshape(output), kernel


class MLP(keras.layers.Layer):
    def __init__(self, mlp_expand_ratio, mlp_dropout_rate, **kwargs):
        super().__init__(**kwargs)
        self.mlp_expand_ratio = mlp_expand_ratio
        self.mlp_dropout_rate = mlp_dropout_rate

    def build(self, input_shape):
        input_channels = input_shape[-1]
        initial_filters = int(self.mlp_expand_ratio * input_channels)
        self.mlp = keras.Sequential([
            keras.layers.Dense(units=initial_filters, activation=tf.nn.gelu),
            keras.layers.Dropout(rate=self.mlp_dropout_rate),
            keras.layers.Dense(units=input_channels),
        ])

    def call(self, x):
        return self.mlp(x)


images = tf.random.normal((2, 8, 8, 3))
involution = Involution(channel=3, group_number=1, kernel_size=3, stride=2, reduction_ratio=1, name="inv")
output_tensor, _ = involution(images)
kernel_gen = involution.kernel_gen

inputs = keras.Input(shape=(8, 8, 3))
x, _ = Involution(channel=3, group_number=1, kernel_size=3, stride=1, reduction_ratio=1, name="inv_1")(inputs)
mlp = MLP(2, 0.1)
x = mlp(x)
model = keras.Model(inputs, keras.layers.Dense(2)(keras.layers.GlobalAveragePooling2D()(x)))
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(4, 8, 8, 3), np.random.rand(4, 2), epochs=1, verbose=0)
expand = mlp.mlp
