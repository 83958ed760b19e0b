# Regression targets that match the output: (N,) against Dense(1) (Keras squeezes the unit axis),
# (N, 3) against Dense(3), with a string, a function and a loss object.
import keras
import numpy as np
from keras import layers

rows = np.random.rand(50, 9)
one = keras.Sequential([keras.Input(shape=(9,)), layers.Dense(1)])
one.compile(optimizer="adam", loss="mae")
one.fit(rows, np.random.rand(50), batch_size=10, epochs=1, verbose=0)
three = keras.Sequential([keras.Input(shape=(9,)), layers.Dense(3)])
three.compile(optimizer="adam", loss=keras.losses.Huber(delta=0.5))
three.fit(rows, np.random.rand(50, 3), batch_size=10, epochs=1, verbose=0)
three.compile(optimizer="adam", loss=keras.losses.mean_squared_error)
three.evaluate(rows, np.random.rand(50, 3), verbose=0)
