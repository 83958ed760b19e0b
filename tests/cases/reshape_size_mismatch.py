# A Reshape whose target holds 96 values after a layer that gives 84.
import keras
from keras import layers

decoder = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.Dense(84),
    layers.Reshape((8, 12)),
])
