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


class TransformerBlock(layers.Layer):
    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.1):
        super().__init__()
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential([layers.Dense(ff_dim, activation="relu"), layers.Dense(embed_dim)])
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs, training=False):
        attn_output = self.dropout1(self.att(inputs, inputs), training=training)
        out1 = self.layernorm1(inputs + attn_output)
        ffn_output = self.dropout2(self.ffn(out1), training=training)
        return self.layernorm2(out1 + ffn_output)


plain = keras.Sequential([keras.Input((10, 16)), SelfAttention(2, 16)])
valued = keras.Sequential([keras.Input((10, 16)), SelfAttention(4, 8, value_dim=3)])
projected = keras.Sequential([keras.Input((10, 16)), SelfAttention(2, 8, output_shape=12)])
unbiased = keras.Sequential([keras.Input((5, 6, 8)), SelfAttention(3, 4, use_bias=False, output_shape=(2,))])
cross = keras.Sequential([keras.Input((9, 8)), CrossAttention()])
scores = keras.Sequential([keras.Input((9, 8)), Scores()])
transformer = keras.Sequential([keras.Input((12, 8)), TransformerBlock(8, 2, 16), layers.GlobalAveragePooling1D()])
