import numpy as np
import tensorflow as tf
import keras
from keras import layers

features = np.random.rand(40, 8).astype("float32")
labels = np.eye(3)[np.random.randint(0, 3, size=(40,))]
train = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(40).batch(8).prefetch(2)
model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(3, activation="softmax")])
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(train, epochs=1, verbose=0)
model.evaluate(features, labels, verbose=0)
