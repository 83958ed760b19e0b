# A block built on one input, called later on a functional tensor of another width: Keras raises.
import keras
from keras import layers

projection = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(4)])
small = keras.Input(shape=(6,))
encoded = projection(small)
wide = keras.Input(shape=(10,))
encoded_wide = projection(wide)
