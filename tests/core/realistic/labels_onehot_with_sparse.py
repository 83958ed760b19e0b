import numpy as np
import keras
from keras import layers

x = np.random.rand(30, 5)
y = keras.utils.to_categorical(np.random.randint(0, 4, size=(30,)), num_classes=4)
model = keras.Sequential([keras.Input(shape=(5,)), layers.Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy())
model.fit(x, y, epochs=1, verbose=0)
