# A stateful LSTM with a fixed batch size, fed in batches of exactly that size: Keras runs it.
import keras
import numpy as np
from keras import layers

series = np.random.rand(320, 10, 3)
targets = np.random.rand(320, 1)
model = keras.Sequential([
    keras.Input(batch_shape=(32, 10, 3)),
    layers.LSTM(8, stateful=True),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(series, targets, batch_size=32, epochs=1, shuffle=False, verbose=0)
model.predict(series, batch_size=32, verbose=0)
