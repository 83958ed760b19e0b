# A linear last layer (logits) with a crossentropy that expects probabilities (from_logits=False
# by default): Keras trains on clipped raw scores without a word.
import keras
import numpy as np
import tensorflow as tf
from keras import layers

features = np.random.rand(40, 8)
labels = keras.utils.to_categorical(np.random.randint(0, 3, size=(40,)), 3)
model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(16, activation="relu"), layers.Dense(3)])
model.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy())
model.fit(features, labels, batch_size=8, epochs=1, verbose=0)
