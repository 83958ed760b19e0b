# In the style of the Keras "Transfer learning & fine-tuning" guide: a trained block frozen
# (model.trainable = False, or layer by layer through model.layers) inside a new model.
import numpy as np
import keras
from keras import layers

x = np.random.rand(32, 12).astype("float32")
y = np.random.randint(0, 2, size=(32, 1))

pretrained = keras.Sequential([layers.Dense(16, activation="relu"), layers.BatchNormalization(), layers.Dense(8)])
classifier = keras.Sequential([keras.Input(shape=(12,)), pretrained, layers.Dense(1, activation="sigmoid")])
pretrained.trainable = False
classifier.compile(optimizer="adam", loss="binary_crossentropy")
classifier.fit(x, y, epochs=1, verbose=0)

partly = keras.Sequential([layers.Dense(10), layers.Dense(6), layers.Dense(1)])
partly.build((None, 12))
for layer in partly.layers[:2]:
    layer.trainable = False
