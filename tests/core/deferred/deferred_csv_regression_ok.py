# In the style of the TensorFlow tutorials "Load CSV data" and "Basic regression" (abalone,
# auto MPG): a Normalization layer adapted to the features, then Dense layers, no Input.
import numpy as np
import tensorflow as tf
import keras
from keras import layers

features = np.random.rand(50, 8).astype("float32")
target = np.random.rand(50).astype("float32")

normalize = layers.Normalization()
normalize.adapt(features)
abalone_model = keras.Sequential([normalize, layers.Dense(64, activation="relu"), layers.Dense(1)])
abalone_model.compile(loss=keras.losses.MeanSquaredError(), optimizer=tf.keras.optimizers.Adam())
abalone_model.fit(features, target, epochs=1, verbose=0)

horsepower = features[:, 2]
horsepower_normalizer = layers.Normalization(input_shape=[1], axis=None)
horsepower_normalizer.adapt(horsepower)
horsepower_model = tf.keras.Sequential([horsepower_normalizer, layers.Dense(units=1)])
horsepower_model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.1), loss="mean_absolute_error")
horsepower_model.fit(horsepower, target, epochs=1, verbose=0, validation_split=0.2)
dnn_model = keras.Sequential([normalize, layers.Dense(16, activation="relu"), layers.Dense(1)])
dnn_model.compile(loss="mean_absolute_error", optimizer=keras.optimizers.Adam(0.001))
dnn_model.fit(features, target, validation_split=0.2, verbose=0, epochs=1)
