# In the style of the keras-io FNet example (vision/mlp_image_classification.py): a position
# embedding layer that declares compute_output_shape (Keras uses it on symbolic tensors instead of
# tracing call()), added to the functional tensor, then blocks mixing tokens with ops.fft2.
import numpy as np
import keras
from keras import layers


class PositionEmbedding(layers.Layer):
    def __init__(self, sequence_length, **kwargs):
        super().__init__(**kwargs)
        self.sequence_length = int(sequence_length)

    def build(self, input_shape):
        self.table = self.add_weight(shape=[self.sequence_length, input_shape[-1]], initializer="zeros")

    def call(self, inputs, start_index=0):
        shape = keras.ops.shape(inputs)
        table = keras.ops.slice(keras.ops.convert_to_tensor(self.table), (start_index, 0), (shape[-2], shape[-1]))
        return keras.ops.broadcast_to(table, shape)

    def compute_output_shape(self, input_shape):
        return input_shape


class FourierBlock(layers.Layer):
    def __init__(self, width, rate, **kwargs):
        super().__init__(**kwargs)
        self.ffn = keras.Sequential([layers.Dense(width, activation="gelu"), layers.Dropout(rate),
                                     layers.Dense(width)])
        self.norm = layers.LayerNormalization(epsilon=1e-6)

    def call(self, inputs):
        mixed = keras.ops.fft2((inputs, keras.ops.zeros_like(inputs)))[0]
        x = self.norm(mixed + inputs)
        return x + self.ffn(x)


blocks = keras.Sequential([FourierBlock(8, 0.1) for _ in range(2)])
inputs = keras.Input(shape=(6, 5))
x = layers.Dense(8)(inputs)
x = x + PositionEmbedding(sequence_length=6)(x)
x = blocks(x)
model = keras.Model(inputs, layers.Dense(2)(layers.GlobalAveragePooling1D()(x)))
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(4, 6, 5), np.random.rand(4, 2), epochs=1, verbose=0)
