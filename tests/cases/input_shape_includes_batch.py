# input_shape= given the whole array's shape: Keras then expects each sample to be (64, 9).
import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import Dense

data = np.random.rand(64, 9)
target = np.random.rand(64, 1)
reg = keras.Sequential([
    Dense(8, activation="tanh", input_shape=data.shape),
    Dense(1),
])
reg.compile(optimizer="adam", loss="mse")
reg.fit(data, target, batch_size=16, epochs=1, verbose=0)
