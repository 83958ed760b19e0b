# The Normalization layer is adapted on the whole table, target column included (9 columns),
# and the model is then fed the 8 feature columns.
import keras
import numpy as np
from keras import layers

table = np.random.rand(50, 9)
features = table[:, :8]
target = table[:, 8]
norm = layers.Normalization()
norm.adapt(table)
model = keras.Sequential([keras.Input(shape=(8,)), norm, layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(features, target, batch_size=10, epochs=1, verbose=0)
