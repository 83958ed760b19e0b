# In the style of Hands-On Machine Learning (Geron, 3rd ed.), chapter 11
# "Training Deep Neural Networks": a deep self-normalizing net built in a loop, then
# "Monte Carlo (MC) Dropout": the model rebuilt from its own layers, every Dropout swapped for
# a subclass that stays on at inference (github.com/ageron/handson-ml3,
# 11_training_deep_neural_networks.ipynb). Our own code; load_data() is served random arrays of
# the documented shapes by the corpus runner.
import numpy as np
import tensorflow as tf

fashion_mnist = tf.keras.datasets.fashion_mnist.load_data()
(X_train_full, y_train_full), (X_test, y_test) = fashion_mnist
X_train, y_train = X_train_full[:-16] / 255.0, y_train_full[:-16]
X_valid, y_valid = X_train_full[-16:] / 255.0, y_train_full[-16:]

tf.random.set_seed(42)
deep_model = tf.keras.Sequential()
deep_model.add(tf.keras.layers.Flatten(input_shape=[28, 28]))
for layer in range(100):
    deep_model.add(tf.keras.layers.Dense(16, activation="selu", kernel_initializer="lecun_normal"))
deep_model.add(tf.keras.layers.Dense(10, activation="softmax"))
deep_model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")

model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=[28, 28]),
    tf.keras.layers.Dropout(rate=0.2),
    tf.keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal"),
    tf.keras.layers.Dropout(rate=0.2),
    tf.keras.layers.Dense(32, activation="relu", kernel_initializer="he_normal"),
    tf.keras.layers.AlphaDropout(rate=0.1),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="nadam", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=1, validation_data=(X_valid, y_valid), verbose=0)


class MCDropout(tf.keras.layers.Dropout):
    def call(self, inputs, training=None):
        return super().call(inputs, training=True)


class MCAlphaDropout(tf.keras.layers.AlphaDropout):
    def call(self, inputs):
        return super().call(inputs, training=True)


Dropout = tf.keras.layers.Dropout
mc_model = tf.keras.Sequential([
    MCDropout(layer.rate) if isinstance(layer, Dropout) else layer
    for layer in model.layers
])
mc_model.set_weights(model.get_weights())

mc_alpha_model = tf.keras.Sequential([
    (
        MCAlphaDropout(layer.rate)
        if isinstance(layer, tf.keras.layers.AlphaDropout)
        else layer
    )
    for layer in mc_model.layers
])

y_probas = np.stack([mc_alpha_model(X_test[:8], training=False) for sample in range(4)])
y_proba = y_probas.mean(axis=0)
