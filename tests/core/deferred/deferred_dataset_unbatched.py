# fit() on a tf.data dataset that was never batched: Keras builds the model on one element.
import numpy as np
import tensorflow as tf
import keras
from keras import layers

features = np.random.rand(40, 8).astype("float32")
targets = np.random.rand(40, 1).astype("float32")
dataset = tf.data.Dataset.from_tensor_slices((features, targets)).shuffle(40)
block = keras.Sequential([layers.Dense(4)])
model = keras.Sequential([block, layers.Dense(1)])
model.compile(loss="mse", optimizer="sgd")
model.fit(dataset, epochs=1, verbose=0)
