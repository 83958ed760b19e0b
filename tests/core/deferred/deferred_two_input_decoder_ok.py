# In the style of the keras-io English-to-Spanish translation example
# (nlp/neural_machine_translation_with_transformer.py): token + position embeddings over a
# sequence axis of runtime length (ops.arange(0, ops.shape(x)[-1])), and a decoder layer whose
# call() takes a second input (the encoder outputs) and holds its feed-forward Sequential block.
import numpy as np
import keras
from keras import layers, ops


class PositionalEmbedding(layers.Layer):
    def __init__(self, sequence_length, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.tokens = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.positions = layers.Embedding(input_dim=sequence_length, output_dim=embed_dim)

    def call(self, inputs):
        length = ops.shape(inputs)[-1]
        return self.tokens(inputs) + self.positions(ops.arange(0, length, 1))


class Decoder(layers.Layer):
    def __init__(self, embed_dim, latent_dim, num_heads, **kwargs):
        super().__init__(**kwargs)
        self.self_attention = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.cross_attention = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.dense_proj = keras.Sequential([layers.Dense(latent_dim, activation="relu"), layers.Dense(embed_dim)])
        self.norm_1 = layers.LayerNormalization()
        self.norm_2 = layers.LayerNormalization()

    def call(self, inputs, encoder_outputs):
        attended = self.norm_1(inputs + self.self_attention(query=inputs, value=inputs, key=inputs,
                                                            use_causal_mask=True))
        crossed = self.cross_attention(query=attended, value=encoder_outputs, key=encoder_outputs)
        out = self.norm_2(attended + crossed)
        return out + self.dense_proj(out)


source = keras.Input(shape=(None,), dtype="int64")
encoded = keras.Input(shape=(None, 8))
x = PositionalEmbedding(6, 20, 8)(source)
decoder = Decoder(8, 16, 2)
x = decoder(x, encoded)
head = keras.Sequential([layers.Dropout(0.5), layers.Dense(20, activation="softmax")])
model = keras.Model([source, encoded], head(x))
model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")
model.fit([np.random.randint(0, 20, size=(4, 6)), np.random.rand(4, 6, 8)], np.random.randint(0, 20, size=(4, 6)),
          epochs=1, verbose=0)
projection = decoder.dense_proj
