# int(np.prod(shape)) as the units of the Dense that undoes a Flatten (the TF autoencoder).
# (Dense(np.prod(shape)) raises in Keras 3: units must be a Python int, np.int64 is not.)
import numpy as np
import tensorflow as tf

x = np.random.rand(16, 7, 5).astype("float32")
shape = x.shape[1:]
model = tf.keras.Sequential([
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(8),
    tf.keras.layers.Dense(int(np.prod(shape)), activation="sigmoid"),
    tf.keras.layers.Reshape(shape),
])
model.compile(loss="mse")
model.fit(x, x, epochs=1, verbose=0)
