import numpy as np
import keras
from keras import layers

timesteps, features = 12, 3
x = np.random.rand(16, timesteps, features)
y = np.random.rand(16, timesteps, 1)
model = keras.Sequential([
    keras.Input(shape=(timesteps, features)),
    layers.LSTM(8, return_sequences=True),
    layers.GRU(4, return_sequences=True),
    layers.Dense(1),
])
model.compile(loss="mse", optimizer="adam")
model.fit(x, y, epochs=1, verbose=0)
model.predict(x[:2], verbose=0)
