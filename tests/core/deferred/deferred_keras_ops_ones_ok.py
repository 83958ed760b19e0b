# A model built by calling it on keras.ops.ones(...) (the keras-io Sequential guide).
import keras
from keras import layers, ops

model = keras.Sequential([layers.Dense(2, activation="relu"), layers.Dense(4)])
y = model(ops.ones((3, 3)))

other = keras.Sequential()
other.add(layers.Dense(5))
other.add(layers.Dense(1))
z = other(ops.zeros((2, 6), dtype="float32"))
