import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import Convolution2D, MaxPool2D, Flatten, Dense

model = keras.Sequential()
model.add(Convolution2D(8, 3, border_mode="same", input_shape=(12, 12, 1)))
model.add(MaxPool2D())
model.add(Flatten())
model.add(Dense(2))
