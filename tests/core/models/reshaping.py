import keras
from keras import layers

decoder = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.Dense(7 * 7 * 8),
    layers.Reshape((7, 7, 8)),
    layers.BatchNormalization(center=False),
    layers.Reshape((-1, 8)),
    layers.Flatten(),
    layers.Dropout(0.25),
    layers.Dense(3),
])

fixed_batch = keras.Sequential([keras.Input(shape=(10,), batch_size=4), layers.Dense(2)])
