# One target per sample against five outputs: MSE broadcasts (N, 1) against (N, 5) and trains
# every unit towards the same value.
import keras
import numpy as np
from keras import layers

rows = np.random.rand(50, 9)
price = np.random.rand(50, 1)
model = keras.Sequential([keras.Input(shape=(9,)), layers.Dense(32, activation="relu"), layers.Dense(5)])
model.compile(optimizer="adam", loss="mse")
model.fit(rows, price, batch_size=10, epochs=1, verbose=0)
