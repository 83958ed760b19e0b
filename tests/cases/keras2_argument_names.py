# The Keras 2 spelling lr= of the learning rate, which Keras 3 optimizers no longer accept.
from tensorflow import keras
from tensorflow.keras import layers

head = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])
head.compile(optimizer=keras.optimizers.SGD(lr=0.01, momentum=0.9), loss="mse")
