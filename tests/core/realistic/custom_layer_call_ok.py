# Custom layers without compute_output_shape, in the style of the Keras guide "Making new layers
# and models via subclassing" (Linear with add_weight, a block of sublayers) and the keras-io
# Transformer examples (token + position embedding); data replaced by small random arrays.
import numpy as np
import keras
from keras import layers, ops


class Linear(keras.layers.Layer):
    def __init__(self, units=32):
        super().__init__()
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal", trainable=True)
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", trainable=True)
        self.scale = self.add_weight(shape=(), initializer="ones", trainable=False)

    def call(self, inputs):
        return ops.matmul(inputs, self.w) * self.scale + self.b


class ResidualBlock(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense1 = layers.Dense(units, activation="relu")
        self.dense2 = layers.Dense(units)
        self.norm = layers.LayerNormalization()

    def call(self, x):
        h = self.dense2(self.dense1(x))
        return self.norm(ops.concatenate([x, h], axis=-1))


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)
        self.maxlen = maxlen

    def call(self, x):
        positions = ops.arange(0, self.maxlen, 1)
        return self.token_emb(x) + self.pos_emb(positions)


mlp = keras.Sequential([
    keras.Input(shape=(10,)),
    Linear(16),
    ResidualBlock(8),
    Linear(3),
])
mlp.compile(loss="mse", optimizer="adam")
mlp.fit(np.random.rand(16, 10), np.random.rand(16, 3), epochs=1, verbose=0)

text = keras.Sequential([
    keras.Input(shape=(20,), dtype="int32"),
    TokenAndPositionEmbedding(20, 100, 8),
    layers.GlobalAveragePooling1D(),
    layers.Dense(2),
])
