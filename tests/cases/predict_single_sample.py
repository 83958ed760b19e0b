# One sample passed to predict(): Keras wants a batch, even a batch of one, and reads the
# 40 features as 40 samples of a scalar each.
import keras
import numpy as np
from keras import layers

samples = np.random.rand(5, 40).astype("float32")
model = keras.Sequential([keras.Input(shape=(40,)), layers.Dense(3, activation="softmax")])
scores = model.predict(samples[2])
