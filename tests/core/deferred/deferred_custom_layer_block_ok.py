# In the style of the keras-io transformer and residual examples: a custom layer that holds a
# Sequential block without Input and calls it in call(); the layer is used inside a Sequential.
import numpy as np
import keras
from keras import layers


class FeedForward(layers.Layer):
    def __init__(self, hidden, width, **kwargs):
        super().__init__(**kwargs)
        self.ffn = keras.Sequential([layers.Dense(hidden, activation="relu"), layers.Dense(width)])
        self.norm = layers.LayerNormalization()

    def call(self, inputs):
        return self.norm(inputs + self.ffn(inputs) * 0.5)


block = FeedForward(32, 16)
model = keras.Sequential([keras.Input(shape=(10, 8)), layers.Dense(16), block, layers.GlobalAveragePooling1D(),
                          layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(np.random.rand(12, 10, 8), np.random.randint(0, 3, size=(12,)), epochs=1, verbose=0)
ffn = block.ffn
