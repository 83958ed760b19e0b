# In the style of the keras-io MLP-Mixer / ViT examples (vision/mlp_image_classification.py): a
# custom layer cuts images into patches with ops.image.extract_patches and reshapes them with the
# runtime batch size ops.shape(x)[0]; a Sequential block without Input is then called on them.
import numpy as np
import keras
import tensorflow as tf
from keras import layers


class Patches(layers.Layer):
    def __init__(self, patch_size, **kwargs):
        super().__init__(**kwargs)
        self.patch_size = patch_size

    def call(self, images):
        patches = keras.ops.image.extract_patches(images, self.patch_size)
        batch = keras.ops.shape(patches)[0]
        count = keras.ops.shape(patches)[1] * keras.ops.shape(patches)[2]
        return keras.ops.reshape(patches, (batch, count, keras.ops.shape(patches)[3]))


class StridedPatches(layers.Layer):
    def call(self, images):
        patches = tf.image.extract_patches(images, sizes=[1, 4, 4, 1], strides=[1, 2, 2, 1],
                                           rates=[1, 1, 1, 1], padding="VALID")
        return tf.reshape(patches, (tf.shape(patches)[0], -1, patches.shape[-1]))


class Noisy(layers.Layer):
    def call(self, x):
        return x + keras.ops.zeros((keras.ops.shape(x)[0], x.shape[-1]))


inputs = keras.Input(shape=(16, 16, 3))
encoder = keras.Sequential([layers.Dense(8), layers.Dropout(0.1)])
encoded = encoder(Patches(4)(inputs))
strided = keras.Sequential([layers.Dense(6)])
windows = strided(StridedPatches()(inputs))
head = keras.Sequential([layers.GlobalAveragePooling1D(), Noisy(), layers.Dense(2)])
model = keras.Model(inputs, head(encoded))
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(4, 16, 16, 3), np.random.rand(4, 2), epochs=1, verbose=0)
