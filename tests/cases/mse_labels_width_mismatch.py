# Three targets per sample against a model with five outputs: MSE cannot broadcast them.
import keras
import numpy as np
from keras import layers

rows = np.random.rand(50, 9)
targets = np.random.rand(50, 3)
model = keras.Sequential([keras.Input(shape=(9,)), layers.Dense(5)])
model.compile(optimizer="adam", loss=keras.losses.MeanAbsoluteError())
model.fit(rows, targets, batch_size=10, epochs=1, verbose=0)
