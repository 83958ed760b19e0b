# One-hot labels handed to sparse_categorical_crossentropy, which wants integer class ids.
import keras
import numpy as np
from keras import layers

inputs = np.random.rand(60, 7)
onehot = keras.utils.to_categorical(np.random.randint(0, 5, size=(60,)), num_classes=5)
model = keras.Sequential([keras.Input(shape=(7,)), layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(inputs, onehot, batch_size=12, epochs=1, verbose=0)
