# predict(x_test[0]) as the first data of an MLP: Keras builds on (784,) and Dense raises.
import numpy as np
import keras
from keras import layers

x_test = np.random.rand(10, 784).astype("float32")
model = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(10, activation="softmax")])
probabilities = model.predict(x_test[0], verbose=0)
