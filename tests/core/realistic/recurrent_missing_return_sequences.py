import numpy as np
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(12, 3)),
    layers.LSTM(8),
    layers.LSTM(4),
    layers.Dense(1),
])
