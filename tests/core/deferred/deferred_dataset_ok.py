# In the style of the tf.data guide (tensorflow.org/guide/data): models built by fit(dataset).
import numpy as np
import tensorflow as tf
import keras
from keras import layers

features = np.random.rand(42, 5, 4).astype("float32")
labels = np.random.randint(0, 3, size=(42,))


def classifier():
    model = keras.Sequential([layers.Flatten(), layers.Dense(8, activation="relu"), layers.Dense(3)])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


batched = classifier()
batched.fit(tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(42).batch(8), epochs=1, verbose=0)
dropped = classifier()
train = tf.data.Dataset.from_tensor_slices((features, labels)).batch(8, drop_remainder=True).prefetch(1)
dropped.fit(train, epochs=1, verbose=0)
evaluated = classifier()
evaluated.evaluate(tf.data.Dataset.from_tensor_slices((features, labels)).batch(16), verbose=0)
