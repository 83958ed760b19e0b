import numpy as np
import tensorflow as tf
import keras
from keras import layers

strategy = tf.distribute.get_strategy()
with strategy.scope():
    model = keras.Sequential(layers=[layers.Dense(16), layers.Dense(8), layers.Dense(3)])
    model.build((None, 6))
model.pop()
model.add(layers.Dense(2, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="sgd")
x = np.random.rand(12, 6)
y = keras.utils.to_categorical(np.random.randint(0, 2, size=(12,)), 2)
model.fit(x, y, epochs=1, verbose=0)
