# In the style of the keras-io gMLP example (vision/mlp_image_classification.py): a custom layer's
# call() goes through a helper method of its own (self.gating(x)), and the blocks are a Sequential
# of those layers made by a list comprehension, built by a helper on a functional tensor.
import numpy as np
import keras
from keras import layers


class GatedBlock(layers.Layer):
    def __init__(self, patches, width, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.expand = keras.Sequential([layers.Dense(width * 2, activation="gelu"), layers.Dropout(0.1)])
        self.spatial = layers.Dense(patches, bias_initializer="ones")
        self.project = layers.Dense(width)
        self.norm = layers.LayerNormalization(epsilon=1e-6)

    def gating(self, x):
        u, v = keras.ops.split(x, indices_or_sections=2, axis=2)
        v = keras.ops.transpose(v, axes=(0, 2, 1))
        v = keras.ops.transpose(self.spatial(v), axes=(0, 2, 1))
        return u * v

    def call(self, inputs):
        x = self.expand(self.norm(inputs))
        return inputs + self.project(self.gating(x))


blocks = keras.Sequential([GatedBlock(6, 8) for _ in range(2)])


def build_classifier(body):
    inputs = keras.Input(shape=(6, 5))
    x = layers.Dense(8)(inputs)
    x = body(x)
    x = layers.GlobalAveragePooling1D()(x)
    return keras.Model(inputs, layers.Dense(3)(x))


classifier = build_classifier(blocks)
classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
classifier.fit(np.random.rand(4, 6, 5), np.random.randint(0, 3, size=(4,)), epochs=1, verbose=0)
