# predict(x[0]) with a sample longer than a batch: Keras builds on its first 32 rows, then fit(x) raises.
import numpy as np
import keras
from keras import layers

x = np.random.rand(20, 100, 8).astype("float32")
model = keras.Sequential([layers.Dense(4), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.predict(x[0], verbose=0)
model.fit(x, np.zeros((20, 1)), epochs=1, verbose=0)
