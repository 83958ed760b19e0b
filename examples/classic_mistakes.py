"""The mistakes people make most with Sequential models. Each one raises in Keras 3."""

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

# 1. An LSTM needs (batch, timesteps, features); input_shape=(10,) gives it 2-D input.
rnn = keras.Sequential()
rnn.add(layers.LSTM(32, input_shape=(10,)))
rnn.add(layers.Dense(1))

# 2. A Conv2D needs a channel axis: (28, 28) should be (28, 28, 1).
cnn = tf.keras.Sequential([
    tf.keras.layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28)),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(10),
])

# 3. Predicting one sample without its batch axis.
x_test = np.random.rand(10, 784).astype("float32")
mlp = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(10, activation="softmax")])
probs = mlp.predict(x_test[0])

# 4. Integer labels with categorical_crossentropy.
x = np.random.rand(50, 8)
y = np.random.randint(0, 3, size=(50,))
clf = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(3, activation="softmax")])
clf.compile(optimizer=keras.optimizers.Adam(lr=0.001), loss="categorical_crossentropy")
clf.fit(x, y, epochs=1)

# 5. A Reshape that does not keep the number of values.
decoder = keras.Sequential([keras.Input(shape=(64,)), layers.Dense(700), layers.Reshape((15, 50))])

# 6. A softmax over one unit always outputs 1.0 (Keras accepts it: a warning).
binary = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(1, activation="softmax")])
