import keras
from keras import layers

model = keras.Sequential([layers.Dense(8), layers.Dense(1)])
model.build((None, 5))
model.build((None, 6))
