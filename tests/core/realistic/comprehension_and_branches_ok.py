import numpy as np
import keras
from keras import layers

USE_BATCHNORM = True
WIDTHS = [64, 32, 16]

blocks = [layers.Dense(w, activation="relu") for w in WIDTHS]
model = keras.Sequential([keras.Input(shape=(20,)), *blocks])
if USE_BATCHNORM:
    model.add(layers.BatchNormalization())
else:
    model.add(layers.Dropout(0.3))
model.add(layers.Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy")
x = np.random.rand(32, 20)
y = np.random.randint(0, 2, size=(32, 1))
model.fit(x, y, epochs=1, verbose=0)
