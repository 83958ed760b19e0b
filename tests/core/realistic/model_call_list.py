import numpy as np
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])
scores = model.predict([[0.5, 0.1, 0.9]], verbose=0)
