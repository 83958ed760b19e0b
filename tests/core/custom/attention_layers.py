# Custom layers calling MultiHeadAttention in call() (keras-io TransformerBlock style), with the
# variants that change its output or weights: value_dim, output_shape, use_bias, a separate key.
import keras
from keras import layers


class SelfAttention(keras.layers.Layer):
    def __init__(self, heads, key_dim, value_dim=None, output_shape=None, use_bias=True):
        super().__init__()
        self.att = layers.MultiHeadAttention(num_heads=heads, key_dim=key_dim, value_dim=value_dim,
                                             output_shape=output_shape, use_bias=use_bias)
        self.norm = layers.LayerNormalization(epsilon=1e-6)

    def call(self, inputs):
        return self.norm(self.att(inputs, inputs))


class CrossAttention(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.project = layers.Dense(6)
        self.att = layers.MultiHeadAttention(3, 5, value_dim=7)

    def call(self, inputs):
        memory = self.project(inputs)
        return self.att(query=inputs, value=memory, key=inputs, training=False)


class Scores(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.att = layers.MultiHeadAttention(2, 4)

    def call(self, inputs):
        out, scores = self.att(inputs, inputs, return_attention_scores=True)
        return out


plain = keras.Sequential([keras.Input((10, 16)), SelfAttention(2, 16)])
valued = keras.Sequential([keras.Input((10, 16)), SelfAttention(4, 8, value_dim=3)])
projected = keras.Sequential([keras.Input((10, 16)), SelfAttention(2, 8, output_shape=12)])
unbiased = keras.Sequential([keras.Input((5, 6, 8)), SelfAttention(3, 4, use_bias=False, output_shape=(2,))])
cross = keras.Sequential([keras.Input((9, 8)), CrossAttention()])
scores = keras.Sequential([keras.Input((9, 8)), Scores()])
