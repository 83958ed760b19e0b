# Data with 13 features per row for a model built for 12.
import keras
import numpy as np
from keras import layers

rows = np.random.rand(20, 13)
prices = np.random.rand(20, 1)
model = keras.Sequential([layers.Dense(8, input_shape=(12,)), layers.Dense(1)])
model.compile(optimizer="adam", loss="mae")
model.fit(rows, prices, batch_size=5, epochs=1, verbose=0)
