# A plain chain of Dense layers, the first one declaring its input with the legacy input_shape=
# (Keras 3 warns that keras.Input is preferred, but builds the model from it), then trained:
# Keras accepts all of it.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Dense(32, input_shape=(64,)),
    layers.Dense(16),
    layers.Dense(4),
])
model.compile(optimizer="sgd", loss="mse")
model.fit(tf.random.uniform((24, 64)), tf.random.uniform((24, 4)), epochs=1, verbose=0)
