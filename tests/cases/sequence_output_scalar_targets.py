# return_sequences=True on the last LSTM: the model predicts one value per timestep, the labels
# hold one value per window; MSE broadcasts (N, 1) against (N, 20) silently.
import keras
import numpy as np
from keras import layers

windows = np.random.rand(64, 20, 3)
next_value = np.random.rand(64, 1)
model = keras.Sequential([
    keras.Input(shape=(20, 3)),
    layers.LSTM(16, return_sequences=True),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(windows, next_value, batch_size=16, epochs=1, verbose=0)
