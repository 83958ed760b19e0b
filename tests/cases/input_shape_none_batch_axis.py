# input_shape=(None, 5) on a Dense first layer: the None is meant as the batch axis, but
# input_shape describes one sample, so the model expects (None, None, 5) and predict(x) fails.
import keras
import numpy as np
from keras import layers

table = np.random.rand(100, 5)
model = keras.Sequential([layers.Dense(8, input_shape=(None, 5)), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
scores = model.predict(table, verbose=0)
