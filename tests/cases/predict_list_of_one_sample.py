# One prediction per test row, each row wrapped in a list: Keras reads the list as the model's
# inputs and unwraps it, so every call gets a row without its batch axis.
import keras
import numpy as np
from keras import layers

X_test = np.random.rand(5, 6)
model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(1, activation="sigmoid")])
for point in X_test:
    probability = model.predict([point], verbose=0)
