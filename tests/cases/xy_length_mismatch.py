# 30 inputs but only 25 targets.
import keras
import numpy as np
from keras import layers

x = np.random.rand(30, 5)
y = np.random.rand(25)
model = keras.Sequential([keras.Input(shape=(5,)), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, batch_size=5, epochs=1, verbose=0)
