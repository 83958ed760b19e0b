# In the style of Hands-On Machine Learning (Geron, 3rd ed.), chapter 14
# "CNN Architectures" - the Fashion MNIST CNN built with functools.partial
# (github.com/ageron/handson-ml3, 14_deep_computer_vision_with_cnns.ipynb)
# load_data() is served random arrays of the documented shapes by the corpus runner.
from functools import partial

import numpy as np
import tensorflow as tf

mnist = tf.keras.datasets.fashion_mnist.load_data()
(X_train_full, y_train_full), (X_test, y_test) = mnist
X_train_full = np.expand_dims(X_train_full, axis=-1).astype(np.float32) / 255
X_test = np.expand_dims(X_test.astype(np.float32), axis=-1) / 255
X_train, X_valid = X_train_full[:-16], X_train_full[-16:]
y_train, y_valid = y_train_full[:-16], y_train_full[-16:]

tf.random.set_seed(42)
DefaultConv2D = partial(tf.keras.layers.Conv2D, kernel_size=3, padding="same",
                        activation="relu", kernel_initializer="he_normal")
model = tf.keras.Sequential([
    DefaultConv2D(filters=64, kernel_size=7, input_shape=[28, 28, 1]),
    tf.keras.layers.MaxPool2D(),
    DefaultConv2D(filters=128),
    DefaultConv2D(filters=128),
    tf.keras.layers.MaxPool2D(),
    DefaultConv2D(filters=256),
    DefaultConv2D(filters=256),
    tf.keras.layers.MaxPool2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(units=128, activation="relu",
                          kernel_initializer="he_normal"),
    tf.keras.layers.Dropout(0.5),
    tf.keras.layers.Dense(units=64, activation="relu",
                          kernel_initializer="he_normal"),
    tf.keras.layers.Dropout(0.5),
    tf.keras.layers.Dense(units=10, activation="softmax")
])

model.compile(loss="sparse_categorical_crossentropy", optimizer="nadam",
              metrics=["accuracy"])
history = model.fit(X_train[:32], y_train[:32], epochs=1,
                    validation_data=(X_valid, y_valid), verbose=0)
score = model.evaluate(X_test[:16], y_test[:16], verbose=0)
