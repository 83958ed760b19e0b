# A stateful LSTM built for batches of 32, fed 330 samples: the last batch holds 10 and the
# state of 32 rows cannot be added to it.
import keras
import numpy as np
from keras import layers

series = np.random.rand(330, 10, 3)
targets = np.random.rand(330, 1)
model = keras.Sequential([
    keras.Input(batch_shape=(32, 10, 3)),
    layers.LSTM(8, stateful=True),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(series, targets, batch_size=32, epochs=1, shuffle=False, verbose=0)
